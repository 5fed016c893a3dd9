using Recoupment.Detection.Cases;
using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Matching.Ledger;

/// <summary>
/// The claim ledger: every paid claim per partition with its keys, the receivables (WO, FB, PI, AP) and their
/// collections, unmatched recoveries in suspense, reversals waiting for their correction, the processed remittances
/// and the events emitted. The engine reads and changes it one remittance at a time, inside
/// <see cref="BeginDocument"/>, so that a durable implementation writes each remittance atomically.
/// Lookups are by exact normalised key: the engine never scans the ledger. The ledger also keeps the history of the
/// worklist cases (<see cref="ICaseStore"/>): what the billing team decided and how each case ended.
/// </summary>
public interface IClaimLedger : ICaseStore
{
    /// <summary>Starts the changes of one remittance; nothing is kept unless the scope is committed.</summary>
    ILedgerScope BeginDocument(DocumentRecord document);

    /// <summary>
    /// Starts changes that belong to no remittance (the engine's <see cref="RecoupmentEngine.Complete"/>): a durable
    /// ledger keeps all of them, on <see cref="ILedgerScope.Commit"/>, or none, so that a crash cannot keep a closed
    /// item without the event that closed it. The default groups nothing: each change is kept as it is made.
    /// </summary>
    ILedgerScope BeginTransaction() => UngroupedScope.Instance;

    /// <summary>True when a remittance with this identity was already processed.</summary>
    bool ContainsDocument(string documentId);

    /// <summary>Every processed remittance, in the order the ledger recorded them, with the payer and payee names (for reports).</summary>
    IReadOnlyList<DocumentRecord> AllDocuments();

    /// <summary>Processed remittances of the partition with this TRN02.</summary>
    IReadOnlyList<DocumentRecord> FindDocumentsByTrace(PartitionKey partition, string trace);

    /// <summary>
    /// Adds a claim under its keys and assigns its <see cref="LedgerClaim.Id"/>. The keys are those of
    /// <see cref="ClaimKeys.For"/>: ledgers may index by hash and confirm hits with <see cref="ClaimKeys.Has"/>.
    /// </summary>
    void AddClaim(LedgerClaim claim, IReadOnlyCollection<ClaimKey> keys);

    /// <summary>Saves a changed claim (state, correction link, duplicate flag).</summary>
    void UpdateClaim(LedgerClaim claim);

    /// <summary>The claims of the partition indexed under the key, oldest first.</summary>
    IReadOnlyList<LedgerClaim> FindClaims(PartitionKey partition, ClaimKey key);

    /// <summary>A claim by ledger id, or null.</summary>
    LedgerClaim? GetClaim(long id);

    /// <summary>Adds a receivable under its reference keys and assigns its <see cref="Receivable.Id"/>.</summary>
    void AddReceivable(Receivable receivable, IReadOnlyCollection<string> referenceKeys);

    /// <summary>Saves a changed receivable (collected amount, status, stale flag).</summary>
    void UpdateReceivable(Receivable receivable);

    /// <summary>The open receivables of the partition indexed under the reference key, oldest first (FIFO, R15).</summary>
    IReadOnlyList<Receivable> FindOpenReceivables(PartitionKey partition, string referenceKey);

    /// <summary>The open receivables of the partition, oldest first.</summary>
    IReadOnlyList<Receivable> OpenReceivables(PartitionKey partition);

    /// <summary>Every open receivable of every partition, oldest first (for reports).</summary>
    IReadOnlyList<Receivable> AllOpenReceivables();

    /// <summary>Parks an unmatched recovery under its keys and assigns its <see cref="SuspenseItem.Id"/>.</summary>
    void AddSuspense(SuspenseItem item, IReadOnlyCollection<string> keys);

    /// <summary>The suspended recoveries of the partition indexed under the key, oldest first.</summary>
    IReadOnlyList<SuspenseItem> FindSuspense(PartitionKey partition, string key);

    /// <summary>Removes a suspended recovery that was linked.</summary>
    void RemoveSuspense(SuspenseItem item);

    /// <summary>Every suspended recovery (for reports).</summary>
    IReadOnlyList<SuspenseItem> AllSuspense();

    /// <summary>Keeps a matched reversal that waits for its correction, under its keys.</summary>
    void AddPendingReversal(PendingReversal pending, IReadOnlyCollection<string> keys);

    /// <summary>The pending reversals of the partition indexed under the key, oldest first.</summary>
    IReadOnlyList<PendingReversal> FindPendingReversals(PartitionKey partition, string key);

    /// <summary>Pending reversals of the partition (any partition when null) whose due date is before <paramref name="date"/>, oldest first.</summary>
    IReadOnlyList<PendingReversal> PendingReversalsDueBefore(PartitionKey? partition, DateOnly date);

    /// <summary>Removes a pending reversal (linked to its correction, or expired into a full takeback).</summary>
    void RemovePendingReversal(PendingReversal pending);

    /// <summary>Records that <paramref name="providerId"/> is paid under the tax ID <paramref name="taxId"/> (affiliation, R1, R21).</summary>
    void RegisterProvider(string taxId, string providerId);

    /// <summary>The tax ID a provider was seen under, or null.</summary>
    string? TaxIdOf(string providerId);

    /// <summary>Keeps emitted events (for reports and for linking across runs).</summary>
    void RecordEvents(IReadOnlyList<RecoupmentEvent> events);

    /// <summary>The events recorded so far, in order.</summary>
    IReadOnlyList<RecoupmentEvent> Events();
}

/// <summary>The scope of a ledger that keeps each change as it is made: nothing to commit, nothing to undo.</summary>
internal sealed class UngroupedScope : ILedgerScope
{
    public static readonly UngroupedScope Instance = new();

    public void Commit()
    {
    }

    public void Dispose()
    {
    }
}

/// <summary>The changes of one remittance: kept on <see cref="Commit"/>, undone when disposed without it.</summary>
public interface ILedgerScope : IDisposable
{
    /// <summary>Keeps every change made since the scope began, atomically.</summary>
    void Commit();
}
