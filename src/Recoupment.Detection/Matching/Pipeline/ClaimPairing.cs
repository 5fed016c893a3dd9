using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using static Recoupment.Detection.Matching.Pipeline.ClaimFacts;

namespace Recoupment.Detection.Matching.Pipeline;

/// <summary>
/// Stage 3, claim pairing: decides what every claim of a remittance is and what each reversal pairs with, in this
/// order: pay-then-reverse inside the remittance, R28 repeats, then for the other reversals the correction (R8, in the
/// remittance, then earlier remittances) and the original (R5 key cascade, R6 amount test, R7 tie-breakers), then R10
/// net deltas. Reads the ledger, writes nothing: the result is an immutable <see cref="ClaimPlan"/>.
/// </summary>
internal sealed class ClaimPairing(MatchingServices services)
{
    private IClaimLedger Ledger => services.Ledger;

    /// <summary>The mutable working state of one pairing; dropped once the plan is built.</summary>
    private sealed class Work(IReadOnlyList<LedgerClaim> claims)
    {
        public readonly bool[] Used = new bool[claims.Count];
        public readonly bool[] Repeated = new bool[claims.Count];
        public readonly ReversalPlan?[] PairOf = new ReversalPlan?[claims.Count];
        public readonly bool[] IsCorrection = new bool[claims.Count];
        public readonly bool[] IsCancelled = new bool[claims.Count];

        /// <summary>This remittance's ordinary claims (not reversals, not negative, not used) by key, in claim order.</summary>
        public Dictionary<ClaimKey, List<LedgerClaim>> Local { get; private set; } = [];

        /// <summary>Sized once for every key of every claim: no rehashing while it fills.</summary>
        public void SizeLocal() => Local = new Dictionary<ClaimKey, List<LedgerClaim>>(claims.Count * 3);

        private Dictionary<ulong, List<LedgerClaim>>? _rebills;

        /// <summary>
        /// The same claims by a hash of their rebill evidence (<see cref="RebillHash"/>), in claim order; built on first
        /// use, when a reversal found no correction by its keys (most remittances never need it).
        /// </summary>
        public Dictionary<ulong, List<LedgerClaim>> Rebills()
        {
            if (_rebills is not null) return _rebills;
            _rebills = [];
            foreach (var claim in claims)
            {
                if (IsReversal(claim) || claim.Paid < 0 || Repeated[claim.Position] || IsCancelled[claim.Position] || RebillHash(claim) is not { } hash) continue;
                if (!_rebills.TryGetValue(hash, out var list)) _rebills[hash] = list = [];
                list.Add(claim);
            }
            return _rebills;
        }

        private HashSet<LedgerClaim>? _pairedOriginals;
        private HashSet<long>? _pairedOriginalIds;

        /// <summary>Records an original as paired with a reversal of this remittance: one reversal each.</summary>
        public void PairOriginal(LedgerClaim original)
        {
            (_pairedOriginals ??= new HashSet<LedgerClaim>(ReferenceEqualityComparer.Instance)).Add(original);
            if (original.Id > 0) (_pairedOriginalIds ??= []).Add(original.Id);
        }

        public bool IsPairedOriginal(LedgerClaim claim) =>
            _pairedOriginals is not null && (_pairedOriginals.Contains(claim) || (claim.Id > 0 && _pairedOriginalIds?.Contains(claim.Id) == true));

        public List<ReversalPlan> Reversals { get; } = [];
    }

    public ClaimPlan Pair(RemittanceDocument document)
    {
        var claims = document.Claims;
        for (var i = 0; i < claims.Count; i++)
        {
            if (claims[i].Position != i) throw new ArgumentException($"Claim {i} of remittance {document.Trace} has Position {claims[i].Position}; a document's claims must be numbered 0, 1, 2... in order.");
        }
        var work = new Work(claims);

        CancelInRemittance(document, work);
        MarkRepeats(document, work);
        var keys = IndexLocal(claims, work);
        foreach (var reversal in claims)
        {
            if (!IsReversal(reversal) || work.Used[reversal.Position]) continue;
            var pair = PairReversal(document, reversal, work);
            work.Reversals.Add(pair);
            work.PairOf[reversal.Position] = pair;
        }

        var roles = new ClaimRole[claims.Count];
        var netDeltas = new LedgerClaim?[claims.Count];
        foreach (var claim in claims)
        {
            var i = claim.Position;
            roles[i] = work.Repeated[i] ? ClaimRole.Repeated
                : work.IsCancelled[i] ? ClaimRole.CancelledOriginal
                : IsReversal(claim) && work.PairOf[i] is not null ? ClaimRole.Reversal
                : work.IsCorrection[i] ? ClaimRole.Correction
                : claim.Paid < 0 && PaidStatuses.Contains(claim.StatusCode) ? ClaimRole.NetDelta
                : claim.Paid >= 0 && !IsReversal(claim) ? ClaimRole.Paid
                : ClaimRole.None;
            if (roles[i] == ClaimRole.NetDelta) netDeltas[i] = NetDeltaOriginal(document, claim, work);
        }
        return new ClaimPlan(claims, roles, work.PairOf, netDeltas, keys, work.Reversals);
    }

    // ---- Pay-then-reverse inside the remittance -------------------------------------------------------------------

    /// <summary>
    /// PBM pattern: a reversal cancels the nearest earlier unused payment of the same claim in its own remittance, with
    /// exactly negated amounts. Settled before anything else looks at the claims, so that neither half can pass for a
    /// duplicate, a correction or another reversal's original. An identical payment already in the ledger, not yet
    /// reversed, is taken back instead: the earlier claim of this remittance is then its same-ICN correction sent before
    /// the reversal (RFI-791 tolerated).
    /// </summary>
    private void CancelInRemittance(RemittanceDocument document, Work work)
    {
        var claims = document.Claims;
        var ledgerOriginals = new HashSet<LedgerClaim>(ReferenceEqualityComparer.Instance);
        foreach (var reversal in claims)
        {
            if (!IsReversal(reversal) || FindCancelledOriginal(reversal, claims, work) is not { } cancelled) continue;
            if (IdenticalLedgerOriginal(document, reversal, ledgerOriginals) is { } inLedger)
            {
                ledgerOriginals.Add(inLedger);
                continue;
            }
            var pair = new ReversalPlan { Reversal = reversal, Original = cancelled, CancelsInRemittance = true };
            work.Used[cancelled.Position] = work.Used[reversal.Position] = true;
            work.IsCancelled[cancelled.Position] = true;
            work.PairOf[cancelled.Position] = work.PairOf[reversal.Position] = pair;
            work.Reversals.Add(pair);
        }
    }

    /// <summary>
    /// The payment a reversal cancels inside its own remittance: the nearest earlier unused claim with a paying status
    /// (never a denial), the same CLP07 (or the reversal's REF*F8) and CLP01, and CLP03 and CLP04 exactly negated.
    /// </summary>
    private static LedgerClaim? FindCancelledOriginal(LedgerClaim reversal, IReadOnlyList<LedgerClaim> claims, Work work)
    {
        if (string.IsNullOrWhiteSpace(reversal.PayerClaimNumber) && string.IsNullOrWhiteSpace(reversal.OriginalReference)) return null;
        for (var i = reversal.Position - 1; i >= 0; i--)
        {
            var c = claims[i];
            if (work.Used[i] || !PaidStatuses.Contains(c.StatusCode) || c.Paid != -reversal.Paid || c.Charge != -reversal.Charge
                || string.IsNullOrWhiteSpace(c.PayerClaimNumber)) continue;
            if (!SameKey(c.PayerClaimNumber, reversal.PayerClaimNumber) && !SameKey(c.PayerClaimNumber, reversal.OriginalReference)) continue;
            if (SameKey(c.PatientControlNumber, reversal.PatientControlNumber)) return c;
        }
        return null;
    }

    /// <summary>Two identifiers equal in normal form (R3); the raw strings first, so that the usual identical pair costs nothing.</summary>
    private static bool SameKey(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal) || ClaimKeys.Normalize(a) == ClaimKeys.Normalize(b);

    /// <summary>An active payment in the ledger (an earlier remittance) of the reversal's CLP07 with exactly its amounts negated.</summary>
    private LedgerClaim? IdenticalLedgerOriginal(RemittanceDocument document, LedgerClaim reversal, HashSet<LedgerClaim> taken)
    {
        var icn = ClaimKeys.Normalize(reversal.PayerClaimNumber);
        if (icn.Length == 0) return null;
        foreach (var c in Ledger.FindClaims(document.Partition, new ClaimKey(ClaimKeyKind.PayerClaimNumber, icn)))
        {
            if (c.State == LedgerClaimState.Active && c.DocumentId != document.DocumentId && c.Paid == -reversal.Paid
                && c.Charge == -reversal.Charge && !taken.Contains(c))
            {
                return c;
            }
        }
        return null;
    }

    // ---- R28 repeats and the local index ----------------------------------------------------------------------------

    /// <summary>R28: the same paid claim twice in one remittance counts once (reversals each look for their own original).</summary>
    private void MarkRepeats(RemittanceDocument document, Work work)
    {
        var seen = new HashSet<(string, string, decimal, decimal)>(document.Claims.Count);
        foreach (var claim in document.Claims)
        {
            if (work.Used[claim.Position] || IsReversal(claim)) continue;
            var key = ClaimKeys.Normalize(claim.PayerClaimNumber);
            if (key.Length == 0 || seen.Add((key, claim.StatusCode, claim.Charge, claim.Paid))) continue;
            work.Repeated[claim.Position] = true;
            services.Report(document, DiagnosticCodes.DuplicateClaimInRemittance, DiagnosticSeverity.Warning,
                $"Claim at position {claim.Position + 1} repeats an earlier claim of the same remittance (payer claim number, status and amounts); it was counted once.");
        }
    }

    /// <summary>Computes every claim's keys; indexes the ordinary claims when a reversal or negative payment will look for partners.</summary>
    private static IReadOnlyCollection<ClaimKey>[] IndexLocal(IReadOnlyList<LedgerClaim> claims, Work work)
    {
        var keys = new IReadOnlyCollection<ClaimKey>[claims.Count];
        var needsLocalIndex = false;
        foreach (var claim in claims) needsLocalIndex |= !work.Used[claim.Position] && (claim.Paid < 0 || IsReversal(claim));
        if (needsLocalIndex) work.SizeLocal();
        foreach (var claim in claims)
        {
            var claimKeys = keys[claim.Position] = ClaimKeys.For(claim);
            if (!needsLocalIndex || IsReversal(claim) || claim.Paid < 0 || work.Repeated[claim.Position] || work.Used[claim.Position]) continue;
            foreach (var key in claimKeys)
            {
                if (key.Kind is not (ClaimKeyKind.PayerClaimNumber or ClaimKeyKind.OriginalReference or ClaimKeyKind.ServiceKey)) continue;
                if (!work.Local.TryGetValue(key, out var list)) work.Local[key] = list = [];
                list.Add(claim);
            }
        }
        return keys;
    }

    /// <summary>
    /// The evidence that links a rebill to the reversal of the claim it replaces when the payer issued a new CLP07 (and
    /// perhaps a new member ID) without REF*F8: the same CLP01 (the pharmacy's prescription and fill number, or the
    /// provider's claim number), the same first date of service (fill date), the same charge and the same procedure or
    /// product code (SVC01, e.g. N4 NDC) and line control number (REF*6R) on every line. A hash of it here (no strings
    /// built), or null when a part is missing; <see cref="SameRebillEvidence"/> confirms a match.
    /// </summary>
    internal static ulong? RebillHash(LedgerClaim claim)
    {
        if (claim.ServiceFrom is not { } from || claim.Lines.Count == 0) return null;
        var hash = 14695981039346656037UL;
        void Add(ulong value) => hash = (hash ^ value) * 1099511628211UL;
        // The identifier as ClaimKeys.Normalize would write it (R3), hashed without building that string.
        int AddKey(string? text)
        {
            var added = 0;
            if (!string.IsNullOrWhiteSpace(text))
            {
                var allDigits = true;
                foreach (var c in text) allDigits &= IsSeparator(c) || char.IsAsciiDigit(c);
                var leading = allDigits;
                for (var i = 0; i < text.Length; i++)
                {
                    var c = text[i];
                    if (IsSeparator(c)) continue;
                    if (leading && c == '0' && HasDigitAfter(text, i)) continue;
                    leading = false;
                    Add(char.ToUpperInvariant(c));
                    added++;
                }
            }
            Add(0x1F);
            return added;
        }
        if (AddKey(claim.PatientControlNumber) == 0) return null;
        Add((ulong)from.DayNumber);
        Add((ulong)(uint)Math.Abs(claim.Charge).GetHashCode()); // equal amounts hash alike whatever their scale
        foreach (var line in claim.Lines)
        {
            if (line.Procedure.Length == 0) return null;
            foreach (var c in line.Procedure) Add(c);
            Add(0x1E);
            AddKey(line.LineControlNumber);
        }
        return hash;

        static bool IsSeparator(char c) => c is '-' or ' ' or '.' or '/' or '_' or '\t';
        static bool HasDigitAfter(string text, int i)
        {
            for (var j = i + 1; j < text.Length; j++)
            {
                if (!IsSeparator(text[j])) return true;
            }
            return false;
        }
    }

    /// <summary>The full comparison behind <see cref="RebillHash"/>: the same CLP01, first date, charge and lines.</summary>
    internal static bool SameRebillEvidence(LedgerClaim a, LedgerClaim b)
    {
        if (a.ServiceFrom != b.ServiceFrom || Math.Abs(a.Charge) != Math.Abs(b.Charge) || a.Lines.Count != b.Lines.Count
            || !SameKey(a.PatientControlNumber, b.PatientControlNumber))
        {
            return false;
        }
        for (var i = 0; i < a.Lines.Count; i++)
        {
            if (a.Lines[i].Procedure != b.Lines[i].Procedure || !SameKey(a.Lines[i].LineControlNumber, b.Lines[i].LineControlNumber)) return false;
        }
        return true;
    }

    // ---- Reversals against the ledger (R5–R8) ----------------------------------------------------------------------

    private ReversalPlan PairReversal(RemittanceDocument document, LedgerClaim reversal, Work work)
    {
        var correction = FindCorrection(reversal, work);
        var confidence = MatchConfidence.High;
        if (correction is not null)
        {
            work.Used[correction.Position] = true;
            work.IsCorrection[correction.Position] = true;
            if (correction.StatusCode == "22") confidence = MatchConfidence.Medium; // RFI-288: non-compliant
        }
        var original = FindOriginal(document, reversal, correction, work);
        string? variance = null;
        if (original is not null)
        {
            work.PairOriginal(original);
            variance = Variance(original, reversal);
            if (variance is not null) confidence = MatchConfidence.Medium;
        }
        var earlier = correction is null && original is not null ? FindEarlierCorrection(document, reversal, original) : null;
        var pair = new ReversalPlan
        {
            Reversal = reversal,
            Original = original,
            Correction = correction ?? earlier,
            CorrectionIsEarlier = earlier is not null,
            Confidence = confidence,
            Variance = variance,
        };
        if (correction is not null) work.PairOf[correction.Position] = pair;
        return pair;
    }

    /// <summary>R8: the correction of a reversal in the same remittance: same CLP07, REF*F8 = CLP07, same patient and service, or a rebill (<see cref="RebillHash"/>, last); following claims first.</summary>
    private static LedgerClaim? FindCorrection(LedgerClaim reversal, Work work)
    {
        var icn = ClaimKeys.Normalize(reversal.PayerClaimNumber);
        var lookups = new List<ClaimKey>();
        if (icn.Length > 0)
        {
            lookups.Add(new ClaimKey(ClaimKeyKind.PayerClaimNumber, icn));
            lookups.Add(new ClaimKey(ClaimKeyKind.OriginalReference, icn));
        }
        lookups.AddRange(ServiceKeys(reversal).Select(k => new ClaimKey(ClaimKeyKind.ServiceKey, k)));
        bool Eligible(LedgerClaim c) => !work.Used[c.Position] && CorrectionStatuses.Contains(c.StatusCode);
        // A rebill under a new CLP07 qualifies only when it names no other claim in REF*F8.
        bool EligibleRebill(LedgerClaim c) => Eligible(c) && c.StatusCode != "22" && SameRebillEvidence(c, reversal)
            && (ClaimKeys.Normalize(c.OriginalReference) is var f8 && (f8.Length == 0 || f8 == icn));
        foreach (var after in new[] { true, false })
        {
            foreach (var key in lookups)
            {
                if (work.Local.TryGetValue(key, out var list) && Nearest(list, after, Eligible) is { } byKey) return byKey;
            }
        }
        // Evidence last: only when no key found a correction.
        if (RebillHash(reversal) is not { } evidence || !work.Rebills().TryGetValue(evidence, out var rebills)) return null;
        return Nearest(rebills, true, EligibleRebill) ?? Nearest(rebills, false, EligibleRebill);

        LedgerClaim? Nearest(List<LedgerClaim> list, bool after, Func<LedgerClaim, bool> eligible) => after
            ? list.FirstOrDefault(c => c.Position > reversal.Position && eligible(c))
            : list.LastOrDefault(c => c.Position < reversal.Position && eligible(c));
    }

    /// <summary>
    /// R8, R24: the correction of a reversal that came in an earlier remittance (within the correction window, after the
    /// original was paid): an active, not yet linked claim whose REF*F8 names the reversed claim, or that reuses its
    /// CLP07 with a different payment (a same-ICN correction; an equal payment under the same ICN is not one).
    /// </summary>
    private LedgerClaim? FindEarlierCorrection(RemittanceDocument document, LedgerClaim reversal, LedgerClaim original)
    {
        var date = document.EffectiveDate;
        var from = date.AddDays(-services.Options.CorrectionWindowDays);
        LedgerClaim? found = null;
        var numbers = Numbers(reversal.PayerClaimNumber, original.PayerClaimNumber, reversal.OriginalReference);
        var candidates = numbers.SelectMany(k => Ledger.FindClaims(document.Partition, new ClaimKey(ClaimKeyKind.OriginalReference, k)))
            .Concat(numbers.SelectMany(k => Ledger.FindClaims(document.Partition, new ClaimKey(ClaimKeyKind.PayerClaimNumber, k)))
                .Where(c => !services.Same(c.Paid, original.Paid)));
        foreach (var c in candidates)
        {
            if (ReferenceEquals(c, original) || c.Id == original.Id || c.State != LedgerClaimState.Active || c.CorrectionOfClaimId is not null
                || c.Paid < 0 || !CorrectionStatuses.Contains(c.StatusCode) || c.DocumentId == document.DocumentId
                || c.RemittanceDate is not { } paid || paid < from || paid > date || (original.RemittanceDate is { } originalPaid && paid < originalPaid))
            {
                continue;
            }
            if (found is null || paid > found.RemittanceDate || (paid == found.RemittanceDate && c.Id > found.Id)) found = c;
        }
        return found;
    }

    /// <summary>R5 and R7: the original of a reversal through the key cascade, then the tie-breakers.</summary>
    private LedgerClaim? FindOriginal(RemittanceDocument document, LedgerClaim reversal, LedgerClaim? correction, Work work)
    {
        // One reversal per original within a remittance; a reversal that takes money back never reverses a denial.
        bool Eligible(LedgerClaim c) => !work.IsPairedOriginal(c) && (reversal.Paid == 0 || c.StatusCode != "4");
        var candidates = Candidates(document, ClaimKeyKind.PayerClaimNumber, reversal.PayerClaimNumber, reversal, correction, work);
        candidates.RemoveAll(c => !Eligible(c));
        if (candidates.Count == 0)
        {
            candidates = Candidates(document, ClaimKeyKind.PayerClaimNumber, reversal.OriginalReference, reversal, correction, work);
            candidates.RemoveAll(c => !Eligible(c));
        }
        if (candidates.Count == 0)
        {
            candidates = ServiceKeys(reversal)
                .SelectMany(key => Candidates(document, ClaimKeyKind.ServiceKey, key, reversal, correction, work, normalized: true))
                .Where(c => services.Same(c.Charge, -reversal.Charge) && Eligible(c))
                .Distinct(ReferenceEqualityComparer.Instance).Cast<LedgerClaim>().ToList();
        }
        if (candidates.Count <= 1) return candidates.FirstOrDefault();
        var date = document.EffectiveDate;
        return candidates
            .OrderBy(c => c.State == LedgerClaimState.Active ? 0 : 1)
            .ThenBy(c => c.RemittanceDate is { } d && d <= date ? 0 : 1)
            // Equal amounts before recency: a same-ICN correction paid later must not pass for the original (R6).
            .ThenBy(c => services.Same(c.Paid, -reversal.Paid) ? 0 : 1)
            // R28: a claim paid twice is taken back on the duplicate payment, not on the first.
            .ThenBy(c => c.PossibleDuplicate ? 0 : 1)
            .ThenByDescending(c => c.RemittanceDate)
            .ThenBy(c => c.Paid >= -reversal.Paid ? c.Paid : decimal.MaxValue)
            .ThenByDescending(c => c.Id)
            .First();
    }

    /// <summary>Claims under a key: the ledger's, and this remittance's earlier ordinary claims (not a correction).</summary>
    private List<LedgerClaim> Candidates(RemittanceDocument document, ClaimKeyKind kind, string? value, LedgerClaim subject, LedgerClaim? correction, Work work,
        bool normalized = false)
    {
        var key = new ClaimKey(kind, normalized ? value ?? "" : ClaimKeys.Normalize(value));
        if (key.Value.Length == 0) return [];
        var result = new List<LedgerClaim>(Ledger.FindClaims(document.Partition, key));
        if (work.Local.TryGetValue(key, out var local))
        {
            foreach (var claim in local)
            {
                if (claim.Position >= subject.Position) break;
                if (!ReferenceEquals(claim, correction) && !work.IsCorrection[claim.Position]) result.Add(claim);
            }
        }
        return result;
    }

    /// <summary>R6: reversal amounts are the original's, negated; group CR stands for any original group (4010). Null when they are.</summary>
    private string? Variance(LedgerClaim o, LedgerClaim r)
    {
        var variances = new List<string>();
        if (!services.Same(o.Charge, -r.Charge)) variances.Add($"CLP03 {MatchingServices.Money(o.Charge + r.Charge)}");
        if (!services.Same(o.Paid, -r.Paid)) variances.Add($"CLP04 {MatchingServices.Money(o.Paid + r.Paid)}");
        if (o.PatientResponsibility is { } op && r.PatientResponsibility is { } rp && !services.Same(op, -rp)) variances.Add($"CLP05 {MatchingServices.Money(op + rp)}");
        foreach (var group in r.Adjustments.GroupBy(a => a.Reason))
        {
            var reversed = group.Sum(a => a.Amount);
            var groups = group.Select(a => a.Group).ToHashSet();
            var original = o.Adjustments.Where(a => a.Reason == group.Key && (groups.Contains("CR") || groups.Contains(a.Group))).Sum(a => a.Amount);
            if (!services.Same(original, -reversed)) variances.Add($"CAS {group.Key} {MatchingServices.Money(original + reversed)}");
        }
        return variances.Count == 0 ? null : "Reversal differs from the original: " + string.Join(", ", variances) + ".";
    }

    // ---- R10 ----------------------------------------------------------------------------------------------------------

    /// <summary>R10: the original a net-delta claim adjusts, by CLP07 then REF*F8.</summary>
    private LedgerClaim? NetDeltaOriginal(RemittanceDocument document, LedgerClaim claim, Work work) =>
        Candidates(document, ClaimKeyKind.PayerClaimNumber, claim.PayerClaimNumber, claim, null, work).FirstOrDefault()
        ?? Candidates(document, ClaimKeyKind.PayerClaimNumber, claim.OriginalReference, claim, null, work).FirstOrDefault();
}
