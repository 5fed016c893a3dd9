using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Matching.Pipeline;

/// <summary>One PLB adjustment pair of a remittance with its parsed reference and what it pairs with there.</summary>
internal sealed record PlbEntry
{
    public required ProviderAdjustment Adjustment { get; init; }

    /// <summary>R13: the reference (PLB03-2) parsed into claim keys.</summary>
    public required ParsedReference Reference { get; init; }

    public string Code => Adjustment.ReasonCode;

    public decimal Amount => Adjustment.Amount;

    /// <summary>R18/R19: the WO/FB this 72 acknowledges or this CS writes off.</summary>
    public PlbEntry? Partner { get; init; }

    /// <summary>A 72 or CS acknowledges or writes off this entry: it has no event of its own.</summary>
    public bool ConsumedByPartner { get; init; }

    /// <summary>R27: the reversal whose takeback this negative WO (or FB) defers.</summary>
    public ReversalPlan? DefersPair { get; init; }

    /// <summary>R16: the forward balance applied in the same remittance that this new one continues.</summary>
    public string? RolledFrom { get; init; }

    /// <summary>True when the entry has no 72/CS partner either way.</summary>
    public bool IsFree => Partner is null && !ConsumedByPartner;
}

/// <summary>How a remittance's PLB entries pair among themselves and with its reversals; immutable.</summary>
internal sealed class AdjustmentPlan(IReadOnlyList<PlbEntry> entries, IReadOnlyDictionary<ReversalPlan, decimal> deferred)
{
    public static AdjustmentPlan Empty { get; } = new([], new Dictionary<ReversalPlan, decimal>());

    public IReadOnlyList<PlbEntry> Entries { get; } = entries;

    /// <summary>R27: the part of a reversal's takeback that a negative WO or FB of the same remittance defers.</summary>
    public decimal DeferredAmount(ReversalPlan pair) => deferred.TryGetValue(pair, out var amount) ? amount : 0;

    /// <summary>The remittance carries interest (L6 or 51): an over-collection is then interest on the overpayment.</summary>
    public bool HasInterest => Entries.Any(e => e.Code is "L6" or "51");
}

/// <summary>
/// Stage 4, PLB analysis: parses every reference (R13) and pairs the entries of one remittance: refund acknowledgements
/// (R18), payer write-offs (R19), forward-balance roll-overs (R16) and deferrals of this remittance's reversals (R27).
/// Reads nothing but the remittance and the claim plan; the result is an immutable <see cref="AdjustmentPlan"/>.
/// </summary>
internal sealed class ProviderAdjustmentAnalysis(MatchingServices services)
{
    /// <summary>Codes whose negative amount opens a receivable (R14).</summary>
    public static readonly HashSet<string> OpeningCodes = ["WO", "FB", "PI", "AP"];

    /// <summary>Codes whose positive amount collects one (R14).</summary>
    public static readonly HashSet<string> CollectingCodes = ["WO", "FB", "PI", "AP", "OB", "WU", "TL"];

    public AdjustmentPlan Analyse(RemittanceDocument document, ClaimPlan claims)
    {
        var adjustments = document.ProviderAdjustments;
        if (adjustments.Count == 0) return AdjustmentPlan.Empty;
        var entries = adjustments.Select(a => new PlbEntry { Adjustment = a, Reference = ReferenceParser.Parse(a.Reference) }).ToArray();
        var partner = new int[entries.Length];
        var consumed = new bool[entries.Length];
        Array.Fill(partner, -1);
        bool Free(int i) => partner[i] < 0 && !consumed[i];

        // R18: a 72 (−) with a WO/FB (+) of the same reference and amount acknowledges the provider's refund check.
        // R19: a CS (−) with a WO/FB (+) of the same amount (and reference, or write-off wording) is a payer write-off.
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (entry.Amount >= 0 || entry.Code is not ("72" or "CS")) continue;
            var writeOffText = entry.Code == "CS" && (entry.Adjustment.Reference ?? "").Contains("WRITE", StringComparison.OrdinalIgnoreCase);
            for (var j = 0; j < entries.Length; j++)
            {
                var p = entries[j];
                if (j == i || !Free(j) || p.Code is not ("WO" or "FB") || p.Amount <= 0 || !services.Same(p.Amount, -entry.Amount)
                    || !(p.Reference.Whole == entry.Reference.Whole || (entry.Code == "CS" && writeOffText)))
                {
                    continue;
                }
                partner[i] = j;
                consumed[j] = true;
                break;
            }
        }

        // R16: in one remittance FB(+R_prev) with FB(−R_current) continues a forward-balance chain.
        var applied = Enumerable.Range(0, entries.Length).Where(i => entries[i].Code == "FB" && entries[i].Amount > 0 && Free(i)).Select(i => entries[i]).FirstOrDefault();

        // R27: a WO (or Medicare FB) with a negative amount in the remittance of a reversal defers its takeback:
        // linked by the reference (the reversal's or correction's CLP07), else by the amount of the net delta.
        // An FB defers only when it offsets the whole net takeback (Medicare Step I); a smaller FB naming the claim
        // carries the remittance's shortfall (R12), with a non-standard reference.
        var deferred = new Dictionary<ReversalPlan, decimal>(ReferenceEqualityComparer.Instance);
        var defers = new ReversalPlan?[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (entry.Amount >= 0 || !OpeningCodes.Contains(entry.Code) || !Free(i)) continue;
            var keys = entry.Reference.Keys;
            bool Open(ReversalPlan p) => !deferred.ContainsKey(p) && p.Takeback > 0;
            var pair = claims.Reversals.FirstOrDefault(p => Open(p) && (Matches(keys, p.Reversal.PayerClaimNumber) || Matches(keys, p.Correction?.PayerClaimNumber))
                                                            && (entry.Code != "FB" || services.Same(p.Takeback, -entry.Amount)))
                       ?? (entry.Code == "WO" ? claims.Reversals.FirstOrDefault(p => Open(p) && services.Same(p.Takeback, -entry.Amount)) : null);
            if (pair is null) continue;
            deferred[pair] = Math.Min(-entry.Amount, pair.Takeback);
            defers[i] = pair;
        }

        var plan = new PlbEntry[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            plan[i] = entry with
            {
                ConsumedByPartner = consumed[i],
                DefersPair = defers[i],
                RolledFrom = applied is not null && entry.Code == "FB" && entry.Amount < 0 && entry.Reference.Whole != applied.Reference.Whole
                    ? applied.Adjustment.Reference
                    : null,
            };
        }
        // Partners point at the final entries.
        for (var i = 0; i < plan.Length; i++)
        {
            if (partner[i] >= 0) plan[i] = plan[i] with { Partner = plan[partner[i]] };
        }
        return new AdjustmentPlan(plan, deferred);
    }

    private static bool Matches(IReadOnlyCollection<string> keys, string? claimNumber)
    {
        var key = ClaimKeys.Normalize(claimNumber);
        return key.Length > 0 && keys.Contains(key);
    }
}
