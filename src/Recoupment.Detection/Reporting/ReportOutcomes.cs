using Recoupment.Detection.Cases;
using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Reporting;

/// <summary>The cases of one status: how many, and the money they were opened for.</summary>
/// <param name="Status">The current status.</param>
/// <param name="Cases">Cases and their amounts (the amount opened or recovered, not what is still outstanding).</param>
public sealed record CaseStatusTotal(CaseStatus Status, ReportTally Cases);

/// <summary>How the decided appeals and disputes of one group ended.</summary>
/// <param name="Key">The payer key or the root cause.</param>
/// <param name="Name">The payer's name, when known.</param>
/// <param name="Won">Cases won: their count and the money recovered.</param>
/// <param name="Lost">Cases lost: their count and the money they were for.</param>
public sealed record AppealResults(string Key, string? Name, ReportTally Won, ReportTally Lost)
{
    /// <summary>Won over won plus lost, 0 to 1; null before any is decided.</summary>
    public decimal? WinRate => Won.Count + Lost.Count == 0 ? null : (decimal)Won.Count / (Won.Count + Lost.Count);
}

/// <summary>What the billing team decided and how the cases ended (the "Outcomes" section of the report).</summary>
public sealed record ReportOutcomes
{
    /// <summary>Every status, in lifecycle order, with the cases now in it (closed cases included).</summary>
    public required IReadOnlyList<CaseStatusTotal> ByStatus { get; init; }
    /// <summary>Appeal results by payer (payers with a won or lost case), most decided first.</summary>
    public required IReadOnlyList<AppealResults> AppealsByPayer { get; init; }
    /// <summary>Appeal results by root cause.</summary>
    public required IReadOnlyList<AppealResults> AppealsByRootCause { get; init; }
    /// <summary>Money recovered by won appeals and disputes: the amounts of the won cases.</summary>
    public ReportTally RecoveredByWonAppeals { get; init; }
}

/// <summary>One recoupment of a repeat pattern.</summary>
/// <param name="EventId">The recoupment event.</param>
/// <param name="ClaimId">CLP01 of the claim.</param>
/// <param name="PayerClaimNumber">CLP07 of the original claim.</param>
/// <param name="Date">The remittance date of the recoupment.</param>
/// <param name="Amount">The money taken back.</param>
public sealed record PatternClaim(string EventId, string? ClaimId, string? PayerClaimNumber, DateOnly Date, decimal Amount);

/// <summary>
/// A repeat pattern: the same procedure code (SVC01 with modifiers) recouped for the same cause (root cause, else
/// CARC) three or more times within 90 days for one provider: the billing or documentation error to fix.
/// </summary>
public sealed record RepeatPattern
{
    /// <summary>The rendering provider (NM1*82), else the provider paid.</summary>
    public required string ProviderId { get; init; }
    /// <summary>The provider's name, when known.</summary>
    public string? ProviderName { get; init; }
    /// <summary>The procedure code with its modifiers, e.g. <c>HC:99214:25</c>.</summary>
    public required string Procedure { get; init; }
    /// <summary>The root cause the recoupments share (<see cref="RootCause.Unknown"/> when they share a CARC instead).</summary>
    public RootCause RootCause { get; init; }
    /// <summary>The CARC they share (GROUP-CODE), when the root cause is unknown.</summary>
    public string? Carc { get; init; }
    /// <summary>The recoupments of the pattern: count and money.</summary>
    public ReportTally Recouped { get; init; }
    /// <summary>The first recoupment's date.</summary>
    public DateOnly First { get; init; }
    /// <summary>The last recoupment's date (at most 90 days after <see cref="First"/>).</summary>
    public DateOnly Last { get; init; }
    /// <summary>The claims, oldest first.</summary>
    public required IReadOnlyList<PatternClaim> Claims { get; init; }

    /// <summary>The shared cause in words: "Coding" or "CARC CO-50".</summary>
    public string Cause => Carc is null ? RecoupmentReport.CauseInWords(RootCause.ToString()) : $"CARC {Carc}";
}
