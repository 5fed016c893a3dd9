using System.Collections;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Sqlite;

public sealed partial class SqliteClaimLedger
{
    // The columns of the events CSV (EventRow), typed (money as decimal text with sign and scale, dates ISO, enums by
    // name), then what the concrete event types add. event_type names the record to rebuild.
    private const string EventColumns =
        "event_id, event_type, family, payer_id, payee_id, provider_id, remittance_trace, remittance_date, claim_id, payer_claim_number, " +
        "original_payer_claim_number, original_remittance_trace, original_paid_amount, amount, remaining_amount, plb_reason_code, plb_reference, " +
        "mode, confidence, root_cause, carc_codes, appeal_deadline, related_event_id, note, " +
        "delta, lookback_violation, receivable_id, from_reference, to_reference, from_provider, for_provider, category, reason";

    private const int EventColumnCount = 33;

    private RawStatement _insertEvent = null!;
    private PreparedCommand _readEvents = null!;
    private PreparedCommand _findEvent = null!;
    private EventList? _events;

    private void PrepareEvents()
    {
        _insertEvent = PrepareRaw($"INSERT INTO event ({EventColumns}) VALUES ({string.Join(", ", Enumerable.Range(1, EventColumnCount).Select(i => "?" + i))});");
        _readEvents = Prepare($"SELECT {EventColumns} FROM event ORDER BY seq LIMIT $p1 OFFSET $p0;", 2);
        _findEvent = Prepare($"SELECT {EventColumns} FROM event WHERE event_id = $p0 ORDER BY seq LIMIT 1;", 1);
    }

    /// <inheritdoc />
    /// <remarks>Outside a scope (duplicates, the engine's <c>Complete</c>) the events are written in a transaction of their own.</remarks>
    public void RecordEvents(IReadOnlyList<RecoupmentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) return;
        Write(events, static (ledger, list) =>
        {
            foreach (var e in list) ledger.InsertEvent(e);
        });
    }

    private void InsertEvent(RecoupmentEvent e)
    {
        var p = _insertEvent;
        p.Text(1, e.EventId);
        p.Text(2, e.EventType);
        p.Text(3, FamilyName(e.Family));
        p.Text(4, e.PayerId);
        p.Text(5, e.PayeeId);
        p.Text(6, e.ProviderId);
        p.Text(7, e.RemittanceTrace);
        p.Date(8, e.RemittanceDate);
        p.Text(9, e.ClaimId);
        p.Text(10, e.PayerClaimNumber);
        p.Text(11, e.OriginalPayerClaimNumber);
        p.Text(12, e.OriginalRemittanceTrace);
        p.Money(13, e.OriginalPaidAmount);
        p.Money(14, e.Amount);
        p.Money(15, e.RemainingAmount);
        p.Text(16, e.PlbReasonCode);
        p.Text(17, e.PlbReference);
        p.Text(18, e.Mode.ToString());
        p.Text(19, e.Confidence.ToString());
        p.Text(20, e.RootCause.ToString());
        p.Text(21, e.CarcCodes.Count == 0 ? "" : string.Join(';', e.CarcCodes));
        p.Date(22, e.AppealDeadline);
        p.Text(23, e.RelatedEventId);
        p.Text(24, e.Note);
        for (var i = 25; i <= EventColumnCount; i++) p.Null(i);
        switch (e)
        {
            case ClaimCorrected c:
                p.Money(25, c.Delta);
                break;
            case ClaimRecoupment c:
                p.Text(26, c.LookbackViolation);
                break;
            case ReceivableOpened c:
                p.Text(27, c.ReceivableId);
                break;
            case ForwardBalanceRolled c:
                p.Text(28, c.FromReference);
                p.Text(29, c.ToReference);
                break;
            case AffiliatedOffset c:
                p.Text(30, c.FromProvider);
                p.Text(31, c.ForProvider);
                break;
            case ProviderLevelAdjustment c:
                p.Text(32, c.Category);
                break;
            case UnmatchedRecoupment c:
                p.Text(33, c.Reason.ToString());
                break;
        }
        p.Execute();
        _eventCount++;
    }

    private static string FamilyName(EventFamily family) => family switch
    {
        EventFamily.Recoupment => nameof(EventFamily.Recoupment),
        EventFamily.Refund => nameof(EventFamily.Refund),
        EventFamily.Offset => nameof(EventFamily.Offset),
        EventFamily.Adjustment => nameof(EventFamily.Adjustment),
        EventFamily.Diagnostic => nameof(EventFamily.Diagnostic),
        _ => family.ToString(),
    };

    /// <inheritdoc />
    /// <remarks>
    /// A live view, as in memory: its <see cref="IReadOnlyCollection{T}.Count"/> is the number of events recorded
    /// (it costs nothing), and the events are read from the file when first enumerated or indexed, then only the new
    /// ones. Use it while the ledger is open.
    /// </remarks>
    public IReadOnlyList<RecoupmentEvent> Events()
    {
        ThrowIfDisposed();
        return _events ??= new EventList(this);
    }

    /// <summary>The first event recorded with this id, or null.</summary>
    /// <param name="eventId">The event id (for example a <see cref="RecoupmentEvent.RelatedEventId"/>).</param>
    public RecoupmentEvent? FindEvent(string eventId)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        ThrowIfDisposed();
        _findEvent.Set(0, eventId);
        using var reader = _findEvent.Query();
        return reader.Read() ? ReadEvent(reader) : null;
    }

    /// <summary>Appends the events after the first <c>target.Count</c> ones, up to <paramref name="count"/>.</summary>
    private void ReadEvents(List<RecoupmentEvent> target, long count)
    {
        ThrowIfDisposed();
        _readEvents.Set(0, (long)target.Count);
        _readEvents.Set(1, count - target.Count);
        using var reader = _readEvents.Query();
        while (reader.Read()) target.Add(ReadEvent(reader));
    }

    private static RecoupmentEvent ReadEvent(SqliteDataReader r)
    {
        var type = r.GetString(1);
        RecoupmentEvent e = type switch
        {
            nameof(ClaimReversed) => new ClaimReversed(),
            nameof(ClaimCorrected) => new ClaimCorrected { Delta = SqliteValues.MoneyOrNull(r, 24) ?? 0 },
            nameof(ClaimRecoupment) => new ClaimRecoupment { LookbackViolation = SqliteValues.StringOrNull(r, 25) },
            nameof(ClaimAdditionalPayment) => new ClaimAdditionalPayment(),
            nameof(ReceivableOpened) => new ReceivableOpened { ReceivableId = SqliteValues.StringOrNull(r, 26) ?? "" },
            nameof(RecoupmentCollected) => new RecoupmentCollected(),
            nameof(RecoupmentCompleted) => new RecoupmentCompleted(),
            nameof(RecoupmentOverCollected) => new RecoupmentOverCollected(),
            nameof(ForwardBalanceCreated) => new ForwardBalanceCreated(),
            nameof(ForwardBalanceApplied) => new ForwardBalanceApplied(),
            nameof(ForwardBalanceRolled) => new ForwardBalanceRolled { FromReference = SqliteValues.StringOrNull(r, 27), ToReference = SqliteValues.StringOrNull(r, 28) },
            nameof(ForwardBalanceStale) => new ForwardBalanceStale(),
            nameof(CrossClaimOffset) => new CrossClaimOffset(),
            nameof(AffiliatedOffset) => new AffiliatedOffset { FromProvider = SqliteValues.StringOrNull(r, 29), ForProvider = SqliteValues.StringOrNull(r, 30) },
            nameof(RefundAcknowledged) => new RefundAcknowledged(),
            nameof(UnsolicitedRefundApplied) => new UnsolicitedRefundApplied(),
            nameof(ReceivableWrittenOff) => new ReceivableWrittenOff(),
            nameof(ProviderLevelAdjustment) => new ProviderLevelAdjustment { Category = SqliteValues.StringOrNull(r, 31) ?? "Other" },
            nameof(UnmatchedRecoupment) => new UnmatchedRecoupment { Reason = Parse<UnmatchedReason>(SqliteValues.StringOrNull(r, 32) ?? nameof(UnmatchedReason.OriginalNotInLedger)) },
            nameof(RecoupmentLinked) => new RecoupmentLinked(),
            nameof(PossibleDuplicatePayment) => new PossibleDuplicatePayment(),
            nameof(BalancingError) => new BalancingError(),
            nameof(DuplicateRemittanceIgnored) => new DuplicateRemittanceIgnored(),
            _ => throw new InvalidDataException($"The ledger holds an event of unknown type '{type}' (written by a newer version?)."),
        };
        var carcs = r.GetString(20);
        return e with
        {
            EventId = r.GetString(0),
            PayerId = r.GetString(3),
            PayeeId = r.GetString(4),
            ProviderId = SqliteValues.StringOrNull(r, 5),
            RemittanceTrace = SqliteValues.StringOrNull(r, 6),
            RemittanceDate = SqliteValues.DateOrNull(r, 7),
            ClaimId = SqliteValues.StringOrNull(r, 8),
            PayerClaimNumber = SqliteValues.StringOrNull(r, 9),
            OriginalPayerClaimNumber = SqliteValues.StringOrNull(r, 10),
            OriginalRemittanceTrace = SqliteValues.StringOrNull(r, 11),
            OriginalPaidAmount = SqliteValues.MoneyOrNull(r, 12),
            Amount = SqliteValues.Money(r, 13),
            RemainingAmount = SqliteValues.MoneyOrNull(r, 14),
            PlbReasonCode = SqliteValues.StringOrNull(r, 15),
            PlbReference = SqliteValues.StringOrNull(r, 16),
            Mode = Parse<RecoupmentMode>(r.GetString(17)),
            Confidence = Parse<MatchConfidence>(r.GetString(18)),
            RootCause = Parse<RootCause>(r.GetString(19)),
            CarcCodes = carcs.Length == 0 ? [] : carcs.Split(';'),
            AppealDeadline = SqliteValues.DateOrNull(r, 21),
            RelatedEventId = SqliteValues.StringOrNull(r, 22),
            Note = SqliteValues.StringOrNull(r, 23),
        };
    }

    private static T Parse<T>(string value)
        where T : struct, Enum =>
        Enum.TryParse<T>(value, out var parsed)
            ? parsed
            : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"The ledger holds an unknown {typeof(T).Name} '{value}'."));

    /// <summary>The recorded events: counted in memory, read from the file on use and kept.</summary>
    private sealed class EventList(SqliteClaimLedger ledger) : IReadOnlyList<RecoupmentEvent>
    {
        private readonly List<RecoupmentEvent> _loaded = [];

        public int Count => checked((int)ledger._eventCount);

        public RecoupmentEvent this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
                return Load()[index];
            }
        }

        public IEnumerator<RecoupmentEvent> GetEnumerator()
        {
            var loaded = Load();
            var count = loaded.Count;
            for (var i = 0; i < count; i++) yield return loaded[i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>Forgets what was read (after a rollback took events back).</summary>
        public void Reset() => _loaded.Clear();

        private List<RecoupmentEvent> Load()
        {
            var count = Count;
            if (_loaded.Count < count) ledger.ReadEvents(_loaded, count);
            return _loaded;
        }
    }
}
