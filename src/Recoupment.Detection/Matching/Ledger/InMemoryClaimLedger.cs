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
    // Per partition, each key maps to one claim or, rarely, a list of them: most keys are unique.
    private readonly Dictionary<PartitionKey, Dictionary<ClaimKey, object>> _claimIndex = [];
    private PartitionKey _lastPartition;
    private Dictionary<ClaimKey, object>? _lastIndex;
    private readonly Dictionary<(PartitionKey, string), List<Receivable>> _receivableIndex = [];
    private readonly Dictionary<PartitionKey, List<Receivable>> _receivablesByPartition = [];
    private readonly Dictionary<(PartitionKey, string), List<SuspenseItem>> _suspenseIndex = [];
    private readonly Dictionary<long, SuspenseItem> _suspense = [];
    private readonly Dictionary<(PartitionKey, string), List<PendingReversal>> _pendingIndex = [];
    private readonly Dictionary<PartitionKey, SortedDictionary<(DateOnly, long), PendingReversal>> _pendingByDue = [];
    private readonly Dictionary<string, DocumentRecord> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<(PartitionKey, string), List<DocumentRecord>> _documentsByTrace = [];
    private readonly Dictionary<string, string> _taxIdByProvider = new(StringComparer.Ordinal);
    private readonly List<RecoupmentEvent> _events = [];
    private long _nextId = 1;

    /// <summary>Number of claims held.</summary>
    public int ClaimCount => _claims.Count;

    /// <inheritdoc />
    public ILedgerScope BeginDocument(DocumentRecord document)
    {
        ArgumentNullException.ThrowIfNull(document);
        _documents[document.DocumentId] = document;
        if (document.Trace is { } trace) Add(_documentsByTrace, (document.Partition, trace), document);
        return NoScope.Instance;
    }

    /// <inheritdoc />
    public bool ContainsDocument(string documentId) => _documents.ContainsKey(documentId);

    /// <inheritdoc />
    public IReadOnlyList<DocumentRecord> FindDocumentsByTrace(PartitionKey partition, string trace) => Get(_documentsByTrace, (partition, trace));

    /// <inheritdoc />
    public void AddClaim(LedgerClaim claim, IReadOnlyCollection<ClaimKey> keys)
    {
        ArgumentNullException.ThrowIfNull(claim);
        claim.Id = _nextId++;
        _claims[claim.Id] = claim;
        var index = ClaimIndex(claim.Partition, create: true)!;
        foreach (var key in keys)
        {
            if (!index.TryGetValue(key, out var existing)) index[key] = claim;
            else if (existing is List<LedgerClaim> list) list.Add(claim);
            else index[key] = new List<LedgerClaim> { (LedgerClaim)existing, claim };
        }
    }

    private Dictionary<ClaimKey, object>? ClaimIndex(PartitionKey partition, bool create)
    {
        // Consecutive calls are for the same partition: skip hashing its strings again.
        if (_lastIndex is not null && ReferenceEquals(_lastPartition.PayerId, partition.PayerId) && ReferenceEquals(_lastPartition.PayeeId, partition.PayeeId))
        {
            return _lastIndex;
        }
        if (!_claimIndex.TryGetValue(partition, out var index))
        {
            if (!create) return null;
            _claimIndex[partition] = index = [];
        }
        _lastPartition = partition;
        _lastIndex = index;
        return index;
    }

    /// <inheritdoc />
    public void UpdateClaim(LedgerClaim claim)
    {
        // Claims are shared objects here: the caller already changed it.
    }

    /// <inheritdoc />
    public IReadOnlyList<LedgerClaim> FindClaims(PartitionKey partition, ClaimKey key) =>
        ClaimIndex(partition, create: false)?.GetValueOrDefault(key) switch
        {
            LedgerClaim one => [one],
            List<LedgerClaim> many => many,
            _ => [],
        };

    /// <inheritdoc />
    public LedgerClaim? GetClaim(long id) => _claims.GetValueOrDefault(id);

    /// <inheritdoc />
    public void AddReceivable(Receivable receivable, IReadOnlyCollection<string> referenceKeys)
    {
        ArgumentNullException.ThrowIfNull(receivable);
        receivable.Id = _nextId++;
        foreach (var key in referenceKeys) Add(_receivableIndex, (receivable.Partition, key), receivable);
        Add(_receivablesByPartition, receivable.Partition, receivable);
    }

    /// <inheritdoc />
    public void UpdateReceivable(Receivable receivable)
    {
        // Receivables are shared objects here: the caller already changed it.
    }

    /// <inheritdoc />
    public IReadOnlyList<Receivable> FindOpenReceivables(PartitionKey partition, string referenceKey) =>
        _receivableIndex.TryGetValue((partition, referenceKey), out var list) ? list.Where(r => r.Status == ReceivableStatus.Open).ToList() : [];

    /// <inheritdoc />
    public IReadOnlyList<Receivable> OpenReceivables(PartitionKey partition) =>
        Get(_receivablesByPartition, partition).Where(r => r.Status == ReceivableStatus.Open).ToList();

    /// <inheritdoc />
    public IReadOnlyList<Receivable> AllOpenReceivables() =>
        _receivablesByPartition.Values.SelectMany(r => r).Where(r => r.Status == ReceivableStatus.Open).OrderBy(r => r.Id).ToList();

    /// <inheritdoc />
    public void AddSuspense(SuspenseItem item, IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.Id = _nextId++;
        _suspense[item.Id] = item;
        foreach (var key in keys) Add(_suspenseIndex, (item.Partition, key), item);
    }

    /// <inheritdoc />
    public IReadOnlyList<SuspenseItem> FindSuspense(PartitionKey partition, string key) =>
        _suspenseIndex.TryGetValue((partition, key), out var list) ? list.Where(s => _suspense.ContainsKey(s.Id)).ToList() : [];

    /// <inheritdoc />
    public void RemoveSuspense(SuspenseItem item) => _suspense.Remove(item.Id);

    /// <inheritdoc />
    public IReadOnlyList<SuspenseItem> AllSuspense() => _suspense.Values.OrderBy(s => s.Id).ToList();

    /// <inheritdoc />
    public void AddPendingReversal(PendingReversal pending, IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(pending);
        pending.Id = _nextId++;
        foreach (var key in keys) Add(_pendingIndex, (pending.Partition, key), pending);
        if (!_pendingByDue.TryGetValue(pending.Partition, out var byDue)) _pendingByDue[pending.Partition] = byDue = [];
        byDue[(pending.DueDate, pending.Id)] = pending;
    }

    /// <inheritdoc />
    public IReadOnlyList<PendingReversal> FindPendingReversals(PartitionKey partition, string key) =>
        _pendingIndex.TryGetValue((partition, key), out var list) ? list.Where(IsPending).ToList() : [];

    /// <inheritdoc />
    public IReadOnlyList<PendingReversal> PendingReversalsDueBefore(PartitionKey? partition, DateOnly date)
    {
        var sources = partition is { } p ? (_pendingByDue.TryGetValue(p, out var one) ? [one] : []) : _pendingByDue.Values.ToList();
        if (sources.Count == 0) return [];
        var due = new List<PendingReversal>();
        foreach (var byDue in sources)
        {
            foreach (var (key, pending) in byDue)
            {
                if (key.Item1 >= date) break;
                due.Add(pending);
            }
        }
        if (due.Count <= 1) return due;
        return due.OrderBy(p => p.DueDate).ThenBy(p => p.Id).ToList();
    }

    /// <inheritdoc />
    public void RemovePendingReversal(PendingReversal pending)
    {
        if (_pendingByDue.TryGetValue(pending.Partition, out var byDue)) byDue.Remove((pending.DueDate, pending.Id));
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

    private bool IsPending(PendingReversal pending) =>
        _pendingByDue.TryGetValue(pending.Partition, out var byDue) && byDue.ContainsKey((pending.DueDate, pending.Id));

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> index, TKey key, TValue value)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(value);
    }

    private static IReadOnlyList<TValue> Get<TKey, TValue>(Dictionary<TKey, List<TValue>> index, TKey key)
        where TKey : notnull =>
        index.TryGetValue(key, out var list) ? list : [];

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
}
