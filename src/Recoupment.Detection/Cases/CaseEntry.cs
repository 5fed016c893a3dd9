namespace Recoupment.Detection.Cases;

/// <summary>
/// One entry of a case's history, as the ledger keeps it (append-only: entries are never changed or removed). The
/// current status of a case is the status of its latest entry; a case without entries is <see cref="CaseStatus.New"/>.
/// </summary>
public sealed record CaseEntry
{
    /// <summary>The case (<see cref="CaseIds.For"/> of <see cref="EventId"/>).</summary>
    public required string CaseId { get; init; }
    /// <summary>The event that opened the worklist item (ReceivableOpened, UnmatchedRecoupment).</summary>
    public required string EventId { get; init; }
    /// <summary>The status the case went to.</summary>
    public required CaseStatus Status { get; init; }
    /// <summary>What the team wrote (free text, kept as given: it is the team's, not the payer's).</summary>
    public string? Note { get; init; }
    /// <summary>Who made the change.</summary>
    public string? By { get; init; }
    /// <summary>When the change was made.</summary>
    public required DateTimeOffset At { get; init; }
}

/// <summary>Case identifiers: derived from the identity of the event that opened the worklist item.</summary>
public static class CaseIds
{
    /// <summary>
    /// The case id of the worklist item opened by <paramref name="eventId"/>: <c>CS</c> and the event's hash
    /// (<c>EV1f…</c> → <c>CS1f…</c>). Event ids come from the remittance content and the event's place in it, so the
    /// case id is the same across re-scans and across ledgers.
    /// </summary>
    public static string For(string eventId)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        return eventId.StartsWith("EV", StringComparison.Ordinal) ? string.Concat("CS", eventId.AsSpan(2)) : "CS-" + eventId;
    }
}

/// <summary>The history of every case in a ledger: entries appended, never changed (part of the ledger contract).</summary>
public interface ICaseStore
{
    /// <summary>Appends an entry to its case's history (kept at once, atomically, outside any remittance scope).</summary>
    void AppendCaseEntry(CaseEntry entry);

    /// <summary>The history of one case, oldest first; empty when the case has none.</summary>
    IReadOnlyList<CaseEntry> CaseHistory(string caseId);

    /// <summary>Every case entry of the ledger, in the order they were appended.</summary>
    IReadOnlyList<CaseEntry> AllCaseEntries();
}
