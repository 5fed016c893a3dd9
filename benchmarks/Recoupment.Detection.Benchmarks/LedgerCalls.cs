using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Benchmarks;

/// <summary>
/// A ledger alone, given the calls the engine makes for each remittance and each paid claim: what a ledger benchmark
/// measures apart from the matching work (the same calls for every ledger).
/// </summary>
internal static class LedgerCalls
{
    /// <summary>
    /// Per remittance <c>ContainsDocument</c>, <c>FindDocumentsByTrace</c>, <c>BeginDocument</c>, <c>RegisterProvider</c>,
    /// <c>PendingReversalsDueBefore</c>, <c>OpenReceivables</c>, one event, <c>Commit</c>; per claim <c>ClaimKeys.For</c>,
    /// <c>FindPendingReversals</c> under its CLP07/F8/service keys, <c>FindClaims</c> under its duplicate key,
    /// <c>AddClaim</c>, <c>FindSuspense</c> under its CLP07/CLP01/service keys. Returns what the lookups found.
    /// </summary>
    public static int Run(IClaimLedger ledger, IReadOnlyList<RemittanceDocument> documents)
    {
        var count = 0;
        foreach (var document in documents)
        {
            if (ledger.ContainsDocument(document.DocumentId)) continue;
            if (document.Trace is { } trace) ledger.FindDocumentsByTrace(document.Partition, trace);
            using var scope = ledger.BeginDocument(document.ToRecord());
            if (document.PayeeTaxId is { } tin && document.PayeeNpi is { } npi) ledger.RegisterProvider(tin, npi);
            ledger.PendingReversalsDueBefore(document.Partition, document.EffectiveDate);
            ledger.OpenReceivables(document.Partition);
            foreach (var claim in document.Claims)
            {
                var keys = ClaimKeys.For(claim);
                foreach (var key in keys)
                {
                    if (key.Kind is ClaimKeyKind.PayerClaimNumber or ClaimKeyKind.OriginalReference or ClaimKeyKind.ServiceKey)
                    {
                        count += ledger.FindPendingReversals(claim.Partition, key.Value).Count;
                    }
                    if (key.Kind == ClaimKeyKind.DuplicateKey) count += ledger.FindClaims(claim.Partition, key).Count;
                }
                ledger.AddClaim(claim, keys);
                foreach (var key in keys)
                {
                    if (key.Kind is ClaimKeyKind.PayerClaimNumber or ClaimKeyKind.PatientControlNumber or ClaimKeyKind.ServiceKey)
                    {
                        count += ledger.FindSuspense(claim.Partition, key.Value).Count;
                    }
                }
            }
            ledger.RecordEvents([new Matching.Events.CrossClaimOffset { EventId = document.DocumentId, PayerId = document.Partition.PayerId, PayeeId = document.Partition.PayeeId, Amount = 1m }]);
            scope.Commit();
        }
        return count;
    }
}
