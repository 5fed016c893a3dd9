using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Lists = Recoupment.Detection.Era835.CodeLists.CodeLists;

namespace Recoupment.Detection.Matching;

/// <summary>
/// Explains why money was taken back (RECOUPMENT-RULES §5). A reversal's CARCs only repeat the original adjudication,
/// so the cause comes from what changed in the correction: procedure, modifiers, units, and the CARCs whose amounts
/// grew; then COB and reprocessing signals. Without a correction, only what the reversal adds to the original's
/// adjudication can tell: a CARC or RARC the original did not carry (or, when the original is not known, an adjustment
/// that does not mirror a paid one), a corrected priority payer (COB) or a corrected patient ID (eligibility). With
/// none of that the cause is Unknown: the codes do not say.
/// </summary>
public static class RootCauseClassifier
{
    /// <summary>The root cause and the CARCs behind it (as GROUP-CODE).</summary>
    /// <param name="original">The original paid claim, when known.</param>
    /// <param name="reversal">The reversal, when there is one.</param>
    /// <param name="correction">The correction, when there is one.</param>
    public static (RootCause Cause, IReadOnlyList<string> Carcs) Classify(LedgerClaim? original, LedgerClaim? reversal, LedgerClaim? correction)
    {
        var before = original?.Adjustments ?? Negate(reversal?.Adjustments);
        if (original?.PossibleDuplicate == true || HasCategory(reversal, "Duplicate") || HasCategory(correction, "Duplicate"))
        {
            return (RootCause.Duplicate, Codes(correction ?? reversal, "Duplicate"));
        }
        if (correction is null)
        {
            return reversal is null ? (RootCause.Unknown, []) : FromReversalAlone(original, reversal);
        }

        // The CARCs whose amounts grew from the original to the correction, largest growth first.
        var increased = new List<(AdjustmentAmount Adjustment, decimal Growth)>(correction.Adjustments.Count);
        foreach (var a in correction.Adjustments)
        {
            var previous = 0m;
            foreach (var b in before)
            {
                if (b.Reason == a.Reason && (b.Group == a.Group || b.Group == "CR" || a.Group == "CR")) previous += b.Amount;
            }
            if (a.Amount - previous > 0) increased.Add((a, a.Amount - previous));
        }
        // A stable sort: equal growth keeps the correction's order.
        if (increased.Count > 1) increased = increased.OrderByDescending(x => x.Growth).ToList();
        var carcs = increased.Select(x => Code(x.Adjustment)).Distinct().ToList();

        // A denied correction: its denial reason is the cause.
        if (correction.Paid == 0 && correction.StatusCode == "4" && FirstCause(increased.Select(x => x.Adjustment.Reason)) is { } denial)
        {
            return (denial, carcs);
        }
        if (LineChange(original ?? reversal, correction) is { } lineCause) return (lineCause, carcs);
        if (FirstCause(increased.Select(x => x.Adjustment.Reason)) is { } carcCause) return (carcCause, carcs);
        if (correction.HasCorrectedPriorityPayer || (original is not null && original.StatusCode == "1" && correction.StatusCode is "2" or "3"))
        {
            return (RootCause.CoordinationOfBenefits, carcs);
        }
        if (correction.RemarkCodes.Any(r => Lists.Rarc.CategoryOf(r) == "PayerReprocessing") || correction.Adjustments.Any(a => a.Reason == "129"))
        {
            return (RootCause.PayerReprocessing, carcs);
        }
        return (RootCause.Unknown, carcs);
    }

    /// <summary>A reversal without its correction: what it adds to the original adjudication, if anything, is the cause.</summary>
    private static (RootCause Cause, IReadOnlyList<string> Carcs) FromReversalAlone(LedgerClaim? original, LedgerClaim reversal)
    {
        // The reversal's own CAS mirrors the original's (amounts negated). New evidence is a code the original did not
        // carry; without the original, an adjustment that is not the negation of a paid one (a positive amount).
        var added = reversal.Adjustments
            .Where(a => original is null ? a.Amount > 0 : !original.Adjustments.Any(o => o.Reason == a.Reason && (o.Group == a.Group || a.Group == "CR" || o.Group == "CR")))
            .ToList();
        if (FirstCause(added.Select(a => a.Reason)) is { } carcCause)
        {
            return (carcCause, added.Where(a => FromCategory(Lists.Carc.CategoryOf(a.Reason)) == carcCause).Select(Code).Distinct().ToList());
        }
        var carcs = reversal.Adjustments.Select(Code).Distinct().ToList();
        // Remark codes can be told from the original's only when the original is known.
        if (original is not null)
        {
            foreach (var remark in reversal.RemarkCodes.Where(r => !original.RemarkCodes.Contains(r)))
            {
                if (FromCategory(Lists.Rarc.CategoryOf(remark)) is { } remarkCause) return (remarkCause, carcs);
            }
        }
        if (reversal.HasCorrectedPriorityPayer) return (RootCause.CoordinationOfBenefits, carcs);
        if (reversal.CorrectedPatientId is { Length: > 0 } corrected && original?.PatientId is { } patient
            && ClaimKeys.Normalize(corrected) != ClaimKeys.Normalize(patient))
        {
            return (RootCause.Eligibility, carcs);
        }
        return (RootCause.Unknown, carcs);
    }

    private static RootCause? LineChange(LedgerClaim? before, LedgerClaim after)
    {
        if (after.Lines.Any(l => l.SubmittedProcedure is not null && l.SubmittedProcedure != l.Procedure)) return RootCause.Coding;
        if (before is null || before.Lines.Count == 0) return null;
        for (var i = 0; i < after.Lines.Count; i++)
        {
            var line = after.Lines[i];
            var old = (line.LineControlNumber is { } control ? before.Lines.FirstOrDefault(l => l.LineControlNumber == control) : null)
                      ?? (i < before.Lines.Count ? before.Lines[i] : null);
            if (old is null) continue;
            if (old.Procedure != line.Procedure) return RootCause.Coding;
            if (old.Modifiers != line.Modifiers) return RootCause.Modifier;
            if (old.Units is { } u && line.Units is { } v && Math.Abs(u) != Math.Abs(v)) return RootCause.Units;
        }
        return null;
    }

    private static RootCause? FirstCause(IEnumerable<string> reasons)
    {
        foreach (var reason in reasons)
        {
            if (FromCategory(Lists.Carc.CategoryOf(reason)) is { } cause) return cause;
        }
        return null;
    }

    /// <summary>Maps a CARC/RARC category of the code lists to a root cause; null for categories that explain nothing.</summary>
    public static RootCause? FromCategory(string? category) => category switch
    {
        "Duplicate" => RootCause.Duplicate,
        "Coding" => RootCause.Coding,
        "Modifier" => RootCause.Modifier,
        "Units" => RootCause.Units,
        "Documentation" or "Authorization" => RootCause.Documentation,
        "MedicalNecessity" => RootCause.MedicalNecessity,
        "CoordinationOfBenefits" => RootCause.CoordinationOfBenefits,
        "FeeSchedule" => RootCause.FeeSchedule,
        "Eligibility" => RootCause.Eligibility,
        "PayerReprocessing" => RootCause.PayerReprocessing,
        _ => null,
    };

    private static bool HasCategory(LedgerClaim? claim, string category) =>
        claim is not null && (claim.Adjustments.Any(a => Lists.Carc.CategoryOf(a.Reason) == category)
                              || claim.RemarkCodes.Any(r => Lists.Rarc.CategoryOf(r) == category));

    private static List<string> Codes(LedgerClaim? claim, string category) =>
        claim is null ? [] : claim.Adjustments.Where(a => Lists.Carc.CategoryOf(a.Reason) == category).Select(Code).Distinct().ToList();

    private static string Code(AdjustmentAmount a) => $"{a.Group}-{a.Reason}";

    private static IReadOnlyList<AdjustmentAmount> Negate(IReadOnlyList<AdjustmentAmount>? adjustments) =>
        adjustments is null ? [] : adjustments.Select(a => a with { Amount = -a.Amount }).ToList();
}
