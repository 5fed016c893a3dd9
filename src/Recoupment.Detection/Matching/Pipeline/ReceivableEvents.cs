using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using static Recoupment.Detection.Matching.Pipeline.MatchingServices;
using Lists = Recoupment.Detection.Era835.CodeLists.CodeLists;

namespace Recoupment.Detection.Matching.Pipeline;

/// <summary>
/// Stage 7, receivable events: one event (or a few) per PLB entry of the plan, and the ledger's receivables: refund
/// acknowledgements (R18), unsolicited refunds, write-offs (R19), receivables opened (R14, R27 deferrals, R12 forward
/// balances, R16 roll-overs), collections (R14, R15 FIFO and over-collection, forward balances applied), letter-based
/// recoveries against a claim (R13), affiliated offsets (R21), unmatched recoveries (R22, R23) and other PLB codes (R20).
/// </summary>
internal sealed class ReceivableEvents(MatchingServices services)
{
    private IClaimLedger Ledger => services.Ledger;

    public void Emit(DocumentContext context, ClaimOutcome claims, AdjustmentPlan plan)
    {
        var hasInterest = plan.HasInterest;
        foreach (var entry in plan.Entries)
        {
            if (entry.ConsumedByPartner) continue;
            var code = entry.Code;
            if (entry.Partner is not null)
            {
                if (code == "72") EmitRefundAcknowledged(context, entry);
                else EmitWriteOff(context, entry);
            }
            else if (code == "72")
            {
                EmitRefundAcknowledged(context, entry);
            }
            else if (code == "B2" && entry.Amount < 0)
            {
                EmitUnsolicitedRefund(context, entry);
            }
            else if (entry.Amount < 0 && ProviderAdjustmentAnalysis.OpeningCodes.Contains(code))
            {
                OpenReceivable(context, claims, entry);
            }
            else if (entry.Amount > 0 && ProviderAdjustmentAnalysis.CollectingCodes.Contains(code))
            {
                Collect(context, entry, hasInterest);
            }
            else if (entry.Amount != 0)
            {
                EmitProviderLevelAdjustment(context, entry);
            }
        }
    }

    private T Plb<T>(PlbEntry entry, T e)
        where T : RecoupmentEvent =>
        (T)(e with { ProviderId = entry.Adjustment.ProviderId, PlbReasonCode = entry.Code, PlbReference = entry.Adjustment.Reference });

    private void EmitRefundAcknowledged(DocumentContext context, PlbEntry entry)
    {
        var receivable = FindReceivables(context.Document.Partition, (entry.Partner ?? entry).Reference).FirstOrDefault();
        var claim = receivable is null ? ResolveClaim(context.Document.Partition, entry.Reference) : null;
        if (entry.Partner is null)
        {
            services.Report(context.Document, DiagnosticCodes.RefundAcknowledgedUnpaired, DiagnosticSeverity.Warning,
                "A PLB 72 (authorized return) has no WO or FB entry with the same reference and amount in its remittance.");
        }
        if (receivable is not null)
        {
            // The provider's check settles what was owed: no cash is recouped.
            receivable.Collected = receivable.Amount;
            receivable.Status = ReceivableStatus.SatisfiedByProviderCheck;
            Ledger.UpdateReceivable(receivable);
        }
        context.Add(Plb(entry, new RefundAcknowledged
        {
            ClaimId = receivable?.ClaimId ?? claim?.PatientControlNumber,
            PayerClaimNumber = receivable?.PayerClaimNumber ?? claim?.PayerClaimNumber,
            OriginalPayerClaimNumber = receivable?.PayerClaimNumber ?? claim?.PayerClaimNumber,
            OriginalPaidAmount = receivable?.OriginalPaidAmount ?? claim?.Paid,
            OriginalRemittanceTrace = receivable?.OriginalRemittanceTrace ?? claim?.RemittanceTrace,
            Amount = -entry.Amount,
            RemainingAmount = receivable is null ? null : 0,
            Confidence = entry.Partner is null ? MatchConfidence.Medium : MatchConfidence.High,
            RelatedEventId = receivable?.OpenedEventId,
            Note = receivable is null
                ? entry.Partner is null ? "Refund acknowledged without a WO/FB partner." : "The provider's refund check was acknowledged; no cash was recouped."
                : "The provider's refund check satisfied the receivable; no cash was recouped.",
        }));
    }

    private void EmitWriteOff(DocumentContext context, PlbEntry entry)
    {
        var receivable = FindReceivables(context.Document.Partition, entry.Partner!.Reference).FirstOrDefault();
        if (receivable is not null)
        {
            receivable.Status = ReceivableStatus.WrittenOff;
            Ledger.UpdateReceivable(receivable);
        }
        context.Add(Plb(entry, new ReceivableWrittenOff
        {
            ClaimId = receivable?.ClaimId,
            PayerClaimNumber = receivable?.PayerClaimNumber,
            OriginalPaidAmount = receivable?.OriginalPaidAmount,
            OriginalRemittanceTrace = receivable?.OriginalRemittanceTrace,
            Amount = -entry.Amount,
            RemainingAmount = receivable is null ? null : 0,
            Confidence = MatchConfidence.High,
            RelatedEventId = receivable?.OpenedEventId,
            Note = $"The payer wrote off the {entry.Partner.Code} receivable {entry.Partner.Adjustment.Reference}.",
        }));
    }

    private void EmitUnsolicitedRefund(DocumentContext context, PlbEntry entry)
    {
        var amount = -entry.Amount;
        var receivable = FindReceivables(context.Document.Partition, entry.Reference).FirstOrDefault();
        if (receivable is not null)
        {
            receivable.Collected += Math.Min(amount, receivable.Remaining);
            if (receivable.Remaining == 0) receivable.Status = ReceivableStatus.SatisfiedByProviderCheck;
            Ledger.UpdateReceivable(receivable);
        }
        context.Add(Plb(entry, new UnsolicitedRefundApplied
        {
            ClaimId = receivable?.ClaimId,
            PayerClaimNumber = receivable?.PayerClaimNumber,
            OriginalPaidAmount = receivable?.OriginalPaidAmount,
            Amount = amount,
            RemainingAmount = receivable?.Remaining,
            Confidence = MatchConfidence.High,
            RelatedEventId = receivable?.OpenedEventId,
            Note = receivable is null ? "Unsolicited refund check acknowledged (B2)." : $"Unsolicited refund applied to the open {receivable.Code} {receivable.Reference}.",
        }));
    }

    // ---- Receivables (R14–R17, R21) ------------------------------------------------------------------------------

    private void OpenReceivable(DocumentContext context, ClaimOutcome claims, PlbEntry entry)
    {
        var document = context.Document;
        var amount = -entry.Amount;
        var pair = entry.DefersPair;
        var claim = pair?.Original ?? pair?.Reversal ?? ResolveClaim(document.Partition, entry.Reference);
        var isForwardBalance = entry.Code == "FB";

        string? rolledEventId = null;
        if (isForwardBalance)
        {
            if (pair is null && !string.Equals(ClaimKeys.Normalize(entry.Adjustment.Reference), ClaimKeys.Normalize(document.Trace), StringComparison.Ordinal))
            {
                services.Report(document, DiagnosticCodes.NonStandardReference, DiagnosticSeverity.Warning,
                    "A forward balance (FB) reference is not the TRN02 of the remittance that creates it (RFI-1114).");
            }
            rolledEventId = context.Add(Plb(entry, new ForwardBalanceCreated
            {
                ClaimId = claim?.PatientControlNumber,
                PayerClaimNumber = claim?.PayerClaimNumber,
                Amount = amount,
                RemainingAmount = amount,
                Confidence = MatchConfidence.High,
                Note = pair is null
                    ? LinkedClaimsNote(claims)
                    : "Medicare-style FB offsetting the net adjustment of the reversal; collected later (often by WO).",
            })).EventId;
            if (entry.RolledFrom is { } from)
            {
                context.Add(Plb(entry, new ForwardBalanceRolled
                {
                    Amount = amount,
                    RemainingAmount = amount,
                    FromReference = from,
                    ToReference = entry.Adjustment.Reference,
                    Confidence = MatchConfidence.High,
                    RelatedEventId = rolledEventId,
                    Note = $"The balance {from} was applied and {Money(amount)} carried on as {entry.Adjustment.Reference}.",
                }));
            }
        }

        var original = pair?.Original ?? claim;
        var opened = context.Add(Plb(entry, new ReceivableOpened
        {
            ClaimId = claim?.PatientControlNumber,
            PayerClaimNumber = claim?.PayerClaimNumber,
            OriginalPayerClaimNumber = original?.PayerClaimNumber,
            OriginalRemittanceTrace = original?.RemittanceTrace,
            OriginalPaidAmount = pair?.OriginalPaid ?? original?.Paid,
            Amount = amount,
            RemainingAmount = amount,
            Mode = pair is null ? RecoupmentMode.None : RecoupmentMode.Deferred,
            Confidence = MatchConfidence.High,
            AppealDeadline = services.AppealDeadline(document.Partition.PayerId, claim?.FilingIndicator, document.Date),
            RelatedEventId = (pair is null ? null : claims.RecoupmentEventOf(pair)) ?? rolledEventId,
            Note = pair is not null
                ? "Deferred recoupment: the money is returned now and owed later."
                : isForwardBalance ? "Forward balance: the shortfall is owed from a later remittance." : null,
        }));

        var chain = isForwardBalance && entry.RolledFrom is { } rolledFrom
            ? FindReceivableChain(document.Partition, rolledFrom) ?? rolledFrom
            : entry.Adjustment.Reference;
        var receivable = new Receivable
        {
            Partition = document.Partition,
            Code = entry.Code,
            Reference = entry.Adjustment.Reference,
            ProviderId = entry.Adjustment.ProviderId,
            Amount = amount,
            OpenedDate = document.Date,
            DocumentId = document.DocumentId,
            RemittanceTrace = document.Trace,
            OpenedEventId = opened.EventId,
            ChainId = chain,
            ClaimId = claim?.PatientControlNumber,
            PayerClaimNumber = claim?.PayerClaimNumber,
            OriginalPaidAmount = pair?.OriginalPaid ?? original?.Paid,
            OriginalRemittanceTrace = original?.RemittanceTrace,
            AppealDeadline = opened.AppealDeadline,
        };
        var keys = entry.Reference.Keys.ToList();
        foreach (var number in new[] { claim?.PayerClaimNumber, pair?.Correction?.PayerClaimNumber })
        {
            var key = ClaimKeys.Normalize(number);
            if (key.Length > 0 && !keys.Contains(key)) keys.Add(key);
        }
        Ledger.AddReceivable(receivable, keys);
    }

    private string? FindReceivableChain(PartitionKey partition, string reference) =>
        Ledger.FindOpenReceivables(partition, ClaimKeys.Normalize(reference)).FirstOrDefault()?.ChainId;

    private static string LinkedClaimsNote(ClaimOutcome outcome)
    {
        var claims = outcome.Netted.Select(n => n.Claim.PayerClaimNumber).Where(n => n is not null).Distinct().ToList();
        return claims.Count == 0
            ? "The remittance netted negative; the shortfall is carried to a later remittance."
            : $"The remittance netted negative; carried shortfall from the takebacks of {string.Join(", ", claims)} (derived attribution).";
    }

    private IReadOnlyList<Receivable> FindReceivables(PartitionKey partition, ParsedReference reference)
    {
        foreach (var key in reference.Keys)
        {
            var found = Ledger.FindOpenReceivables(partition, key);
            if (found.Count > 0) return found.OrderBy(r => r.Id).ToList();
        }
        return [];
    }

    private void Collect(DocumentContext context, PlbEntry entry, bool hasInterest)
    {
        var document = context.Document;
        var receivables = FindReceivables(document.Partition, entry.Reference);
        if (receivables.Count == 0)
        {
            if (entry.Code == "FB" && ForwardBalanceWithoutReceivable(context, entry)) return;
            CollectWithoutReceivable(context, entry);
            return;
        }

        // FIFO across receivables with the same reference (R15); what exceeds them all is over-collection.
        var left = entry.Amount;
        Receivable? last = null;
        foreach (var receivable in receivables)
        {
            if (left <= 0) break;
            last = receivable;
            var applied = Math.Min(left, receivable.Remaining);
            if (applied <= 0) continue;
            left -= applied;
            receivable.Collected += applied;
            EmitCollection(context, entry, receivable, applied);
        }
        if (left > 0 && last is not null)
        {
            last.Collected += left;
            context.Add(Plb(entry, new RecoupmentOverCollected
            {
                ClaimId = last.ClaimId,
                PayerClaimNumber = last.PayerClaimNumber,
                OriginalPaidAmount = last.OriginalPaidAmount,
                OriginalRemittanceTrace = last.OriginalRemittanceTrace,
                Amount = left,
                RemainingAmount = 0,
                Confidence = MatchConfidence.High,
                RelatedEventId = last.OpenedEventId,
                Note = hasInterest
                    ? "InterestOnOverpayment: the collection exceeds the receivable and the remittance carries interest."
                    : "The collection exceeds the receivable.",
            }));
        }
        foreach (var receivable in receivables.Where(r => r.Collected > 0))
        {
            Ledger.UpdateReceivable(receivable);
        }
    }

    private void EmitCollection(DocumentContext context, PlbEntry entry, Receivable receivable, decimal applied)
    {
        var affiliated = AffiliationOf(context.Document, entry, receivable.ProviderId);
        if (entry.Code == "FB" && receivable.Code == "FB")
        {
            context.Add(Plb(entry, new ForwardBalanceApplied
            {
                ClaimId = receivable.ClaimId,
                PayerClaimNumber = receivable.PayerClaimNumber,
                OriginalRemittanceTrace = receivable.RemittanceTrace,
                Amount = applied,
                RemainingAmount = receivable.Remaining,
                Confidence = MatchConfidence.High,
                RelatedEventId = receivable.OpenedEventId,
                Note = $"Forward balance created in remittance {receivable.RemittanceTrace} applied.",
            }));
        }
        else
        {
            context.Add(Plb(entry, new RecoupmentCollected
            {
                ClaimId = receivable.ClaimId,
                PayerClaimNumber = receivable.PayerClaimNumber,
                OriginalPayerClaimNumber = receivable.PayerClaimNumber,
                OriginalRemittanceTrace = receivable.OriginalRemittanceTrace,
                OriginalPaidAmount = receivable.OriginalPaidAmount,
                Amount = applied,
                RemainingAmount = receivable.Remaining,
                Confidence = MatchConfidence.High,
                AppealDeadline = receivable.AppealDeadline,
                RelatedEventId = receivable.OpenedEventId,
                Note = receivable.Code == entry.Code ? null : $"Cross-code pairing: {receivable.Code} receivable collected by {entry.Code}.",
            }));
        }
        if (affiliated is not null) EmitAffiliatedOffset(context, entry, applied, affiliated, receivable.ClaimId, receivable.PayerClaimNumber, receivable.OpenedEventId);
        if (receivable.Remaining == 0)
        {
            receivable.Status = ReceivableStatus.Completed;
            context.Add(Plb(entry, new RecoupmentCompleted
            {
                ClaimId = receivable.ClaimId,
                PayerClaimNumber = receivable.PayerClaimNumber,
                OriginalPayerClaimNumber = receivable.PayerClaimNumber,
                OriginalRemittanceTrace = receivable.OriginalRemittanceTrace,
                OriginalPaidAmount = receivable.OriginalPaidAmount,
                Amount = receivable.Amount,
                RemainingAmount = 0,
                Confidence = MatchConfidence.High,
                RelatedEventId = receivable.OpenedEventId,
                Note = $"The {receivable.Code} receivable {receivable.Reference} opened in remittance {receivable.RemittanceTrace} is collected in full.",
            }));
        }
    }

    /// <summary>
    /// A positive FB with no open balance of its reference: a forward balance from an earlier remittance being applied,
    /// when its reference is the trace of an earlier remittance of the partition, or (naming no claim either) any balance
    /// id other than this remittance's own trace. Its creation may be outside the ledger (an earlier file not read).
    /// </summary>
    private bool ForwardBalanceWithoutReceivable(DocumentContext context, PlbEntry entry)
    {
        var document = context.Document;
        var reference = ClaimKeys.Normalize(entry.Adjustment.Reference);
        if (reference.Length == 0 || reference == ClaimKeys.Normalize(document.Trace)) return false;
        var creator = Ledger.FindDocumentsByTrace(document.Partition, entry.Adjustment.Reference!.Trim())
            .Where(d => d.DocumentId != document.DocumentId).OrderBy(d => d.Date).FirstOrDefault();
        if (creator is null && ResolveClaim(document.Partition, entry.Reference) is not null) return false;
        context.Add(Plb(entry, new ForwardBalanceApplied
        {
            OriginalRemittanceTrace = creator?.Trace,
            Amount = entry.Amount,
            Confidence = creator is null ? MatchConfidence.Medium : MatchConfidence.High,
            Note = creator is null
                ? $"Forward balance {entry.Adjustment.Reference} applied; its creation is not in the ledger (an earlier remittance not read)."
                : $"Forward balance {entry.Adjustment.Reference} of remittance {creator.Trace} ({creator.Date:yyyy-MM-dd}) applied; no open balance of that reference was in the ledger.",
        }));
        return true;
    }

    /// <summary>No open receivable: a letter-based or immediate recovery straight against a claim (R14), else unmatched (R22, R23).</summary>
    private void CollectWithoutReceivable(DocumentContext context, PlbEntry entry)
    {
        var document = context.Document;
        var claim = ResolveClaim(document.Partition, entry.Reference);
        if (claim is not null)
        {
            var date = document.Date;
            var lookback = services.LookbackViolation(document.Partition.PayerId, claim.RemittanceDate, date);
            var recoupment = context.Add(Plb(entry, new ClaimRecoupment
            {
                ClaimId = claim.PatientControlNumber,
                PayerClaimNumber = claim.PayerClaimNumber,
                OriginalPayerClaimNumber = claim.PayerClaimNumber,
                OriginalRemittanceTrace = claim.RemittanceTrace,
                OriginalPaidAmount = claim.Paid,
                Amount = entry.Amount,
                Mode = RecoupmentMode.ProviderLevel,
                Confidence = MatchConfidence.High,
                RootCause = RootCause.Unknown,
                AppealDeadline = services.AppealDeadline(document.Partition.PayerId, claim.FilingIndicator, date),
                LookbackViolation = lookback,
                Note = Join("Provider-level recovery with no deferral before it (letter-based or immediate recoupment).", lookback,
                    services.AppealNote(document.Partition.PayerId, claim.FilingIndicator, date)),
            }));
            if (AffiliationOf(document, entry, claim.ProviderId) is { } affiliated)
            {
                EmitAffiliatedOffset(context, entry, entry.Amount, affiliated, claim.PatientControlNumber, claim.PayerClaimNumber, recoupment.EventId);
            }
            return;
        }

        var reason = entry.Reference.IsUnparseable ? UnmatchedReason.ReferenceUnparseable : UnmatchedReason.OriginalNotInLedger;
        var proposed = services.Options.LowConfidenceFallback ? AmountOnlyCandidate(document, entry.Amount) : null;
        var affiliateHint = entry.Adjustment.ProviderId != document.PayeeNpi && document.PayeeNpi is not null ? " PossibleAffiliate." : "";
        var unmatched = context.Add(Plb(entry, new UnmatchedRecoupment
        {
            ClaimId = proposed?.PatientControlNumber,
            PayerClaimNumber = proposed?.PayerClaimNumber,
            OriginalPayerClaimNumber = proposed?.PayerClaimNumber,
            OriginalRemittanceTrace = proposed?.RemittanceTrace,
            OriginalPaidAmount = proposed?.Paid,
            Amount = entry.Amount,
            Mode = RecoupmentMode.ProviderLevel,
            Confidence = proposed is null ? MatchConfidence.None : MatchConfidence.Low,
            RootCause = RootCause.Unknown,
            AppealDeadline = services.AppealDeadline(document.Partition.PayerId, null, document.Date),
            Reason = reason,
            Note = (reason == UnmatchedReason.ReferenceUnparseable
                       ? "The reference does not name a claim."
                       : "No claim in the ledger matches the reference.")
                   + (proposed is null ? "" : " Proposed match by amount only (Low confidence); not confirmed, nothing closed.")
                   + affiliateHint,
        }));
        var keys = entry.Reference.Keys.ToList();
        services.Suspend(context, unmatched, keys);
    }

    /// <summary>R23: a single ledger claim paid exactly this amount within the look-back; never closes anything.</summary>
    private LedgerClaim? AmountOnlyCandidate(RemittanceDocument document, decimal amount)
    {
        var since = document.EffectiveDate.AddDays(-services.Options.FallbackLookbackDays);
        var candidates = Ledger.FindClaims(document.Partition, new ClaimKey(ClaimKeyKind.PaidAmount, ClaimKeys.Money(amount)))
            .Where(c => c.State == LedgerClaimState.Active && c.RemittanceDate is { } d && d >= since && d <= document.EffectiveDate)
            .Take(2)
            .ToList();
        return candidates.Count == 1 ? candidates[0] : null;
    }

    /// <summary>R13: the claim a reference names, through each token: CLP07, then REF*F8, then CLP01 (with the date of service when given).</summary>
    private LedgerClaim? ResolveClaim(PartitionKey partition, ParsedReference reference)
    {
        foreach (var token in reference.Keys)
        {
            var byIcn = Ledger.FindClaims(partition, new ClaimKey(ClaimKeyKind.PayerClaimNumber, token));
            if (byIcn.Count > 0) return Latest(byIcn);
        }
        foreach (var token in reference.Keys)
        {
            var byOriginal = Ledger.FindClaims(partition, new ClaimKey(ClaimKeyKind.OriginalReference, token));
            if (byOriginal.Count > 0) return Latest(byOriginal);
        }
        foreach (var token in reference.Tokens)
        {
            var byPcn = Ledger.FindClaims(partition, new ClaimKey(ClaimKeyKind.PatientControlNumber, token));
            if (reference.ServiceDate is { } dos) byPcn = byPcn.Where(c => c.ServiceFrom == dos).ToList();
            if (byPcn.Count == 1 || (byPcn.Count > 1 && reference.ServiceDate is not null)) return Latest(byPcn);
        }
        return null;

        static LedgerClaim Latest(IReadOnlyList<LedgerClaim> claims) =>
            claims.OrderBy(c => c.State == LedgerClaimState.Active ? 0 : 1).ThenByDescending(c => c.RemittanceDate).ThenByDescending(c => c.Id).First();
    }

    /// <summary>R21: the provider that owed the money when another was charged under the same tax ID (or code OB).</summary>
    private string? AffiliationOf(RemittanceDocument document, PlbEntry entry, string? owedBy)
    {
        var takenFrom = entry.Adjustment.ProviderId;
        if (entry.Code == "OB") return owedBy ?? "unknown affiliate";
        if (string.IsNullOrEmpty(owedBy) || string.IsNullOrEmpty(takenFrom) || owedBy == takenFrom) return null;
        var tinFrom = Ledger.TaxIdOf(takenFrom) ?? (takenFrom == document.PayeeNpi ? document.PayeeTaxId : null);
        var tinFor = Ledger.TaxIdOf(owedBy);
        return tinFrom is not null && tinFrom == tinFor ? owedBy : null;
    }

    private void EmitAffiliatedOffset(DocumentContext context, PlbEntry entry, decimal amount, string owedBy, string? claimId, string? payerClaimNumber, string relatedEventId) =>
        context.Add(Plb(entry, new AffiliatedOffset
        {
            ClaimId = claimId,
            PayerClaimNumber = payerClaimNumber,
            Amount = amount,
            FromProvider = entry.Adjustment.ProviderId,
            ForProvider = owedBy,
            Confidence = MatchConfidence.High,
            RelatedEventId = relatedEventId,
            Note = $"Taken from provider {entry.Adjustment.ProviderId} for a debt of affiliated provider {owedBy} under the same tax ID.",
        }));

    private void EmitProviderLevelAdjustment(DocumentContext context, PlbEntry entry)
    {
        var category = Lists.ProviderAdjustmentReasons.CategoryOf(entry.Code) ?? "Other";
        string? note = null;
        LedgerClaim? claim = null;
        if (entry.Code == "CS")
        {
            var text = (entry.Adjustment.Reference ?? "").ToUpperInvariant();
            note = text.Contains("VOID", StringComparison.Ordinal) || text.Contains("REISSUE", StringComparison.Ordinal) ? "Void and reissue."
                : text.Contains("GARNISH", StringComparison.Ordinal) || text.Contains("LEVY", StringComparison.Ordinal) ? "Garnishment or levy."
                : null;
        }
        else if (entry.Code is "L6" or "51" && ResolveClaim(context.Document.Partition, entry.Reference) is { } interestClaim)
        {
            // Interest tied to a claim that was reversed or corrected: typically interest paid after an appeal won.
            claim = interestClaim;
            if (interestClaim.CorrectionOfClaimId is not null || interestClaim.State == LedgerClaimState.Reversed) note = "AppealInterest: interest on a claim that was recouped and re-adjudicated.";
        }
        context.Add(Plb(entry, new ProviderLevelAdjustment
        {
            ClaimId = claim?.PatientControlNumber,
            PayerClaimNumber = claim?.PayerClaimNumber,
            Amount = Math.Abs(entry.Amount),
            Mode = entry.Amount < 0 ? RecoupmentMode.Increase : RecoupmentMode.Decrease,
            Category = category,
            Note = Join($"{category}: {Lists.ProviderAdjustmentReasons.Describe(entry.Code)}.", note),
        }));
    }
}
