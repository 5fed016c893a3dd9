using System.Globalization;
using System.Runtime.CompilerServices;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Matching.Policies;
using Lists = Recoupment.Detection.Era835.CodeLists.CodeLists;

namespace Recoupment.Detection.Matching;

/// <summary>
/// The matching engine (RECOUPMENT-RULES §7, R1–R29): pairs every reversal, provider-level recovery, refund and offset
/// of a remittance with the original paid claim held in the <see cref="IClaimLedger"/>, and emits typed events.
/// </summary>
/// <remarks>
/// <para>One remittance (835 transaction) at a time: claims first, then PLB adjustments (R24). Every lookup is an exact
/// hash lookup by normalised key, so the cost per claim does not grow with the ledger.</para>
/// <para>Deterministic: events and their ids derive from the remittances' content. Process remittances in
/// <see cref="RemittanceDocument.ProcessingOrder"/> (as <see cref="RemittanceScanner"/> does) and the same set gives the
/// same events whatever order the files arrived in; a remittance seen twice changes nothing
/// (<see cref="DuplicateRemittanceIgnored"/>).</para>
/// </remarks>
public sealed partial class RecoupmentEngine
{
    private static readonly HashSet<string> OpeningCodes = ["WO", "FB", "PI", "AP"];
    private static readonly HashSet<string> CollectingCodes = ["WO", "FB", "PI", "AP", "OB", "WU", "TL"];

    private readonly IClaimLedger _ledger;
    private readonly RecoupmentOptions _options;
    private readonly IDiagnosticSink? _diagnostics;
    private readonly Dictionary<PartitionKey, DateOnly> _staleCheckedOn = [];
    private readonly Dictionary<string, int> _duplicatesSeen = new(StringComparer.Ordinal);

    /// <summary>Creates an engine over a ledger.</summary>
    /// <param name="ledger">The claim ledger: empty for a first run, or a durable one from earlier runs.</param>
    /// <param name="options">Matching options; <see cref="RecoupmentOptions.Default"/> when null.</param>
    /// <param name="diagnostics">Receives matching diagnostics (trace numbers reused, non-standard references...).</param>
    public RecoupmentEngine(IClaimLedger ledger, RecoupmentOptions? options = null, IDiagnosticSink? diagnostics = null)
    {
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _options = options ?? RecoupmentOptions.Default;
        _diagnostics = diagnostics;
    }

    /// <summary>Raised for every event, in order, as soon as its remittance is processed.</summary>
    public event Action<RecoupmentEvent>? EventEmitted;

    /// <summary>The ledger the engine works on.</summary>
    public IClaimLedger Ledger => _ledger;

    /// <summary>The options the engine runs with.</summary>
    public RecoupmentOptions Options => _options;

    /// <summary>Processes one remittance and returns its events.</summary>
    public IReadOnlyList<RecoupmentEvent> Process(RemittanceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (_ledger.ContainsDocument(document.DocumentId))
        {
            var ignored = new DuplicateRemittanceIgnored
            {
                EventId = EventIds.Create(document.DocumentId, $"duplicate:{NextDuplicate(document.DocumentId)}"),
                PayerId = document.Partition.PayerId,
                PayeeId = document.Partition.PayeeId,
                ProviderId = document.PayeeNpi,
                RemittanceTrace = document.Trace,
                RemittanceDate = document.Date,
                Amount = Math.Abs(document.TotalPayment),
                Note = "The same remittance (payer, trace number, amount, date and content) was already processed.",
            };
            _ledger.RecordEvents([ignored]);
            Raise([ignored]);
            return [ignored];
        }

        var traceReused = document.Trace is { } trace && _ledger.FindDocumentsByTrace(document.Partition, trace).Count > 0;
        var context = new DocumentContext(document, traceReused);
        if (traceReused)
        {
            Report(document, DiagnosticCodes.TraceNumberReused, DiagnosticSeverity.Warning,
                "The trace number (TRN02) of this remittance was already used by a remittance with different content; it is processed as a separate remittance.");
        }

        using (var scope = _ledger.BeginDocument(document.ToRecord()))
        {
            if (document.PayeeTaxId is { } tin && document.PayeeNpi is { } npi) _ledger.RegisterProvider(tin, npi);
            if (document.IsUnbalanced)
            {
                context.Add(new BalancingError
                {
                    Amount = Math.Abs(document.BalanceDifference),
                    Note = $"BPR02 differs from the claim payments less the provider adjustments by {Money(document.BalanceDifference)}; pairing still ran.",
                });
            }
            ExpirePendingReversals(document.Partition, document.EffectiveDate, context);
            ReportStaleForwardBalances(document.Partition, document.EffectiveDate, context);

            var plan = PairClaims(context);
            var adjustments = AnalyseProviderAdjustments(context, plan);
            EmitClaimEvents(context, plan);
            EmitCrossClaimOffsets(context, plan);
            EmitProviderAdjustmentEvents(context, plan, adjustments);

            _ledger.RecordEvents(context.Events);
            scope.Commit();
        }
        Raise(context.Events);
        return context.Events;
    }

    /// <summary>
    /// Closes what time alone closes, as of <paramref name="asOf"/>: reversals whose correction window ended become full
    /// takebacks, and forward balances older than the stale window are reported. Call at the end of a run with the date
    /// the run stands for (for example the last payment date read).
    /// </summary>
    public IReadOnlyList<RecoupmentEvent> Complete(DateOnly asOf)
    {
        var events = new List<RecoupmentEvent>();
        // One transaction on a durable ledger: a crash keeps every expiry with its event, or none (a rerun redoes them).
        using (var scope = _ledger.BeginTransaction())
        {
            foreach (var pending in _ledger.PendingReversalsDueBefore(null, asOf))
            {
                events.Add(FullTakeback(pending));
                _ledger.RemovePendingReversal(pending);
            }
            foreach (var receivable in _ledger.AllOpenReceivables())
            {
                if (Stale(receivable, asOf) is { } stale) events.Add(stale);
            }
            _ledger.RecordEvents(events);
            scope.Commit();
        }
        Raise(events);
        return events;
    }

    /// <summary>
    /// Streams events for items as they arrive (a pipeline that cannot sort): each remittance is processed as soon as
    /// its end is read. For whole batches prefer <see cref="RemittanceScanner"/>, which orders remittances first.
    /// </summary>
    public async IAsyncEnumerable<RecoupmentEvent> ProcessAsync(IAsyncEnumerable<RemittanceItem> items,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var builder = new RemittanceDocumentBuilder();
        await foreach (var item in items.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (builder.Add(item) is not { } document) continue;
            foreach (var e in Process(document)) yield return e;
        }
    }

    private int NextDuplicate(string documentId)
    {
        _duplicatesSeen[documentId] = _duplicatesSeen.GetValueOrDefault(documentId) + 1;
        return _duplicatesSeen[documentId];
    }

    private void Raise(IReadOnlyList<RecoupmentEvent> events)
    {
        var handler = EventEmitted;
        if (handler is null) return;
        foreach (var e in events) handler(e);
    }

    private void Report(RemittanceDocument document, string code, DiagnosticSeverity severity, string message) =>
        _diagnostics?.Report(new Diagnostic(code, severity, message) { File = document.File });

    // ---- Time: pending reversals and stale forward balances ----------------------------------------------------

    private void ExpirePendingReversals(PartitionKey partition, DateOnly date, DocumentContext context)
    {
        foreach (var pending in _ledger.PendingReversalsDueBefore(partition, date))
        {
            context.Events.Add(FullTakeback(pending));
            _ledger.RemovePendingReversal(pending);
        }
    }

    private ClaimRecoupment FullTakeback(PendingReversal pending)
    {
        var reversal = pending.Reversal;
        var original = pending.OriginalClaimId is { } id ? _ledger.GetClaim(id) : null;
        var (cause, carcs) = RootCauseClassifier.Classify(original, reversal, null);
        var amount = -reversal.Paid;
        return new ClaimRecoupment
        {
            EventId = EventIds.Create(reversal.DocumentId, $"takeback:{reversal.Position}"),
            PayerId = pending.Partition.PayerId,
            PayeeId = pending.Partition.PayeeId,
            ProviderId = reversal.ProviderId,
            RemittanceTrace = reversal.RemittanceTrace,
            RemittanceDate = reversal.RemittanceDate,
            ClaimId = reversal.PatientControlNumber,
            PayerClaimNumber = reversal.PayerClaimNumber,
            OriginalPayerClaimNumber = original?.PayerClaimNumber ?? reversal.PayerClaimNumber,
            OriginalRemittanceTrace = pending.OriginalRemittanceTrace,
            OriginalPaidAmount = pending.OriginalPaid,
            Amount = Math.Max(0, amount),
            Mode = RecoupmentMode.FullTakeback,
            Confidence = MatchConfidence.High,
            RootCause = cause,
            CarcCodes = carcs,
            AppealDeadline = AppealDeadline(reversal.Partition.PayerId, reversal.FilingIndicator, reversal.RemittanceDate),
            RelatedEventId = pending.ReversalEventId,
            LookbackViolation = LookbackViolation(pending.Partition.PayerId, original?.RemittanceDate, reversal.RemittanceDate),
            Note = $"No correction within {_options.CorrectionWindowDays} days of the reversal: the whole original payment was taken back.",
        };
    }

    private void ReportStaleForwardBalances(PartitionKey partition, DateOnly date, DocumentContext context)
    {
        // Checked once per partition and day: forward balances are few, remittances many.
        if (_staleCheckedOn.TryGetValue(partition, out var last) && last >= date) return;
        _staleCheckedOn[partition] = date;
        foreach (var receivable in _ledger.OpenReceivables(partition))
        {
            if (Stale(receivable, date) is { } stale) context.Events.Add(stale);
        }
    }

    private ForwardBalanceStale? Stale(Receivable receivable, DateOnly asOf)
    {
        if (receivable.Code != "FB" || receivable.StaleReported || receivable.OpenedDate is not { } opened) return null;
        if (asOf.DayNumber - opened.DayNumber <= _options.ForwardBalanceStaleDays) return null;
        receivable.StaleReported = true;
        _ledger.UpdateReceivable(receivable);
        return new ForwardBalanceStale
        {
            EventId = EventIds.Create(receivable.DocumentId, $"stale:{receivable.OpenedEventId}"),
            PayerId = receivable.Partition.PayerId,
            PayeeId = receivable.Partition.PayeeId,
            ProviderId = receivable.ProviderId,
            RemittanceTrace = receivable.RemittanceTrace,
            RemittanceDate = receivable.OpenedDate,
            ClaimId = receivable.ClaimId,
            PayerClaimNumber = receivable.PayerClaimNumber,
            Amount = receivable.Remaining,
            RemainingAmount = receivable.Remaining,
            PlbReasonCode = receivable.Code,
            PlbReference = receivable.Reference,
            RelatedEventId = receivable.OpenedEventId,
            Note = $"Forward balance not applied within {_options.ForwardBalanceStaleDays} days (open since {receivable.OpenedDate:yyyy-MM-dd}).",
        };
    }

    // ---- Policies ----------------------------------------------------------------------------------------------

    private PayerClass PayerClassOf(string payerId, string? filingIndicator)
    {
        if (filingIndicator is not null && Lists.ClaimFilingIndicators.CategoryOf(filingIndicator) is { } category
            && Enum.TryParse<PayerClass>(category, out var fromClaim))
        {
            return fromClaim;
        }
        return _options.PayerClasses.TryGetValue(payerId, out var configured) ? configured : PayerClass.Commercial;
    }

    private DateOnly? AppealDeadline(string payerId, string? filingIndicator, DateOnly? noticeDate) =>
        _options.Appeals.DeadlineFor(PayerClassOf(payerId, filingIndicator), noticeDate);

    private string? AppealNote(string payerId, string? filingIndicator, DateOnly? noticeDate) =>
        _options.Appeals.StopRecoupmentBy(PayerClassOf(payerId, filingIndicator), noticeDate) is { } stopBy
            ? $"Appeal by {stopBy:yyyy-MM-dd} to stop the recoupment."
            : null;

    private string? LookbackViolation(string payerId, DateOnly? paidOn, DateOnly? recoupedOn)
    {
        if (!_options.PayerJurisdictions.TryGetValue(payerId, out var state)) return null;
        return _options.Lookback.Violation(state, paidOn, recoupedOn) is { } limit
            ? $"RecoupmentOutsideLookback: {limit.State} allows {limit.Days} days after payment"
            : null;
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private bool Same(decimal a, decimal b) => Math.Abs(a - b) <= _options.AmountTolerance;
}
