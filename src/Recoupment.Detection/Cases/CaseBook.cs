using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Reporting;

namespace Recoupment.Detection.Cases;

/// <summary>Why a case change was refused.</summary>
public enum CaseChangeError
{
    /// <summary>No worklist item or case history has this id.</summary>
    UnknownCase,
    /// <summary>The transition table does not allow going from the current status to the new one.</summary>
    InvalidTransition,
}

/// <summary>A case change that was refused; nothing was written.</summary>
public sealed class CaseChangeException(CaseChangeError error, string message) : InvalidOperationException(message)
{
    /// <summary>Unknown case or invalid transition.</summary>
    public CaseChangeError Error { get; } = error;
}

/// <summary>
/// The worklist cases of a ledger, for a pipeline or a workflow system: look a case up, change its status (checked
/// against <see cref="CaseStatuses"/>' transition table, appended to the ledger's history). Changes go to the ledger
/// at once, each in a transaction of its own.
/// </summary>
/// <param name="ledger">The ledger the cases are in.</param>
/// <param name="clock">Gives the time of each change; the system clock when null.</param>
public sealed class CaseBook(IClaimLedger ledger, TimeProvider? clock = null)
{
    private readonly IClaimLedger _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Every case of the ledger (open, closed, and no longer open), as the report sees them on <paramref name="asOf"/>.</summary>
    public IReadOnlyList<WorklistItem> All(DateOnly asOf) => RecoupmentReport.Create(_ledger, asOf).Cases;

    /// <summary>The case with this id, or null.</summary>
    public WorklistItem? Find(string caseId, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        return All(asOf).FirstOrDefault(c => string.Equals(c.CaseId, caseId.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The history of a case, oldest first.</summary>
    public IReadOnlyList<CaseEntry> History(string caseId) => _ledger.CaseHistory(caseId);

    /// <summary>
    /// Moves a case to <paramref name="status"/> with an optional note and author; returns the entry written.
    /// </summary>
    /// <exception cref="CaseChangeException">The case is unknown, or the change is not in the transition table; nothing is written.</exception>
    public CaseEntry Set(string caseId, CaseStatus status, string? note = null, string? by = null)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        var item = Find(caseId, DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime))
                   ?? throw new CaseChangeException(CaseChangeError.UnknownCase, $"No case {caseId.Trim()} in the ledger (recoup case list shows the cases).");
        if (!CaseStatuses.CanChange(item.CaseStatus, status))
        {
            var next = CaseStatuses.Next(item.CaseStatus);
            var allowed = next.Count == 0 ? "none: the case is closed" : string.Join(", ", next.Select(CaseStatuses.Name));
            throw new CaseChangeException(CaseChangeError.InvalidTransition,
                $"Case {item.CaseId} is {CaseStatuses.Name(item.CaseStatus)}: it cannot become {CaseStatuses.Name(status)} (allowed: {allowed}).");
        }
        var entry = new CaseEntry
        {
            CaseId = item.CaseId,
            EventId = item.EventId,
            Status = status,
            Note = string.IsNullOrWhiteSpace(note) ? null : note,
            By = string.IsNullOrWhiteSpace(by) ? null : by,
            At = _clock.GetUtcNow(),
        };
        _ledger.AppendCaseEntry(entry);
        return entry;
    }
}
