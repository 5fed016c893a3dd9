using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Matching;

public sealed partial class RecoupmentEngine
{
    private static readonly HashSet<string> CorrectionStatuses = ["1", "2", "3", "4", "19", "20", "21", "23", "22"];
    private static readonly HashSet<string> NetDeltaStatuses = ["1", "2", "3", "19", "20", "21"];

    /// <summary>A reversal with what it pairs with (R5–R9).</summary>
    private sealed class ReversalPair
    {
        public required LedgerClaim Reversal { get; init; }
        public LedgerClaim? Correction { get; set; }
        public LedgerClaim? Original { get; set; }
        public MatchConfidence Confidence { get; set; } = MatchConfidence.High;
        public string? Variance { get; set; }
        public bool Deferred => DeferredAmount > 0;

        /// <summary>The part of the takeback that a negative WO (or FB) in the same remittance deferred (R27).</summary>
        public decimal DeferredAmount { get; set; }
        public Receivable? DeferredBy { get; set; }
        public string? ReversalEventId { get; set; }
        public string? RecoupmentEventId { get; set; }

        /// <summary>The correction came in an earlier remittance than the reversal (R8, R24): it is in the ledger, not in this remittance.</summary>
        public bool CorrectionIsEarlier { get; set; }

        /// <summary>The original was paid earlier in this same remittance with exactly these amounts: the pair cancels, no money moved.</summary>
        public bool CancelsInRemittance { get; set; }

        /// <summary>The original payment: from the original, else the reversal negated (it carries the original amounts).</summary>
        public decimal OriginalPaid => Original?.Paid ?? -Reversal.Paid;

        /// <summary>Corrected CLP04 less the original payment the reversal took back (R9).</summary>
        public decimal Delta => CancelsInRemittance ? 0 : Correction is null ? Reversal.Paid : Correction.Paid + Reversal.Paid;

        /// <summary>The money this pair takes back (zero when the correction paid as much or more).</summary>
        public decimal Takeback => Math.Max(0, -Delta);
    }

    /// <summary>How the claims of a remittance pair up.</summary>
    private sealed class ClaimPlan
    {
        public List<ReversalPair> Pairs { get; } = [];
        public ClaimPlan(IReadOnlyList<LedgerClaim> claims)
        {
            ByReversal = new ClaimMap<ReversalPair>(claims);
            ByCorrection = new ClaimMap<ReversalPair>(claims);
            Repeated = new ClaimMap<bool>(claims);
            NetDeltas = new ClaimMap<LedgerClaim?>(claims);
            Keys = new ClaimMap<IReadOnlyCollection<ClaimKey>>(claims);
            Cancelled = new ClaimMap<ReversalPair>(claims);
        }

        /// <summary>Originals paid and reversed in this remittance, with the reversal that cancels each.</summary>
        public ClaimMap<ReversalPair> Cancelled { get; }

        /// <summary>This remittance's ordinary claims by rebill evidence (<see cref="RebillKey"/>), in claim order.</summary>
        public Dictionary<string, List<LedgerClaim>> Rebills { get; } = new(StringComparer.Ordinal);

        /// <summary>Ledger originals already paired with a reversal of this remittance: one reversal each.</summary>
        public HashSet<LedgerClaim> PairedOriginals { get; } = new(ReferenceEqualityComparer.Instance);

        public ClaimMap<ReversalPair> ByReversal { get; }
        public ClaimMap<ReversalPair> ByCorrection { get; }
        public ClaimMap<bool> Repeated { get; }
        public ClaimMap<LedgerClaim?> NetDeltas { get; }

        /// <summary>The keys of each claim of the remittance, computed once.</summary>
        public ClaimMap<IReadOnlyCollection<ClaimKey>> Keys { get; }

        /// <summary>This remittance's ordinary claims (not reversals, not negative) by key, in claim order.</summary>
        public Dictionary<ClaimKey, List<LedgerClaim>> Local { get; set; } = [];

        /// <summary>Money taken back inside this remittance, in claim order, for cross-claim offsets (R11).</summary>
        public List<(LedgerClaim Claim, decimal Amount, string? EventId)> Netted { get; } = [];
    }

    /// <summary>A map keyed by the claims of one remittance, by position: no hashing of objects.</summary>
    private sealed class ClaimMap<T>(IReadOnlyList<LedgerClaim> claims)
    {
        private readonly T[] _values = new T[claims.Count];
        private readonly bool[] _has = new bool[claims.Count];

        private bool Owns(LedgerClaim claim) => (uint)claim.Position < (uint)claims.Count && ReferenceEquals(claims[claim.Position], claim);

        public T this[LedgerClaim claim]
        {
            get => TryGetValue(claim, out var value) ? value : throw new KeyNotFoundException("The claim is not in the map.");
            set
            {
                if (!Owns(claim)) throw new ArgumentException("The claim is not one of the remittance's.", nameof(claim));
                _values[claim.Position] = value;
                _has[claim.Position] = true;
            }
        }

        public bool ContainsKey(LedgerClaim claim) => Owns(claim) && _has[claim.Position];

        public bool TryGetValue(LedgerClaim claim, out T value)
        {
            if (ContainsKey(claim))
            {
                value = _values[claim.Position];
                return true;
            }
            value = default!;
            return false;
        }
    }

    private static bool IsReversal(LedgerClaim c) => c.StatusCode == "22" && (c.Paid < 0 || c.Charge < 0 || (c.Paid == 0 && c.Charge == 0));

    private ClaimPlan PairClaims(DocumentContext context)
    {
        var claims = context.Document.Claims;
        for (var i = 0; i < claims.Count; i++)
        {
            if (claims[i].Position != i) throw new ArgumentException($"Claim {i} of remittance {context.Document.Trace} has Position {claims[i].Position}; a document's claims must be numbered 0, 1, 2... in order.");
        }
        var plan = new ClaimPlan(claims);

        // Pay-then-reverse inside the remittance first (PBM pattern): a reversal cancels the nearest earlier unused
        // payment of the same claim with exactly negated amounts. Such pairs are settled before anything else looks
        // at the claims, so that neither half can pass for a duplicate, a correction or another reversal's original.
        var used = new ClaimMap<bool>(claims);
        var ledgerOriginals = new HashSet<LedgerClaim>(ReferenceEqualityComparer.Instance);
        foreach (var reversal in claims)
        {
            if (!IsReversal(reversal) || FindCancelledOriginal(reversal, claims, used) is not { } cancelled) continue;
            // An identical payment already in the ledger, not yet reversed, makes the earlier claim of this remittance its
            // same-ICN correction sent before the reversal (RFI-791 tolerated): the reversal takes back the ledger's.
            if (IdenticalLedgerOriginal(context, reversal, ledgerOriginals) is { } inLedger)
            {
                ledgerOriginals.Add(inLedger);
                continue;
            }
            var pair = new ReversalPair { Reversal = reversal, Original = cancelled, CancelsInRemittance = true };
            used[cancelled] = true;
            used[reversal] = true;
            plan.Cancelled[cancelled] = pair;
            plan.Pairs.Add(pair);
            plan.ByReversal[reversal] = pair;
        }

        // R28: the same paid claim twice in one remittance counts once (reversals each look for their own original).
        var seen = new HashSet<(string, string, decimal, decimal)>(claims.Count);
        foreach (var claim in claims)
        {
            if (used.ContainsKey(claim) || IsReversal(claim)) continue;
            var key = ClaimKeys.Normalize(claim.PayerClaimNumber);
            if (key.Length == 0) continue;
            if (!seen.Add((key, claim.StatusCode, claim.Charge, claim.Paid)))
            {
                plan.Repeated[claim] = true;
                Report(context.Document, DiagnosticCodes.DuplicateClaimInRemittance, DiagnosticSeverity.Warning,
                    $"Claim at position {claim.Position + 1} repeats an earlier claim of the same remittance (payer claim number, status and amounts); it was counted once.");
            }
        }

        // Only reversals and negative payments look for partners inside the remittance: index it only then.
        var needsLocalIndex = false;
        foreach (var claim in claims) needsLocalIndex |= !used.ContainsKey(claim) && (claim.Paid < 0 || IsReversal(claim));
        if (needsLocalIndex) plan.Local = new Dictionary<ClaimKey, List<LedgerClaim>>(claims.Count * 3);
        foreach (var claim in claims)
        {
            var keys = ClaimKeys.For(claim);
            plan.Keys[claim] = keys;
            if (!needsLocalIndex || IsReversal(claim) || claim.Paid < 0 || plan.Repeated.ContainsKey(claim) || used.ContainsKey(claim)) continue;
            foreach (var key in keys)
            {
                if (key.Kind is not (ClaimKeyKind.PayerClaimNumber or ClaimKeyKind.OriginalReference or ClaimKeyKind.ServiceKey)) continue;
                if (!plan.Local.TryGetValue(key, out var list)) plan.Local[key] = list = [];
                list.Add(claim);
            }
            if (RebillKey(claim) is { } rebill)
            {
                if (!plan.Rebills.TryGetValue(rebill, out var list)) plan.Rebills[rebill] = list = [];
                list.Add(claim);
            }
        }

        foreach (var reversal in claims)
        {
            if (!IsReversal(reversal) || used.ContainsKey(reversal)) continue;
            var pair = new ReversalPair { Reversal = reversal };
            pair.Correction = FindCorrection(reversal, used, plan);
            if (pair.Correction is not null)
            {
                used[pair.Correction] = true;
                plan.ByCorrection[pair.Correction] = pair;
                if (pair.Correction.StatusCode == "22") pair.Confidence = MatchConfidence.Medium; // RFI-288: non-compliant
            }
            pair.Original = FindOriginal(context, reversal, pair.Correction, plan);
            if (pair.Original is not null)
            {
                plan.PairedOriginals.Add(pair.Original);
                TestAmounts(pair);
            }
            if (pair.Correction is null && pair.Original is not null && FindEarlierCorrection(context, reversal, pair.Original) is { } earlier)
            {
                pair.Correction = earlier;
                pair.CorrectionIsEarlier = true;
            }
            plan.Pairs.Add(pair);
            plan.ByReversal[reversal] = pair;
        }

        // R10: a negative payment on an ordinary status, without a reversal, is a net-delta adjustment.
        foreach (var claim in claims)
        {
            if (claim.Paid >= 0 || !NetDeltaStatuses.Contains(claim.StatusCode) || plan.Repeated.ContainsKey(claim) || plan.ByCorrection.ContainsKey(claim)) continue;
            var original = Candidates(context, ClaimKeyKind.PayerClaimNumber, claim.PayerClaimNumber, claim, null, plan).FirstOrDefault()
                           ?? Candidates(context, ClaimKeyKind.PayerClaimNumber, claim.OriginalReference, claim, null, plan).FirstOrDefault();
            plan.NetDeltas[claim] = original;
        }
        return plan;
    }

    private static readonly HashSet<string> PaidStatuses = ["1", "2", "3", "19", "20", "21"];

    /// <summary>
    /// The payment a reversal cancels inside its own remittance: the nearest earlier unused claim with a paying status
    /// (never a denial), the same CLP07 (or the reversal's REF*F8) and CLP01, and CLP03 and CLP04 exactly negated.
    /// </summary>
    private static LedgerClaim? FindCancelledOriginal(LedgerClaim reversal, IReadOnlyList<LedgerClaim> claims, ClaimMap<bool> used)
    {
        var icn = ClaimKeys.Normalize(reversal.PayerClaimNumber);
        var f8 = ClaimKeys.Normalize(reversal.OriginalReference);
        var pcn = ClaimKeys.Normalize(reversal.PatientControlNumber);
        if (icn.Length == 0 && f8.Length == 0) return null;
        for (var i = reversal.Position - 1; i >= 0; i--)
        {
            var c = claims[i];
            if (used.ContainsKey(c) || !PaidStatuses.Contains(c.StatusCode) || c.Paid != -reversal.Paid || c.Charge != -reversal.Charge) continue;
            var number = ClaimKeys.Normalize(c.PayerClaimNumber);
            if (number.Length == 0 || (number != icn && number != f8) || ClaimKeys.Normalize(c.PatientControlNumber) != pcn) continue;
            return c;
        }
        return null;
    }

    /// <summary>An active payment in the ledger (an earlier remittance) of the reversal's CLP07 with exactly its amounts negated.</summary>
    private LedgerClaim? IdenticalLedgerOriginal(DocumentContext context, LedgerClaim reversal, HashSet<LedgerClaim> taken)
    {
        var icn = ClaimKeys.Normalize(reversal.PayerClaimNumber);
        if (icn.Length == 0) return null;
        foreach (var c in _ledger.FindClaims(context.Document.Partition, new ClaimKey(ClaimKeyKind.PayerClaimNumber, icn)))
        {
            if (c.State == LedgerClaimState.Active && c.DocumentId != context.Document.DocumentId && c.Paid == -reversal.Paid
                && c.Charge == -reversal.Charge && !taken.Contains(c))
            {
                return c;
            }
        }
        return null;
    }

    /// <summary>
    /// The evidence that links a rebill to the reversal of the claim it replaces when the payer issued a new CLP07 (and
    /// perhaps a new member ID) without REF*F8: the same CLP01 (the pharmacy's prescription and fill number, or the
    /// provider's claim number), the same first date of service (fill date), the same charge and the same procedure or
    /// product code (SVC01, e.g. N4 NDC) and line control number (REF*6R) on every line. Null when a part is missing.
    /// </summary>
    private static string? RebillKey(LedgerClaim claim)
    {
        var pcn = ClaimKeys.Normalize(claim.PatientControlNumber);
        if (pcn.Length == 0 || claim.ServiceFrom is not { } from || claim.Lines.Count == 0) return null;
        var key = new System.Text.StringBuilder();
        key.Append(pcn).Append('|').Append(from.DayNumber).Append('|').Append(ClaimKeys.Money(Math.Abs(claim.Charge)));
        foreach (var line in claim.Lines)
        {
            if (line.Procedure.Length == 0) return null;
            key.Append('|').Append(line.Procedure).Append('/').Append(ClaimKeys.Normalize(line.LineControlNumber));
        }
        return key.ToString();
    }

    /// <summary>R8: the correction of a reversal in the same remittance: same CLP07, REF*F8 = CLP07, or same patient and service; following claims first.</summary>
    private static LedgerClaim? FindCorrection(LedgerClaim reversal, ClaimMap<bool> used, ClaimPlan plan)
    {
        var icn = ClaimKeys.Normalize(reversal.PayerClaimNumber);
        var lookups = new List<ClaimKey>();
        if (icn.Length > 0)
        {
            lookups.Add(new ClaimKey(ClaimKeyKind.PayerClaimNumber, icn));
            lookups.Add(new ClaimKey(ClaimKeyKind.OriginalReference, icn));
        }
        lookups.AddRange(ServiceKeys(reversal).Select(k => new ClaimKey(ClaimKeyKind.ServiceKey, k)));
        bool Eligible(LedgerClaim c) => !used.ContainsKey(c) && CorrectionStatuses.Contains(c.StatusCode);
        // A rebill under a new CLP07 qualifies only when it names no other claim in REF*F8.
        bool EligibleRebill(LedgerClaim c) => Eligible(c) && c.StatusCode != "22"
            && (ClaimKeys.Normalize(c.OriginalReference) is var f8 && (f8.Length == 0 || f8 == icn));
        var rebill = RebillKey(reversal) is { } k && plan.Rebills.TryGetValue(k, out var rebills) ? rebills : null;
        foreach (var after in new[] { true, false })
        {
            foreach (var key in lookups)
            {
                if (!plan.Local.TryGetValue(key, out var list)) continue;
                var found = Nearest(list, after, Eligible);
                if (found is not null) return found;
            }
            if (rebill is not null && Nearest(rebill, after, EligibleRebill) is { } byEvidence) return byEvidence;
        }
        return null;

        LedgerClaim? Nearest(List<LedgerClaim> list, bool after, Func<LedgerClaim, bool> eligible) => after
            ? list.FirstOrDefault(c => c.Position > reversal.Position && eligible(c))
            : list.LastOrDefault(c => c.Position < reversal.Position && eligible(c));
    }

    /// <summary>
    /// R8, R24: the correction of a reversal that came in an earlier remittance (within the correction window, after the
    /// original was paid): an active, not yet linked claim whose REF*F8 names the reversed claim, or that reuses its
    /// CLP07 with a different payment (a same-ICN correction; an equal payment under the same ICN is not one).
    /// </summary>
    private LedgerClaim? FindEarlierCorrection(DocumentContext context, LedgerClaim reversal, LedgerClaim original)
    {
        var date = context.Document.EffectiveDate;
        var from = date.AddDays(-_options.CorrectionWindowDays);
        LedgerClaim? found = null;
        var numbers = new[] { reversal.PayerClaimNumber, original.PayerClaimNumber, reversal.OriginalReference }.Select(ClaimKeys.Normalize).Where(k => k.Length > 0).Distinct().ToList();
        var candidates = numbers.SelectMany(k => _ledger.FindClaims(context.Document.Partition, new ClaimKey(ClaimKeyKind.OriginalReference, k)))
            .Concat(numbers.SelectMany(k => _ledger.FindClaims(context.Document.Partition, new ClaimKey(ClaimKeyKind.PayerClaimNumber, k)))
                .Where(c => !Same(c.Paid, original.Paid)));
        foreach (var c in candidates)
        {
            if (ReferenceEquals(c, original) || c.Id == original.Id || c.State != LedgerClaimState.Active || c.CorrectionOfClaimId is not null
                || c.Paid < 0 || !CorrectionStatuses.Contains(c.StatusCode) || c.DocumentId == context.Document.DocumentId
                || c.RemittanceDate is not { } paid || paid < from || paid > date || (original.RemittanceDate is { } originalPaid && paid < originalPaid))
            {
                continue;
            }
            if (found is null || paid > found.RemittanceDate || (paid == found.RemittanceDate && c.Id > found.Id)) found = c;
        }
        return found;
    }

    /// <summary>R5 and R7: the original of a reversal through the key cascade, then the tie-breakers.</summary>
    private LedgerClaim? FindOriginal(DocumentContext context, LedgerClaim reversal, LedgerClaim? correction, ClaimPlan plan)
    {
        // One reversal per original within a remittance; a reversal that takes money back never reverses a denial.
        bool Eligible(LedgerClaim c) => !plan.PairedOriginals.Contains(c) && !plan.PairedOriginals.Any(p => p.Id > 0 && p.Id == c.Id)
                                        && (reversal.Paid == 0 || c.StatusCode != "4");
        var byIcn = Candidates(context, ClaimKeyKind.PayerClaimNumber, reversal.PayerClaimNumber, reversal, correction, plan).Where(Eligible).ToList();
        var candidates = byIcn.Count > 0 ? byIcn : Candidates(context, ClaimKeyKind.PayerClaimNumber, reversal.OriginalReference, reversal, correction, plan).Where(Eligible).ToList();
        if (candidates.Count == 0)
        {
            candidates = ServiceKeys(reversal)
                .SelectMany(key => Candidates(context, ClaimKeyKind.ServiceKey, key, reversal, correction, plan, normalized: true))
                .Where(c => Same(c.Charge, -reversal.Charge) && Eligible(c))
                .Distinct(ReferenceEqualityComparer.Instance).Cast<LedgerClaim>().ToList();
        }
        if (candidates.Count <= 1) return candidates.FirstOrDefault();
        var date = context.Document.EffectiveDate;
        return candidates
            .OrderBy(c => c.State == LedgerClaimState.Active ? 0 : 1)
            .ThenBy(c => c.RemittanceDate is { } d && d <= date ? 0 : 1)
            // Equal amounts before recency: a same-ICN correction paid later must not pass for the original (R6).
            .ThenBy(c => Same(c.Paid, -reversal.Paid) ? 0 : 1)
            // R28: a claim paid twice is taken back on the duplicate payment, not on the first.
            .ThenBy(c => c.PossibleDuplicate ? 0 : 1)
            .ThenByDescending(c => c.RemittanceDate)
            .ThenBy(c => c.Paid >= -reversal.Paid ? c.Paid : decimal.MaxValue)
            .ThenByDescending(c => c.Id)
            .First();
    }

    /// <summary>Claims under a key: the ledger's, and this remittance's earlier ordinary claims (not the reversal's own correction).</summary>
    private List<LedgerClaim> Candidates(DocumentContext context, ClaimKeyKind kind, string? value, LedgerClaim subject, LedgerClaim? correction, ClaimPlan plan,
        bool normalized = false)
    {
        var key = new ClaimKey(kind, normalized ? value ?? "" : ClaimKeys.Normalize(value));
        if (key.Value.Length == 0) return [];
        var result = new List<LedgerClaim>(_ledger.FindClaims(context.Document.Partition, key));
        if (plan.Local.TryGetValue(key, out var local))
        {
            foreach (var claim in local)
            {
                if (claim.Position >= subject.Position) break;
                if (!ReferenceEquals(claim, correction) && !plan.ByCorrection.ContainsKey(claim)) result.Add(claim);
            }
        }
        return result;
    }

    private static HashSet<string> ServiceKeys(LedgerClaim claim)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var patient in new[] { claim.PatientId, claim.CorrectedPatientId, claim.InsuredId })
        {
            if (ClaimKeys.ServiceKey(claim.PatientControlNumber, patient, claim.ServiceFrom) is { } key) keys.Add(key);
        }
        return keys;
    }

    /// <summary>R6: reversal amounts are the original's, negated; group CR stands for any original group (4010).</summary>
    private void TestAmounts(ReversalPair pair)
    {
        var o = pair.Original!;
        var r = pair.Reversal;
        var variances = new List<string>();
        if (!Same(o.Charge, -r.Charge)) variances.Add($"CLP03 {Money(o.Charge + r.Charge)}");
        if (!Same(o.Paid, -r.Paid)) variances.Add($"CLP04 {Money(o.Paid + r.Paid)}");
        if (o.PatientResponsibility is { } op && r.PatientResponsibility is { } rp && !Same(op, -rp)) variances.Add($"CLP05 {Money(op + rp)}");
        foreach (var group in r.Adjustments.GroupBy(a => a.Reason))
        {
            var reversed = group.Sum(a => a.Amount);
            var groups = group.Select(a => a.Group).ToHashSet();
            var original = o.Adjustments.Where(a => a.Reason == group.Key && (groups.Contains("CR") || groups.Contains(a.Group))).Sum(a => a.Amount);
            if (!Same(original, -reversed)) variances.Add($"CAS {group.Key} {Money(original + reversed)}");
        }
        if (variances.Count == 0) return;
        pair.Confidence = MatchConfidence.Medium;
        pair.Variance = "Reversal differs from the original: " + string.Join(", ", variances) + ".";
    }

    // ---- Emitting ----------------------------------------------------------------------------------------------

    private void EmitClaimEvents(DocumentContext context, ClaimPlan plan)
    {
        foreach (var claim in context.Document.Claims)
        {
            if (plan.Repeated.ContainsKey(claim)) continue;
            if (plan.Cancelled.ContainsKey(claim)) AddCancelledClaim(context, claim, plan.Keys[claim]);
            else if (plan.ByReversal.TryGetValue(claim, out var pair) && pair.CancelsInRemittance) EmitCancellation(context, pair);
            else if (plan.ByReversal.TryGetValue(claim, out pair)) EmitReversal(context, plan, pair);
            else if (plan.NetDeltas.TryGetValue(claim, out var original)) EmitNetDelta(context, plan, claim, original);
            else if (plan.ByCorrection.TryGetValue(claim, out var corrected)) AddCorrection(claim, plan.Keys[claim], corrected.Original);
            else if (claim.Paid >= 0 && !IsReversal(claim)) AddPaidClaim(context, claim, plan.Keys[claim]);
        }
    }

    /// <summary>A payment that its own remittance reverses: kept in the ledger as reversed, so that nothing later pairs with it.</summary>
    private void AddCancelledClaim(DocumentContext context, LedgerClaim claim, IReadOnlyCollection<ClaimKey> keys)
    {
        claim.State = LedgerClaimState.Reversed;
        claim.ReversedByDocumentId = context.Document.DocumentId;
        _ledger.AddClaim(claim, keys);
    }

    /// <summary>Pay-then-reverse in one remittance: the reversal's one outcome is a <see cref="ClaimReversed"/>; no money moved.</summary>
    private void EmitCancellation(DocumentContext context, ReversalPair pair)
    {
        var o = pair.Original!;
        var r = pair.Reversal;
        context.Add(new ClaimReversed
        {
            ClaimId = o.PatientControlNumber,
            PayerClaimNumber = o.PayerClaimNumber,
            OriginalPayerClaimNumber = o.PayerClaimNumber,
            OriginalRemittanceTrace = o.RemittanceTrace,
            OriginalPaidAmount = o.Paid,
            Amount = Math.Abs(r.Paid),
            Confidence = MatchConfidence.High,
            CarcCodes = r.Adjustments.Select(a => $"{a.Group}-{a.Reason}").Distinct().ToList(),
            Note = $"CancelledInRemittance: paid at claim {o.Position + 1} and reversed at claim {r.Position + 1} of this remittance; net 0.00, nothing was recouped.",
        });
    }

    private void EmitReversal(DocumentContext context, ClaimPlan plan, ReversalPair pair)
    {
        var r = pair.Reversal;
        var o = pair.Original;
        var date = context.Document.Date;
        var (cause, carcs) = RootCauseClassifier.Classify(o, r, pair.Correction);
        var deadline = AppealDeadline(r.Partition.PayerId, r.FilingIndicator ?? o?.FilingIndicator, date);
        var appealNote = AppealNote(r.Partition.PayerId, r.FilingIndicator ?? o?.FilingIndicator, date);
        var lookback = LookbackViolation(r.Partition.PayerId, o?.RemittanceDate, date);

        if (o is not null)
        {
            pair.ReversalEventId = context.Add(new ClaimReversed
            {
                ClaimId = o.PatientControlNumber,
                PayerClaimNumber = o.PayerClaimNumber,
                OriginalPayerClaimNumber = o.PayerClaimNumber,
                OriginalRemittanceTrace = o.RemittanceTrace,
                OriginalPaidAmount = o.Paid,
                Amount = Math.Abs(r.Paid),
                Confidence = pair.Confidence,
                RootCause = cause,
                CarcCodes = r.Adjustments.Select(a => $"{a.Group}-{a.Reason}").Distinct().ToList(),
                AppealDeadline = deadline,
                Note = pair.Variance,
            }).EventId;
            o.State = LedgerClaimState.Reversed;
            o.ReversedByDocumentId = context.Document.DocumentId;
            _ledger.UpdateClaim(o);
        }

        if (pair.Correction is { } c)
        {
            var delta = pair.Delta;
            if (pair.CorrectionIsEarlier && o is not null)
            {
                c.CorrectionOfClaimId = o.Id;
                _ledger.UpdateClaim(c);
            }
            context.Add(new ClaimCorrected
            {
                ClaimId = c.PatientControlNumber,
                PayerClaimNumber = c.PayerClaimNumber,
                OriginalPayerClaimNumber = o?.PayerClaimNumber ?? r.PayerClaimNumber,
                OriginalRemittanceTrace = o?.RemittanceTrace,
                OriginalPaidAmount = pair.OriginalPaid,
                Amount = c.Paid,
                Delta = delta,
                Confidence = pair.Confidence,
                RootCause = cause,
                CarcCodes = carcs,
                RelatedEventId = pair.ReversalEventId,
                Note = pair.CorrectionIsEarlier
                    ? $"Delta {Money(delta)}; the correction came in remittance {c.RemittanceTrace}."
                    : $"Delta {Money(delta)}.",
            });
            if (delta > 0)
            {
                context.Add(new ClaimAdditionalPayment
                {
                    ClaimId = c.PatientControlNumber,
                    PayerClaimNumber = c.PayerClaimNumber,
                    OriginalPayerClaimNumber = o?.PayerClaimNumber ?? r.PayerClaimNumber,
                    OriginalRemittanceTrace = o?.RemittanceTrace,
                    OriginalPaidAmount = pair.OriginalPaid,
                    Amount = delta,
                    Confidence = pair.Confidence,
                    RootCause = cause,
                    RelatedEventId = pair.ReversalEventId,
                    Note = ReversedOnAppealNote(o),
                });
            }
        }

        var takeback = pair.Correction is null ? Math.Max(0, -r.Paid) : pair.Takeback;
        // What this remittance netted: the pair's net takeback, or the whole reversal when its correction was paid elsewhere;
        // a deferral in the same remittance (R27) keeps its part out of the netting.
        var deferred = Math.Min(pair.DeferredAmount, takeback);
        var netted = Math.Max(0, (pair.Correction is null || pair.CorrectionIsEarlier ? Math.Max(0, -r.Paid) : takeback) - deferred);
        var nettedMode = pair.Correction is null ? RecoupmentMode.FullTakeback : RecoupmentMode.Immediate;
        if (takeback == 0)
        {
            if (netted > 0) plan.Netted.Add((r, netted, pair.ReversalEventId));
            if (o is null && pair.Correction is null)
            {
                Report(context.Document, DiagnosticCodes.ZeroReversalWithoutOriginal, DiagnosticSeverity.Info,
                    $"The reversal at claim {r.Position + 1} takes back nothing and its original is not in the ledger; no event was emitted.");
            }
            return;
        }
        var subject = pair.Correction ?? r;
        // A deferral smaller than the takeback splits it: the rest was taken now.
        (decimal Amount, RecoupmentMode Mode)[] parts = deferred == 0 ? [(takeback, nettedMode)]
            : deferred < takeback ? [(takeback - deferred, nettedMode), (deferred, RecoupmentMode.Deferred)]
            : [(takeback, RecoupmentMode.Deferred)];
        string? nettedEventId = null;

        if (o is null)
        {
            // Never silent (R22): the reversal carries the original amounts, so the takeback is known even without the original.
            foreach (var (amount, mode) in parts)
            {
                var unmatched = context.Add(new UnmatchedRecoupment
                {
                    ClaimId = r.PatientControlNumber,
                    PayerClaimNumber = r.PayerClaimNumber,
                    OriginalPayerClaimNumber = r.PayerClaimNumber,
                    OriginalPaidAmount = pair.OriginalPaid,
                    Amount = amount,
                    Mode = mode,
                    Confidence = pair.Confidence,
                    RootCause = cause,
                    CarcCodes = carcs,
                    AppealDeadline = deadline,
                    Reason = UnmatchedReason.OriginalNotInLedger,
                    Note = Join("The original claim is not in the ledger; the amount is implied by the reversal.", appealNote),
                });
                pair.RecoupmentEventId = unmatched.EventId;
                if (mode != RecoupmentMode.Deferred) nettedEventId = unmatched.EventId;
                Suspend(context, unmatched, [.. new[] { r.PayerClaimNumber, r.OriginalReference }.Select(ClaimKeys.Normalize).Where(k => k.Length > 0), .. ServiceKeys(r)]);
            }
        }
        else if (pair.Correction is null && !_options.ImmediateFullTakeback && !pair.Deferred)
        {
            // R9: a full takeback only once the correction window ends without a correction.
            var pending = new PendingReversal
            {
                Partition = r.Partition,
                Reversal = r,
                OriginalClaimId = o.Id > 0 ? o.Id : null,
                OriginalPaid = o.Paid,
                OriginalRemittanceTrace = o.RemittanceTrace,
                ReversalEventId = pair.ReversalEventId!,
                DueDate = context.Document.EffectiveDate.AddDays(_options.CorrectionWindowDays),
            };
            _ledger.AddPendingReversal(pending, [.. new[] { r.PayerClaimNumber, o.PayerClaimNumber }.Select(ClaimKeys.Normalize).Where(k => k.Length > 0).Distinct(), .. ServiceKeys(r)]);
        }
        else
        {
            foreach (var (amount, mode) in parts)
            {
                pair.RecoupmentEventId = context.Add(new ClaimRecoupment
                {
                    ClaimId = subject.PatientControlNumber,
                    PayerClaimNumber = subject.PayerClaimNumber,
                    OriginalPayerClaimNumber = o.PayerClaimNumber,
                    OriginalRemittanceTrace = o.RemittanceTrace,
                    OriginalPaidAmount = o.Paid,
                    Amount = amount,
                    Mode = mode,
                    Confidence = pair.Confidence,
                    RootCause = cause,
                    CarcCodes = carcs,
                    AppealDeadline = deadline,
                    RelatedEventId = pair.ReversalEventId,
                    LookbackViolation = lookback,
                    Note = Join(pair.CorrectionIsEarlier ? $"Correction in remittance {subject.RemittanceTrace}, reversal in this one." : null, lookback, appealNote),
                }).EventId;
                if (mode != RecoupmentMode.Deferred) nettedEventId = pair.RecoupmentEventId;
            }
        }
        if (netted > 0) plan.Netted.Add((r, netted, nettedEventId ?? pair.ReversalEventId));
    }

    private void EmitNetDelta(DocumentContext context, ClaimPlan plan, LedgerClaim claim, LedgerClaim? original)
    {
        var amount = -claim.Paid;
        var date = context.Document.Date;
        var deadline = AppealDeadline(claim.Partition.PayerId, claim.FilingIndicator, date);
        // The CAS of a net-delta claim are the change itself, not a re-adjudication to compare with the original.
        var (cause, carcs) = RootCauseClassifier.Classify(null, null, claim);
        string eventId;
        if (original is null)
        {
            var unmatched = context.Add(new UnmatchedRecoupment
            {
                ClaimId = claim.PatientControlNumber,
                PayerClaimNumber = claim.PayerClaimNumber,
                Amount = amount,
                Mode = RecoupmentMode.NetDelta,
                Confidence = MatchConfidence.Medium,
                RootCause = cause,
                CarcCodes = carcs,
                AppealDeadline = deadline,
                Reason = UnmatchedReason.OriginalNotInLedger,
                Note = "Negative claim payment without a reversal (non-compliant net-delta adjustment); the original is not in the ledger.",
            });
            Suspend(context, unmatched, [.. new[] { claim.PayerClaimNumber, claim.OriginalReference }.Select(ClaimKeys.Normalize).Where(k => k.Length > 0)]);
            eventId = unmatched.EventId;
        }
        else
        {
            var lookback = LookbackViolation(claim.Partition.PayerId, original.RemittanceDate, date);
            eventId = context.Add(new ClaimRecoupment
            {
                ClaimId = claim.PatientControlNumber,
                PayerClaimNumber = claim.PayerClaimNumber,
                OriginalPayerClaimNumber = original.PayerClaimNumber,
                OriginalRemittanceTrace = original.RemittanceTrace,
                OriginalPaidAmount = original.Paid,
                Amount = amount,
                Mode = RecoupmentMode.NetDelta,
                Confidence = MatchConfidence.Medium,
                RootCause = cause,
                CarcCodes = carcs,
                AppealDeadline = deadline,
                LookbackViolation = lookback,
                Note = Join("Negative claim payment without a reversal (non-compliant net-delta adjustment).", lookback),
            }).EventId;
        }
        plan.Netted.Add((claim, amount, eventId));
    }

    private void AddCorrection(LedgerClaim correction, IReadOnlyCollection<ClaimKey> keys, LedgerClaim? original)
    {
        if (original is not null && original.Id > 0) correction.CorrectionOfClaimId = original.Id;
        _ledger.AddClaim(correction, keys);
    }

    /// <summary>An ordinary paid or denied claim: maybe the late correction of a pending reversal (R8), maybe a second payment (R28); then into the ledger, and back-link suspended recoveries (R22).</summary>
    private void AddPaidClaim(DocumentContext context, LedgerClaim claim, IReadOnlyCollection<ClaimKey> keys)
    {
        var date = context.Document.EffectiveDate;

        PendingReversal? pending = null;
        foreach (var key in keys)
        {
            if (key.Kind is not (ClaimKeyKind.PayerClaimNumber or ClaimKeyKind.OriginalReference or ClaimKeyKind.ServiceKey)) continue;
            foreach (var candidate in _ledger.FindPendingReversals(claim.Partition, key.Value))
            {
                if (candidate.Reversal.RemittanceDate is { } d && (d > date || date > candidate.DueDate)) continue;
                if (pending is null || candidate.Id < pending.Id) pending = candidate;
            }
        }
        if (pending is not null)
        {
            LinkLateCorrection(context, claim, pending);
            _ledger.AddClaim(claim, keys);
            return;
        }

        if (claim.Paid > 0)
        {
            LedgerClaim? earlier = null;
            foreach (var key in keys)
            {
                if (key.Kind != ClaimKeyKind.DuplicateKey) continue;
                foreach (var c in _ledger.FindClaims(claim.Partition, key))
                {
                    // A claim whose REF*F8 names the earlier one replaces it (a correction whose reversal comes later): not a duplicate.
                    // Under the same CLP07 only the identical payment in another remittance is one (a same-ICN correction pays otherwise).
                    if (c.State == LedgerClaimState.Active && c.Paid > 0 && c.CorrectionOfClaimId is null && c.DocumentId != claim.DocumentId
                        && ClaimKeys.Normalize(c.PayerClaimNumber) != ClaimKeys.Normalize(claim.OriginalReference)
                        && (ClaimKeys.Normalize(c.PayerClaimNumber) != ClaimKeys.Normalize(claim.PayerClaimNumber) || IsPaidAgain(c, claim)))
                    {
                        earlier = c;
                        break;
                    }
                }
            }
            if (earlier is not null)
            {
                claim.PossibleDuplicate = true;
                context.Add(new PossibleDuplicatePayment
                {
                    ClaimId = claim.PatientControlNumber,
                    PayerClaimNumber = claim.PayerClaimNumber,
                    OriginalPayerClaimNumber = earlier.PayerClaimNumber,
                    OriginalRemittanceTrace = earlier.RemittanceTrace,
                    OriginalPaidAmount = earlier.Paid,
                    Amount = claim.Paid,
                    RootCause = RootCause.Duplicate,
                    Note = "The same service (patient control number, date of service and charge) was already paid under another payer claim number; a recoupment is likely to follow.",
                });
            }
        }

        _ledger.AddClaim(claim, keys);
        BackLink(context, claim, keys);
    }

    /// <summary>R28: the same claim (same CLP07) paid again with the same amounts and dates in a remittance of another trace number.</summary>
    private static bool IsPaidAgain(LedgerClaim earlier, LedgerClaim claim) =>
        earlier.RemittanceTrace != claim.RemittanceTrace && earlier.Paid == claim.Paid && earlier.Charge == claim.Charge
        && earlier.ServiceFrom == claim.ServiceFrom && earlier.ServiceTo == claim.ServiceTo && earlier.StatusCode == claim.StatusCode;

    private void LinkLateCorrection(DocumentContext context, LedgerClaim correction, PendingReversal pending)
    {
        _ledger.RemovePendingReversal(pending);
        var original = pending.OriginalClaimId is { } id ? _ledger.GetClaim(id) : null;
        if (original is not null) correction.CorrectionOfClaimId = original.Id;
        var pair = new ReversalPair { Reversal = pending.Reversal, Correction = correction, Original = original };
        var (cause, carcs) = RootCauseClassifier.Classify(original, pending.Reversal, correction);
        var delta = pair.Delta;
        context.Add(new ClaimCorrected
        {
            ClaimId = correction.PatientControlNumber,
            PayerClaimNumber = correction.PayerClaimNumber,
            OriginalPayerClaimNumber = original?.PayerClaimNumber ?? pending.Reversal.PayerClaimNumber,
            OriginalRemittanceTrace = pending.OriginalRemittanceTrace,
            OriginalPaidAmount = pending.OriginalPaid,
            Amount = correction.Paid,
            Delta = delta,
            Confidence = MatchConfidence.High,
            RootCause = cause,
            CarcCodes = carcs,
            RelatedEventId = pending.ReversalEventId,
            Note = $"Delta {Money(delta)}; the reversal came in remittance {pending.Reversal.RemittanceTrace}.",
        });
        if (delta > 0)
        {
            context.Add(new ClaimAdditionalPayment
            {
                ClaimId = correction.PatientControlNumber,
                PayerClaimNumber = correction.PayerClaimNumber,
                OriginalPayerClaimNumber = original?.PayerClaimNumber,
                OriginalRemittanceTrace = pending.OriginalRemittanceTrace,
                OriginalPaidAmount = pending.OriginalPaid,
                Amount = delta,
                Confidence = MatchConfidence.High,
                RootCause = cause,
                RelatedEventId = pending.ReversalEventId,
                Note = ReversedOnAppealNote(original),
            });
        }
        else if (delta < 0)
        {
            var lookback = LookbackViolation(correction.Partition.PayerId, original?.RemittanceDate, pending.Reversal.RemittanceDate);
            context.Add(new ClaimRecoupment
            {
                ClaimId = correction.PatientControlNumber,
                PayerClaimNumber = correction.PayerClaimNumber,
                OriginalPayerClaimNumber = original?.PayerClaimNumber ?? pending.Reversal.PayerClaimNumber,
                OriginalRemittanceTrace = pending.OriginalRemittanceTrace,
                OriginalPaidAmount = pending.OriginalPaid,
                Amount = -delta,
                Mode = RecoupmentMode.Immediate,
                Confidence = MatchConfidence.High,
                RootCause = cause,
                CarcCodes = carcs,
                AppealDeadline = AppealDeadline(correction.Partition.PayerId, correction.FilingIndicator, pending.Reversal.RemittanceDate),
                RelatedEventId = pending.ReversalEventId,
                LookbackViolation = lookback,
                Note = Join($"Reversal in remittance {pending.Reversal.RemittanceTrace}, correction in this one.", lookback),
            });
        }
    }

    /// <summary>
    /// §8 scenario 40: the claim now re-adjudicated in the provider's favour was itself the correction of a claim that
    /// paid more, so the money this pays back had been recouped (typically an appeal won). The earlier
    /// <see cref="ClaimRecoupment"/> is the one whose payer claim number is that correction's.
    /// </summary>
    private string? ReversedOnAppealNote(LedgerClaim? reversed)
    {
        if (reversed?.CorrectionOfClaimId is not { } id || _ledger.GetClaim(id) is not { } before || before.Paid <= reversed.Paid) return null;
        return $"RecoupmentReversedOnAppeal: the {Money(before.Paid - reversed.Paid)} recouped when {before.PayerClaimNumber} was corrected to {reversed.PayerClaimNumber} (remittance {reversed.RemittanceTrace}) is paid back.";
    }

    /// <summary>R22: a claim that arrives after a recovery that could not find it (a backfill of older files) links that recovery.</summary>
    private void BackLink(DocumentContext context, LedgerClaim claim, IReadOnlyCollection<ClaimKey> keys)
    {
        HashSet<long>? linked = null;
        foreach (var key in keys)
        {
            if (key.Kind is not (ClaimKeyKind.PayerClaimNumber or ClaimKeyKind.PatientControlNumber or ClaimKeyKind.ServiceKey)) continue;
            foreach (var item in _ledger.FindSuspense(claim.Partition, key.Value))
            {
                // Only an older payment can be the original of a recovery; a later claim with the same number is its correction.
                if (!(linked ??= []).Add(item.Id) || claim.RemittanceDate is not { } paid || item.RemittanceDate is not { } recovered || paid >= recovered) continue;
                _ledger.RemoveSuspense(item);
                context.Add(new RecoupmentLinked
                {
                    ClaimId = claim.PatientControlNumber,
                    PayerClaimNumber = claim.PayerClaimNumber,
                    OriginalPayerClaimNumber = claim.PayerClaimNumber,
                    OriginalRemittanceTrace = claim.RemittanceTrace,
                    OriginalPaidAmount = claim.Paid,
                    Amount = item.Amount,
                    PlbReasonCode = item.PlbReasonCode,
                    PlbReference = item.PlbReference,
                    Confidence = MatchConfidence.High,
                    RelatedEventId = item.EventId,
                    Note = $"The original of the recovery in remittance {item.RemittanceTrace} ({item.RemittanceDate:yyyy-MM-dd}) arrived.",
                });
            }
        }
    }

    private void Suspend(DocumentContext context, UnmatchedRecoupment unmatched, IReadOnlyCollection<string> keys)
    {
        if (keys.Count == 0) return;
        _ledger.AddSuspense(new SuspenseItem
        {
            Partition = context.Document.Partition,
            EventId = unmatched.EventId,
            Amount = unmatched.Amount,
            DocumentId = context.Document.DocumentId,
            RemittanceTrace = context.Document.Trace,
            RemittanceDate = context.Document.Date,
            PlbReasonCode = unmatched.PlbReasonCode,
            PlbReference = unmatched.PlbReference,
            ProviderId = unmatched.ProviderId,
            ClaimId = unmatched.ClaimId,
            PayerClaimNumber = unmatched.PayerClaimNumber,
        }, keys.Distinct().ToList());
    }

    /// <summary>R11: takebacks netted in this remittance were funded by its other claims' payments, allocated greedily in order.</summary>
    private static void EmitCrossClaimOffsets(DocumentContext context, ClaimPlan plan)
    {
        var pool = context.Document.Claims
            .Where(c => c.Paid > 0 && !plan.ByCorrection.ContainsKey(c) && !plan.Repeated.ContainsKey(c) && !plan.Cancelled.ContainsKey(c) && !IsReversal(c))
            .Sum(c => c.Paid);
        foreach (var (claim, amount, eventId) in plan.Netted)
        {
            var funded = Math.Min(amount, pool);
            if (funded <= 0) continue;
            pool -= funded;
            context.Add(new CrossClaimOffset
            {
                ClaimId = claim.PatientControlNumber,
                PayerClaimNumber = claim.PayerClaimNumber,
                OriginalPayerClaimNumber = plan.ByReversal.TryGetValue(claim, out var pair) ? pair.Original?.PayerClaimNumber ?? claim.PayerClaimNumber : null,
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

    private static string? Join(params string?[] parts)
    {
        var text = string.Join(" ", parts.Where(p => !string.IsNullOrEmpty(p)));
        return text.Length == 0 ? null : text;
    }
}
