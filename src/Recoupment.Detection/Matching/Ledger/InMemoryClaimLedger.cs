using Recoupment.Detection.Cases;
using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Matching.Ledger;

/// <summary>
/// The claim ledger in memory: hash indexes per partition and key, so every lookup costs the same whatever the size
/// of the ledger. Changes apply as they are made; a scope that is not committed leaves them in place (in memory there
/// is nothing to protect from a crash). Not thread-safe: one engine per ledger.
/// </summary>
public sealed class InMemoryClaimLedger : IClaimLedger
{
    private readonly Dictionary<long, LedgerClaim> _claims = [];
    private readonly Dictionary<long, SuspenseItem> _suspense = [];
    private readonly Dictionary<PartitionKey, PartitionState> _partitions = [];
    private readonly Dictionary<string, DocumentRecord> _documents = new(StringComparer.Ordinal);
    private readonly List<DocumentRecord> _documentOrder = [];
    private readonly Dictionary<string, string> _taxIdByProvider = new(StringComparer.Ordinal);
    private readonly List<RecoupmentEvent> _events = [];
    private readonly List<CaseEntry> _cases = [];
    private PartitionKey _lastKey;
    private PartitionState? _last;
    private long _nextId = 1;

    /// <summary>Everything the ledger keeps about one partition, found with one lookup.</summary>
    private sealed class PartitionState
    {
        // Claim keys are hashed to claim ids (no references for the GC to trace); hits are confirmed on the claim.
        public readonly ClaimKeyIndex Claims = new();
        public readonly Dictionary<string, List<Receivable>> ReceivablesByKey = new(StringComparer.Ordinal);
        public readonly List<Receivable> Receivables = [];
        public readonly Dictionary<string, List<SuspenseItem>> SuspenseByKey = new(StringComparer.Ordinal);
        public readonly Dictionary<string, List<PendingReversal>> PendingByKey = new(StringComparer.Ordinal);
        public readonly SortedDictionary<(DateOnly Due, long Id), PendingReversal> PendingByDue = [];
        public readonly Dictionary<string, List<DocumentRecord>> DocumentsByTrace = new(StringComparer.Ordinal);
    }

    /// <summary>Number of claims held.</summary>
    public int ClaimCount => _claims.Count;

    private PartitionState? State(PartitionKey partition, bool create)
    {
        // Consecutive calls are for the same partition: skip hashing its strings again.
        if (_last is not null && ReferenceEquals(_lastKey.PayerId, partition.PayerId) && ReferenceEquals(_lastKey.PayeeId, partition.PayeeId)) return _last;
        if (!_partitions.TryGetValue(partition, out var state))
        {
            if (!create) return null;
            _partitions[partition] = state = new PartitionState();
        }
        _lastKey = partition;
        _last = state;
        return state;
    }

    /// <inheritdoc />
    public ILedgerScope BeginDocument(DocumentRecord document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!_documents.ContainsKey(document.DocumentId)) _documentOrder.Add(document);
        _documents[document.DocumentId] = document;
        if (document.Trace is { } trace) Add(State(document.Partition, create: true)!.DocumentsByTrace, trace, document);
        return NoScope.Instance;
    }

    /// <inheritdoc />
    public bool ContainsDocument(string documentId) => _documents.ContainsKey(documentId);

    /// <inheritdoc />
    public IReadOnlyList<DocumentRecord> AllDocuments() => _documentOrder.ToList();

    /// <inheritdoc />
    public IReadOnlyList<DocumentRecord> FindDocumentsByTrace(PartitionKey partition, string trace) =>
        State(partition, create: false)?.DocumentsByTrace.GetValueOrDefault(trace) ?? (IReadOnlyList<DocumentRecord>)[];

    /// <inheritdoc />
    public void AddClaim(LedgerClaim claim, IReadOnlyCollection<ClaimKey> keys)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(keys);
        claim.Id = _nextId++;
        _claims[claim.Id] = claim;
        var index = State(claim.Partition, create: true)!.Claims;
        foreach (var key in keys) index.Add(key, claim.Id);
    }

    /// <inheritdoc />
    public void UpdateClaim(LedgerClaim claim)
    {
        // Claims are shared objects here: the caller already changed it.
    }

    /// <inheritdoc />
    public IReadOnlyList<LedgerClaim> FindClaims(PartitionKey partition, ClaimKey key)
    {
        if (State(partition, create: false)?.Claims.Find(key) is not { } ids) return [];
        var claims = new List<LedgerClaim>(ids.Count);
        foreach (var id in ids)
        {
            var claim = _claims[id];
            // A 64-bit hash can collide: keep only claims that really have the key.
            if (ClaimKeys.Has(claim, key)) claims.Add(claim);
        }
        return claims;
    }

    /// <inheritdoc />
    public LedgerClaim? GetClaim(long id) => _claims.GetValueOrDefault(id);

    /// <inheritdoc />
    public void AddReceivable(Receivable receivable, IReadOnlyCollection<string> referenceKeys)
    {
        ArgumentNullException.ThrowIfNull(receivable);
        ArgumentNullException.ThrowIfNull(referenceKeys);
        receivable.Id = _nextId++;
        var state = State(receivable.Partition, create: true)!;
        foreach (var key in referenceKeys) Add(state.ReceivablesByKey, key, receivable);
        state.Receivables.Add(receivable);
    }

    /// <inheritdoc />
    public void UpdateReceivable(Receivable receivable)
    {
        // Receivables are shared objects here: the caller already changed it.
    }

    /// <inheritdoc />
    public IReadOnlyList<Receivable> FindOpenReceivables(PartitionKey partition, string referenceKey) =>
        State(partition, create: false)?.ReceivablesByKey.GetValueOrDefault(referenceKey) is { } list
            ? list.Where(r => r.Status == ReceivableStatus.Open).ToList()
            : [];

    /// <inheritdoc />
    public IReadOnlyList<Receivable> OpenReceivables(PartitionKey partition) =>
        State(partition, create: false)?.Receivables.Where(r => r.Status == ReceivableStatus.Open).ToList() ?? [];

    /// <inheritdoc />
    public IReadOnlyList<Receivable> AllOpenReceivables() =>
        _partitions.Values.SelectMany(p => p.Receivables).Where(r => r.Status == ReceivableStatus.Open).OrderBy(r => r.Id).ToList();

    /// <inheritdoc />
    public void AddSuspense(SuspenseItem item, IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(keys);
        item.Id = _nextId++;
        _suspense[item.Id] = item;
        var state = State(item.Partition, create: true)!;
        foreach (var key in keys) Add(state.SuspenseByKey, key, item);
    }

    /// <inheritdoc />
    public IReadOnlyList<SuspenseItem> FindSuspense(PartitionKey partition, string key) =>
        State(partition, create: false)?.SuspenseByKey.GetValueOrDefault(key) is { } list
            ? list.Where(s => _suspense.ContainsKey(s.Id)).ToList()
            : [];

    /// <inheritdoc />
    public void RemoveSuspense(SuspenseItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _suspense.Remove(item.Id);
    }

    /// <inheritdoc />
    public IReadOnlyList<SuspenseItem> AllSuspense() => _suspense.Values.OrderBy(s => s.Id).ToList();

    /// <inheritdoc />
    public void AddPendingReversal(PendingReversal pending, IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(keys);
        pending.Id = _nextId++;
        var state = State(pending.Partition, create: true)!;
        foreach (var key in keys) Add(state.PendingByKey, key, pending);
        state.PendingByDue[(pending.DueDate, pending.Id)] = pending;
    }

    /// <inheritdoc />
    public IReadOnlyList<PendingReversal> FindPendingReversals(PartitionKey partition, string key)
    {
        var state = State(partition, create: false);
        if (state is null || state.PendingByDue.Count == 0 || !state.PendingByKey.TryGetValue(key, out var list)) return [];
        return list.Where(p => state.PendingByDue.ContainsKey((p.DueDate, p.Id))).ToList();
    }

    /// <inheritdoc />
    public IReadOnlyList<PendingReversal> PendingReversalsDueBefore(PartitionKey? partition, DateOnly date)
    {
        IEnumerable<PartitionState> states = partition is { } p ? State(p, create: false) is { } one ? [one] : [] : _partitions.Values;
        List<PendingReversal>? due = null;
        foreach (var state in states)
        {
            foreach (var (key, pending) in state.PendingByDue)
            {
                if (key.Due >= date) break;
                (due ??= []).Add(pending);
            }
        }
        if (due is null) return [];
        return due.Count == 1 ? due : due.OrderBy(d => d.DueDate).ThenBy(d => d.Id).ToList();
    }

    /// <inheritdoc />
    public void RemovePendingReversal(PendingReversal pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        State(pending.Partition, create: false)?.PendingByDue.Remove((pending.DueDate, pending.Id));
    }

    /// <inheritdoc />
    public void RegisterProvider(string taxId, string providerId)
    {
        if (!string.IsNullOrEmpty(taxId) && !string.IsNullOrEmpty(providerId)) _taxIdByProvider.TryAdd(providerId, taxId);
    }

    /// <inheritdoc />
    public string? TaxIdOf(string providerId) => _taxIdByProvider.GetValueOrDefault(providerId);

    /// <inheritdoc />
    public void RecordEvents(IReadOnlyList<RecoupmentEvent> events) => _events.AddRange(events);

    /// <inheritdoc />
    public IReadOnlyList<RecoupmentEvent> Events() => _events;

    private static void Add<TValue>(Dictionary<string, List<TValue>> index, string key, TValue value)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(value);
    }

    private sealed class NoScope : ILedgerScope
    {
        public static readonly NoScope Instance = new();

        public void Commit()
        {
        }

        public void Dispose()
        {
        }
    }

    /// <inheritdoc />
    public void AppendCaseEntry(CaseEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _cases.Add(entry);
    }

    /// <inheritdoc />
    public IReadOnlyList<CaseEntry> CaseHistory(string caseId) => _cases.Where(c => c.CaseId == caseId).ToList();

    /// <inheritdoc />
    public IReadOnlyList<CaseEntry> AllCaseEntries() => _cases.ToList();
}
