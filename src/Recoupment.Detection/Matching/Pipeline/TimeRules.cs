using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Matching.Pipeline;

/// <summary>
/// Stage 2, the rules time alone closes (R9 window, R16 stale forward balances, R26 windows): run before each remittance of a
/// partition for the partition, as of its date, and for everything at <see cref="RecoupmentEngine.Complete"/>.
/// Its only memory is, per partition, the last day stale balances were looked for.
/// </summary>
internal sealed class TimeRules(MatchingServices services)
{
    private readonly Dictionary<PartitionKey, DateOnly> _staleCheckedOn = [];

    private IClaimLedger Ledger => services.Ledger;

    /// <summary>What time closed in the partition before a remittance dated <paramref name="date"/>.</summary>
    public void Apply(PartitionKey partition, DateOnly date, DocumentContext context)
    {
        foreach (var pending in Ledger.PendingReversalsDueBefore(partition, date))
        {
            context.Events.Add(FullTakeback(pending));
            Ledger.RemovePendingReversal(pending);
        }
        // Checked once per partition and day: forward balances are few, remittances many.
        if (_staleCheckedOn.TryGetValue(partition, out var last) && last >= date) return;
        _staleCheckedOn[partition] = date;
        foreach (var receivable in Ledger.OpenReceivables(partition))
        {
            if (Stale(receivable, date) is { } stale) context.Events.Add(stale);
        }
    }

    /// <summary>What time closed everywhere as of <paramref name="asOf"/>.</summary>
    public List<RecoupmentEvent> Complete(DateOnly asOf)
    {
        var events = new List<RecoupmentEvent>();
        foreach (var pending in Ledger.PendingReversalsDueBefore(null, asOf))
        {
            events.Add(FullTakeback(pending));
            Ledger.RemovePendingReversal(pending);
        }
        foreach (var receivable in Ledger.AllOpenReceivables())
        {
            if (Stale(receivable, asOf) is { } stale) events.Add(stale);
        }
        return events;
    }

    /// <summary>R9: no correction within the window: the whole original payment was taken back.</summary>
    private ClaimRecoupment FullTakeback(PendingReversal pending)
    {
        var reversal = pending.Reversal;
        var original = pending.OriginalClaimId is { } id ? Ledger.GetClaim(id) : null;
        var (cause, carcs) = RootCauseClassifier.Classify(original, reversal, null);
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
            Amount = Math.Max(0, -reversal.Paid),
            Mode = RecoupmentMode.FullTakeback,
            Confidence = MatchConfidence.High,
            RootCause = cause,
            CarcCodes = carcs,
            AppealDeadline = services.AppealDeadline(reversal.Partition.PayerId, reversal.FilingIndicator, reversal.RemittanceDate),
            RelatedEventId = pending.ReversalEventId,
            LookbackViolation = services.LookbackViolation(pending.Partition.PayerId, original?.RemittanceDate, reversal.RemittanceDate),
            Note = $"No correction within {services.Options.CorrectionWindowDays} days of the reversal: the whole original payment was taken back.",
        };
    }

    /// <summary>R16: a forward balance open longer than the stale window, reported once.</summary>
    private ForwardBalanceStale? Stale(Receivable receivable, DateOnly asOf)
    {
        if (receivable.Code != "FB" || receivable.StaleReported || receivable.OpenedDate is not { } opened) return null;
        if (asOf.DayNumber - opened.DayNumber <= services.Options.ForwardBalanceStaleDays) return null;
        receivable.StaleReported = true;
        Ledger.UpdateReceivable(receivable);
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
            Note = $"Forward balance not applied within {services.Options.ForwardBalanceStaleDays} days (open since {receivable.OpenedDate:yyyy-MM-dd}).",
        };
    }
}
