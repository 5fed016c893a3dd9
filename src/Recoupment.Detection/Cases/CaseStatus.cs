namespace Recoupment.Detection.Cases;

/// <summary>Where a worklist case stands: what the billing team decided about a recoupment, and how it ended.</summary>
public enum CaseStatus
{
    /// <summary>Found by a scan; nobody has looked at it yet (every case starts here, without a history entry).</summary>
    New,
    /// <summary>Someone is reviewing it.</summary>
    InReview,
    /// <summary>The recoupment is valid and the practice accepts it (closed).</summary>
    Accepted,
    /// <summary>Disputed with the payer informally (a reconsideration or a call), before or instead of a formal appeal.</summary>
    Disputed,
    /// <summary>A formal appeal was filed.</summary>
    Appealed,
    /// <summary>The appeal or dispute was won: the payer returns the money (closed).</summary>
    Won,
    /// <summary>The appeal or dispute was lost (closed; a further appeal level reopens it as appealed).</summary>
    Lost,
    /// <summary>Written off by the practice without an appeal (closed).</summary>
    WrittenOff,
}

/// <summary>
/// The case statuses, their names on the command line and in reports, and which changes are allowed (see docs/cases.md):
/// <code>
/// new        → in_review, accepted, disputed, appealed, written_off
/// in_review  → accepted, disputed, appealed, written_off
/// disputed   → in_review, accepted, appealed, won, lost, written_off
/// appealed   → won, lost, written_off
/// lost       → appealed (the next appeal level)
/// accepted, won, written_off: final
/// </code>
/// Accepted, won, lost and written off are closed: the case leaves the worklist and stays in the history and the totals.
/// </summary>
public static class CaseStatuses
{
    private static readonly CaseStatus[] All = Enum.GetValues<CaseStatus>();

    private static readonly Dictionary<CaseStatus, CaseStatus[]> Allowed = new()
    {
        [CaseStatus.New] = [CaseStatus.InReview, CaseStatus.Accepted, CaseStatus.Disputed, CaseStatus.Appealed, CaseStatus.WrittenOff],
        [CaseStatus.InReview] = [CaseStatus.Accepted, CaseStatus.Disputed, CaseStatus.Appealed, CaseStatus.WrittenOff],
        [CaseStatus.Disputed] = [CaseStatus.InReview, CaseStatus.Accepted, CaseStatus.Appealed, CaseStatus.Won, CaseStatus.Lost, CaseStatus.WrittenOff],
        [CaseStatus.Appealed] = [CaseStatus.Won, CaseStatus.Lost, CaseStatus.WrittenOff],
        [CaseStatus.Lost] = [CaseStatus.Appealed],
        [CaseStatus.Accepted] = [],
        [CaseStatus.Won] = [],
        [CaseStatus.WrittenOff] = [],
    };

    /// <summary>True when a case may go from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool CanChange(CaseStatus from, CaseStatus to) => Allowed[from].Contains(to);

    /// <summary>The statuses a case in <paramref name="from"/> may go to.</summary>
    public static IReadOnlyList<CaseStatus> Next(CaseStatus from) => Allowed[from];

    /// <summary>True for accepted, won, lost and written off: the case is off the worklist.</summary>
    public static bool IsClosed(CaseStatus status) => status is CaseStatus.Accepted or CaseStatus.Won or CaseStatus.Lost or CaseStatus.WrittenOff;

    /// <summary>The name in the command line, the ledger and the reports: <c>new</c>, <c>in_review</c>, <c>written_off</c>...</summary>
    public static string Name(CaseStatus status) => status switch
    {
        CaseStatus.New => "new",
        CaseStatus.InReview => "in_review",
        CaseStatus.Accepted => "accepted",
        CaseStatus.Disputed => "disputed",
        CaseStatus.Appealed => "appealed",
        CaseStatus.Won => "won",
        CaseStatus.Lost => "lost",
        CaseStatus.WrittenOff => "written_off",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>Every status name, in lifecycle order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(Name).ToArray();

    /// <summary>
    /// Reads a status name: <c>in_review</c>, <c>in-review</c>, <c>in review</c> and <c>InReview</c> are the same, in
    /// any case. False when it names no status.
    /// </summary>
    public static bool TryParse(string? text, out CaseStatus status)
    {
        status = CaseStatus.New;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var key = new string(text.Where(char.IsLetter).Select(char.ToLowerInvariant).ToArray());
        foreach (var s in All)
        {
            if (Name(s).Replace("_", "", StringComparison.Ordinal) == key)
            {
                status = s;
                return true;
            }
        }
        return false;
    }
}
