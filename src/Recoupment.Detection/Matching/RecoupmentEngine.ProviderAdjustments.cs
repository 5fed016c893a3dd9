using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Lists = Recoupment.Detection.Era835.CodeLists.CodeLists;

namespace Recoupment.Detection.Matching;

public sealed partial class RecoupmentEngine
{
    /// <summary>One PLB adjustment pair with its parsed reference and what it pairs with in its remittance.</summary>
    private sealed class PlbEntry
    {
        public required ProviderAdjustment Adjustment { get; init; }
        public required ParsedReference Reference { get; init; }
        public string Code => Adjustment.ReasonCode;
        public decimal Amount => Adjustment.Amount;

        /// <summary>This entry acknowledges (72) or writes off (CS) the partner; the partner has no event of its own.</summary>
        public PlbEntry? Partner { get; set; }
        public bool ConsumedByPartner { get; set; }
        public ReversalPair? DefersPair { get; set; }
        public string? RolledFrom { get; set; }
    }

    private List<PlbEntry> AnalyseProviderAdjustments(DocumentContext context, ClaimPlan plan)
    {
        var entries = context.Document.ProviderAdjustments
            .Select(a => new PlbEntry { Adjustment = a, Reference = ReferenceParser.Parse(a.Reference) })
            .ToList();

        bool Free(PlbEntry e) => e.Partner is null && !e.ConsumedByPartner;

        // R18: a 72 (−) with a WO/FB (+) of the same reference and amount acknowledges the provider's refund check.
        // R19: a CS (−) with a WO/FB (+) of the same amount (and reference, or write-off wording) is a payer write-off.
        foreach (var entry in entries)
        {
            if (entry.Amount >= 0 || entry.Code is not ("72" or "CS")) continue;
            var writeOffText = entry.Code == "CS" && (entry.Adjustment.Reference ?? "").Contains("WRITE", StringComparison.OrdinalIgnoreCase);
            var partner = entries.FirstOrDefault(p => !ReferenceEquals(p, entry) && Free(p) && p.Code is "WO" or "FB" && p.Amount > 0
                && Same(p.Amount, -entry.Amount)
                && (p.Reference.Whole == entry.Reference.Whole || (entry.Code == "CS" && writeOffText)));
            if (partner is null) continue;
            entry.Partner = partner;
            partner.ConsumedByPartner = true;
        }

        // R16: in one remittance FB(+R_prev) with FB(−R_current) continues a forward-balance chain.
        var applied = entries.FirstOrDefault(e => e.Code == "FB" && e.Amount > 0 && Free(e));
        if (applied is not null)
        {
            foreach (var created in entries.Where(e => e.Code == "FB" && e.Amount < 0 && e.Reference.Whole != applied.Reference.Whole))
            {
                created.RolledFrom = applied.Adjustment.Reference;
            }
        }

        // R27: a WO (or Medicare FB) with a negative amount in the remittance of a reversal defers its takeback:
        // linked by the reference (the reversal's or correction's CLP07), else by the amount of the net delta.
        // An FB defers only when it offsets the whole net takeback (Medicare Step I); a smaller FB naming the claim
        // carries the remittance's shortfall (R12), with a non-standard reference.
        foreach (var entry in entries.Where(e => e.Amount < 0 && OpeningCodes.Contains(e.Code) && Free(e)))
        {
            var keys = entry.Reference.Keys;
            var pair = plan.Pairs.FirstOrDefault(p => !p.Deferred && p.Takeback > 0 && (Matches(keys, p.Reversal.PayerClaimNumber) || Matches(keys, p.Correction?.PayerClaimNumber))
                                                      && (entry.Code != "FB" || Same(p.Takeback, -entry.Amount)))
                       ?? (entry.Code == "WO" ? plan.Pairs.FirstOrDefault(p => !p.Deferred && p.Takeback > 0 && Same(p.Takeback, -entry.Amount)) : null);
            if (pair is null) continue;
            pair.DeferredAmount = Math.Min(-entry.Amount, pair.Takeback);
            entry.DefersPair = pair;
        }
        return entries;
    }

    private static bool Matches(IReadOnlyCollection<string> keys, string? claimNumber)
    {
        var key = ClaimKeys.Normalize(claimNumber);
        return key.Length > 0 && keys.Contains(key);
    }

    private void EmitProviderAdjustmentEvents(DocumentContext context, ClaimPlan plan, List<PlbEntry> entries)
    {
        var hasInterest = entries.Any(e => e.Code is "L6" or "51");
        foreach (var entry in entries)
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
            else if (entry.Amount < 0 && OpeningCodes.Contains(code))
            {
                OpenReceivable(context, plan, entry);
            }
            else if (entry.Amount > 0 && CollectingCodes.Contains(code))
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
            Report(context.Document, DiagnosticCodes.RefundAcknowledgedUnpaired, DiagnosticSeverity.Warning,
                "A PLB 72 (authorized return) has no WO or FB entry with the same reference and amount in its remittance.");
        }
        if (receivable is not null)
        {
            // The provider's check settles what was owed: no cash is recouped.
            receivable.Collected = receivable.Amount;
            receivable.Status = ReceivableStatus.SatisfiedByProviderCheck;
            _ledger.UpdateReceivable(receivable);
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
            _ledger.UpdateReceivable(receivable);
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
            _ledger.UpdateReceivable(receivable);
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

    private void OpenReceivable(DocumentContext context, ClaimPlan plan, PlbEntry entry)
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
                Report(document, DiagnosticCodes.NonStandardReference, DiagnosticSeverity.Warning,
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
                    ? LinkedClaimsNote(plan)
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
            AppealDeadline = AppealDeadline(document.Partition.PayerId, claim?.FilingIndicator, document.Date),
            RelatedEventId = pair?.RecoupmentEventId ?? rolledEventId,
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
        _ledger.AddReceivable(receivable, keys);
    }

    private string? FindReceivableChain(PartitionKey partition, string reference) =>
        _ledger.FindOpenReceivables(partition, ClaimKeys.Normalize(reference)).FirstOrDefault()?.ChainId;

    private static string LinkedClaimsNote(ClaimPlan plan)
    {
        var claims = plan.Netted.Select(n => n.Claim.PayerClaimNumber).Where(n => n is not null).Distinct().ToList();
        return claims.Count == 0
            ? "The remittance netted negative; the shortfall is carried to a later remittance."
            : $"The remittance netted negative; carried shortfall from the takebacks of {string.Join(", ", claims)} (derived attribution).";
    }

    private IReadOnlyList<Receivable> FindReceivables(PartitionKey partition, ParsedReference reference)
    {
        foreach (var key in reference.Keys)
        {
            var found = _ledger.FindOpenReceivables(partition, key);
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
            _ledger.UpdateReceivable(receivable);
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
        var creator = _ledger.FindDocumentsByTrace(document.Partition, entry.Adjustment.Reference!.Trim())
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
            var lookback = LookbackViolation(document.Partition.PayerId, claim.RemittanceDate, date);
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
                AppealDeadline = AppealDeadline(document.Partition.PayerId, claim.FilingIndicator, date),
                LookbackViolation = lookback,
                Note = Join("Provider-level recovery with no deferral before it (letter-based or immediate recoupment).", lookback,
                    AppealNote(document.Partition.PayerId, claim.FilingIndicator, date)),
            }));
            if (AffiliationOf(document, entry, claim.ProviderId) is { } affiliated)
            {
                EmitAffiliatedOffset(context, entry, entry.Amount, affiliated, claim.PatientControlNumber, claim.PayerClaimNumber, recoupment.EventId);
            }
            return;
        }

        var reason = entry.Reference.IsUnparseable ? UnmatchedReason.ReferenceUnparseable : UnmatchedReason.OriginalNotInLedger;
        var proposed = _options.LowConfidenceFallback ? AmountOnlyCandidate(document, entry.Amount) : null;
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
            AppealDeadline = AppealDeadline(document.Partition.PayerId, null, document.Date),
            Reason = reason,
            Note = (reason == UnmatchedReason.ReferenceUnparseable
                       ? "The reference does not name a claim."
                       : "No claim in the ledger matches the reference.")
                   + (proposed is null ? "" : " Proposed match by amount only (Low confidence); not confirmed, nothing closed.")
                   + affiliateHint,
        }));
        var keys = entry.Reference.Keys.ToList();
        Suspend(context, unmatched, keys);
    }

    /// <summary>R23: a single ledger claim paid exactly this amount within the look-back; never closes anything.</summary>
    private LedgerClaim? AmountOnlyCandidate(RemittanceDocument document, decimal amount)
    {
        var since = document.EffectiveDate.AddDays(-_options.FallbackLookbackDays);
        var candidates = _ledger.FindClaims(document.Partition, new ClaimKey(ClaimKeyKind.PaidAmount, ClaimKeys.Money(amount)))
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
            var byIcn = _ledger.FindClaims(partition, new ClaimKey(ClaimKeyKind.PayerClaimNumber, token));
            if (byIcn.Count > 0) return Latest(byIcn);
        }
        foreach (var token in reference.Keys)
        {
            var byOriginal = _ledger.FindClaims(partition, new ClaimKey(ClaimKeyKind.OriginalReference, token));
            if (byOriginal.Count > 0) return Latest(byOriginal);
        }
        foreach (var token in reference.Tokens)
        {
            var byPcn = _ledger.FindClaims(partition, new ClaimKey(ClaimKeyKind.PatientControlNumber, token));
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
        var tinFrom = _ledger.TaxIdOf(takenFrom) ?? (takenFrom == document.PayeeNpi ? document.PayeeTaxId : null);
        var tinFor = _ledger.TaxIdOf(owedBy);
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
