using Recoupment.Detection.Matching.Events;
using static Recoupment.Detection.Matching.Pipeline.MatchingServices;

namespace Recoupment.Detection.Matching.Pipeline;

/// <summary>
/// Stage 6, R11: takebacks netted in a remittance were funded by its other claims' payments (corrections, repeats,
/// cancelled payments and reversals excluded), allocated greedily in claim order: one <see cref="CrossClaimOffset"/> per
/// takeback, for the part so funded. Pure: events from the plans, nothing read or written elsewhere.
/// </summary>
internal static class CrossClaimOffsets
{
    public static void Emit(DocumentContext context, ClaimPlan plan, ClaimOutcome outcome)
    {
        if (outcome.Netted.Count == 0) return;
        var pool = 0m;
        foreach (var c in context.Document.Claims)
        {
            if (c.Paid > 0 && plan.RoleOf(c) == ClaimRole.Paid) pool += c.Paid;
        }
        foreach (var (claim, amount, eventId, pair) in outcome.Netted)
        {
            var funded = Math.Min(amount, pool);
            if (funded <= 0) continue;
            pool -= funded;
            context.Add(new CrossClaimOffset
            {
                ClaimId = claim.PatientControlNumber,
                PayerClaimNumber = claim.PayerClaimNumber,
                OriginalPayerClaimNumber = pair is null ? null : pair.Original?.PayerClaimNumber ?? claim.PayerClaimNumber,
                OriginalRemittanceTrace = pair?.Original?.RemittanceTrace,
                OriginalPaidAmount = pair?.OriginalPaid,
                Amount = funded,
                RelatedEventId = eventId,
                Note = funded < amount
                    ? $"Only {Money(funded)} of the {Money(amount)} taken back was funded by other claims of this remittance (notional allocation)."
                    : "Funded by other claims of this remittance (notional allocation in claim order).",
            });
        }
    }
}
