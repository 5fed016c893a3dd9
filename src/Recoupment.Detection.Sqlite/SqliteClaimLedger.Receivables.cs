using Microsoft.Data.Sqlite;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Sqlite;

public sealed partial class SqliteClaimLedger
{
    private const string ReceivableColumns =
        "id, partition_id, code, reference, provider_id, amount, collected, status, opened_date, document_id, remittance_trace, " +
        "opened_event_id, chain_id, claim_id, payer_claim_number, original_paid_amount, original_remittance_trace, appeal_deadline, stale_reported";

    private const string SuspenseColumns =
        "id, partition_id, event_id, amount, document_id, remittance_trace, remittance_date, plb_reason_code, plb_reference, provider_id, claim_id, payer_claim_number";

    private const string PendingColumns =
        "id, partition_id, original_claim_id, original_paid, original_remittance_trace, reversal_event_id, due_date, reversal";

    // Suspense items and pending reversals are few, but every paid claim looks them up under three or four keys.
    // These sets hold every (partition, key) ever added: a key not in them has nothing behind it, so the lookup
    // needs no query. A key in them is only a "maybe" (the item may be gone): the query decides.
    private readonly HashSet<(long Partition, string Key)> _suspenseKeys = [];
    private readonly HashSet<(long Partition, string Key)> _pendingKeys = [];

    private PreparedCommand _insertReceivable = null!;
    private PreparedCommand _insertReceivableKey = null!;
    private PreparedCommand _updateReceivable = null!;
    private PreparedCommand _findOpenReceivables = null!;
    private PreparedCommand _openReceivables = null!;
    private PreparedCommand _allOpenReceivables = null!;
    private PreparedCommand _insertSuspense = null!;
    private PreparedCommand _insertSuspenseKey = null!;
    private PreparedCommand _findSuspense = null!;
    private PreparedCommand _removeSuspense = null!;
    private PreparedCommand _allSuspense = null!;
    private PreparedCommand _insertPending = null!;
    private PreparedCommand _insertPendingKey = null!;
    private PreparedCommand _findPending = null!;
    private PreparedCommand _pendingDue = null!;
    private PreparedCommand _pendingDueAll = null!;
    private PreparedCommand _removePending = null!;

    private void PrepareReceivables()
    {
        _insertReceivable = Prepare($"INSERT INTO receivable ({ReceivableColumns}) VALUES {Values(1, 19)};", 19);
        _insertReceivableKey = Prepare("INSERT INTO receivable_key (partition_id, value, receivable_id, dup) VALUES ($p0, $p1, $p2, $p3);", 4);
        _updateReceivable = Prepare("UPDATE receivable SET collected = $p1, status = $p2, stale_reported = $p3 WHERE id = $p0;", 4);
        _findOpenReceivables = Prepare(
            $"SELECT {Prefixed("r.", ReceivableColumns)} FROM receivable_key k JOIN receivable r ON r.id = k.receivable_id " +
            "WHERE k.partition_id = $p0 AND k.value = $p1 AND r.status = 0 ORDER BY k.receivable_id, k.dup;", 2);
        _openReceivables = Prepare($"SELECT {ReceivableColumns} FROM receivable WHERE partition_id = $p0 AND status = 0 ORDER BY id;", 1);
        _allOpenReceivables = Prepare($"SELECT {ReceivableColumns} FROM receivable WHERE status = 0 ORDER BY id;", 0);

        _insertSuspense = Prepare($"INSERT INTO suspense ({SuspenseColumns}) VALUES {Values(1, 12)};", 12);
        _insertSuspenseKey = Prepare("INSERT INTO suspense_key (partition_id, value, suspense_id, dup) VALUES ($p0, $p1, $p2, $p3);", 4);
        _findSuspense = Prepare(
            $"SELECT {Prefixed("s.", SuspenseColumns)} FROM suspense_key k JOIN suspense s ON s.id = k.suspense_id " +
            "WHERE k.partition_id = $p0 AND k.value = $p1 AND s.removed = 0 ORDER BY k.suspense_id, k.dup;", 2);
        _removeSuspense = Prepare("UPDATE suspense SET removed = 1 WHERE id = $p0;", 1);
        _allSuspense = Prepare($"SELECT {SuspenseColumns} FROM suspense WHERE removed = 0 ORDER BY id;", 0);

        _insertPending = Prepare($"INSERT INTO pending_reversal ({PendingColumns}) VALUES {Values(1, 8)};", 8);
        _insertPendingKey = Prepare("INSERT INTO pending_reversal_key (partition_id, value, pending_id, dup) VALUES ($p0, $p1, $p2, $p3);", 4);
        _findPending = Prepare(
            $"SELECT {Prefixed("p.", PendingColumns)} FROM pending_reversal_key k JOIN pending_reversal p ON p.id = k.pending_id " +
            "WHERE k.partition_id = $p0 AND k.value = $p1 AND p.removed = 0 ORDER BY k.pending_id, k.dup;", 2);
        _pendingDue = Prepare(
            $"SELECT {PendingColumns} FROM pending_reversal WHERE partition_id = $p0 AND removed = 0 AND due_date < $p1 ORDER BY due_date, id;", 2);
        _pendingDueAll = Prepare($"SELECT {PendingColumns} FROM pending_reversal WHERE removed = 0 AND due_date < $p0 ORDER BY due_date, id;", 1);
        _removePending = Prepare("UPDATE pending_reversal SET removed = 1 WHERE id = $p0;", 1);
    }

    private void LoadKeyFilters(SqliteCommand command)
    {
        LoadKeyFilter(command, _suspenseKeys,
            "SELECT k.partition_id, k.value FROM suspense_key k JOIN suspense s ON s.id = k.suspense_id WHERE s.removed = 0;");
        LoadKeyFilter(command, _pendingKeys,
            "SELECT k.partition_id, k.value FROM pending_reversal_key k JOIN pending_reversal p ON p.id = k.pending_id WHERE p.removed = 0;");
    }

    /// <summary>Fills a key filter with the (partition, key) pairs <paramref name="sql"/> selects: the keys of the records still there.</summary>
    private static void LoadKeyFilter(SqliteCommand command, HashSet<(long Partition, string Key)> filter, string sql)
    {
        filter.Clear();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        while (reader.Read()) filter.Add((reader.GetInt64(0), reader.GetString(1)));
    }

    // ---- Receivables -----------------------------------------------------------------------------------------------

    /// <inheritdoc />
    public void AddReceivable(Receivable receivable, IReadOnlyCollection<string> referenceKeys)
    {
        ArgumentNullException.ThrowIfNull(receivable);
        ArgumentNullException.ThrowIfNull(referenceKeys);
        Write((receivable, referenceKeys), static (ledger, s) =>
        {
            var r = s.receivable;
            var partition = ledger.PartitionId(r.Partition);
            r.Id = ledger.NextId();
            var p = ledger._insertReceivable;
            p.Set(0, r.Id);
            p.Set(1, partition);
            p.Set(2, r.Code);
            p.Set(3, r.Reference);
            p.Set(4, r.ProviderId);
            p.Set(5, r.Amount);
            p.Set(6, r.Collected);
            p.Set(7, (long)r.Status);
            p.Set(8, r.OpenedDate);
            p.Set(9, r.DocumentId);
            p.Set(10, r.RemittanceTrace);
            p.Set(11, r.OpenedEventId);
            p.Set(12, r.ChainId);
            p.Set(13, r.ClaimId);
            p.Set(14, r.PayerClaimNumber);
            p.Set(15, r.OriginalPaidAmount);
            p.Set(16, r.OriginalRemittanceTrace);
            p.Set(17, r.AppealDeadline);
            p.Set(18, r.StaleReported);
            p.Execute();
            ledger.InsertKeys(ledger._insertReceivableKey, partition, s.referenceKeys, r.Id, null);
            if (ledger._scope is not null) ledger._identity[r.Id] = r;
        });
    }

    /// <inheritdoc />
    public void UpdateReceivable(Receivable receivable)
    {
        ArgumentNullException.ThrowIfNull(receivable);
        if (receivable.Id <= 0) return;
        Write(receivable, static (ledger, r) =>
        {
            var p = ledger._updateReceivable;
            p.Set(0, r.Id);
            p.Set(1, r.Collected);
            p.Set(2, (long)r.Status);
            p.Set(3, r.StaleReported);
            p.Execute();
            if (ledger._scope is not null && ledger._identity.TryGetValue(r.Id, out var known) && known is Receivable cached && !ReferenceEquals(cached, r))
            {
                cached.Collected = r.Collected;
                cached.Status = r.Status;
                cached.StaleReported = r.StaleReported;
            }
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<Receivable> FindOpenReceivables(PartitionKey partition, string referenceKey)
    {
        ThrowIfDisposed();
        if (!TryPartition(partition, out var id)) return [];
        _findOpenReceivables.Set(0, id);
        _findOpenReceivables.Set(1, referenceKey);
        return ReadReceivables(_findOpenReceivables);
    }

    /// <inheritdoc />
    public IReadOnlyList<Receivable> OpenReceivables(PartitionKey partition)
    {
        ThrowIfDisposed();
        if (!TryPartition(partition, out var id)) return [];
        _openReceivables.Set(0, id);
        return ReadReceivables(_openReceivables);
    }

    /// <inheritdoc />
    public IReadOnlyList<Receivable> AllOpenReceivables()
    {
        ThrowIfDisposed();
        return ReadReceivables(_allOpenReceivables);
    }

    private List<Receivable> ReadReceivables(PreparedCommand command)
    {
        var result = ReadRecords(command, static (ledger, r, id) => new Receivable
        {
            Id = id,
            Partition = ledger.PartitionOf(r.GetInt64(1)),
            Code = r.GetString(2),
            Reference = SqliteValues.StringOrNull(r, 3),
            ProviderId = SqliteValues.StringOrNull(r, 4),
            Amount = SqliteValues.Money(r, 5),
            Collected = SqliteValues.Money(r, 6),
            Status = (ReceivableStatus)r.GetInt32(7),
            OpenedDate = SqliteValues.DateOrNull(r, 8),
            DocumentId = r.GetString(9),
            RemittanceTrace = SqliteValues.StringOrNull(r, 10),
            OpenedEventId = r.GetString(11),
            ChainId = SqliteValues.StringOrNull(r, 12),
            ClaimId = SqliteValues.StringOrNull(r, 13),
            PayerClaimNumber = SqliteValues.StringOrNull(r, 14),
            OriginalPaidAmount = SqliteValues.MoneyOrNull(r, 15),
            OriginalRemittanceTrace = SqliteValues.StringOrNull(r, 16),
            AppealDeadline = SqliteValues.DateOrNull(r, 17),
            StaleReported = r.GetInt64(18) != 0,
        });
        // An object of this scope may be closed already, its update not yet written: as in memory, it is not open.
        result.RemoveAll(receivable => receivable.Status != ReceivableStatus.Open);
        return result;
    }

    // ---- Suspense --------------------------------------------------------------------------------------------------

    /// <inheritdoc />
    public void AddSuspense(SuspenseItem item, IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(keys);
        Write((item, keys), static (ledger, s) =>
        {
            var i = s.item;
            var partition = ledger.PartitionId(i.Partition);
            i.Id = ledger.NextId();
            var p = ledger._insertSuspense;
            p.Set(0, i.Id);
            p.Set(1, partition);
            p.Set(2, i.EventId);
            p.Set(3, i.Amount);
            p.Set(4, i.DocumentId);
            p.Set(5, i.RemittanceTrace);
            p.Set(6, i.RemittanceDate);
            p.Set(7, i.PlbReasonCode);
            p.Set(8, i.PlbReference);
            p.Set(9, i.ProviderId);
            p.Set(10, i.ClaimId);
            p.Set(11, i.PayerClaimNumber);
            p.Execute();
            ledger.InsertKeys(ledger._insertSuspenseKey, partition, s.keys, i.Id, ledger._suspenseKeys);
            if (ledger._scope is not null) ledger._identity[i.Id] = i;
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<SuspenseItem> FindSuspense(PartitionKey partition, string key)
    {
        ThrowIfDisposed();
        if (!TryPartition(partition, out var id) || !_suspenseKeys.Contains((id, key))) return [];
        _findSuspense.Set(0, id);
        _findSuspense.Set(1, key);
        return ReadSuspense(_findSuspense);
    }

    /// <inheritdoc />
    public void RemoveSuspense(SuspenseItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Write(item, static (ledger, i) =>
        {
            ledger._removeSuspense.Set(0, i.Id);
            ledger._removeSuspense.Execute();
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<SuspenseItem> AllSuspense()
    {
        ThrowIfDisposed();
        return ReadSuspense(_allSuspense);
    }

    private List<SuspenseItem> ReadSuspense(PreparedCommand command) =>
        ReadRecords(command, static (ledger, r, id) => new SuspenseItem
        {
            Id = id,
            Partition = ledger.PartitionOf(r.GetInt64(1)),
            EventId = r.GetString(2),
            Amount = SqliteValues.Money(r, 3),
            DocumentId = r.GetString(4),
            RemittanceTrace = SqliteValues.StringOrNull(r, 5),
            RemittanceDate = SqliteValues.DateOrNull(r, 6),
            PlbReasonCode = SqliteValues.StringOrNull(r, 7),
            PlbReference = SqliteValues.StringOrNull(r, 8),
            ProviderId = SqliteValues.StringOrNull(r, 9),
            ClaimId = SqliteValues.StringOrNull(r, 10),
            PayerClaimNumber = SqliteValues.StringOrNull(r, 11),
        });

    // ---- Pending reversals -----------------------------------------------------------------------------------------

    /// <inheritdoc />
    public void AddPendingReversal(PendingReversal pending, IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(keys);
        Write((pending, keys), static (ledger, s) =>
        {
            var r = s.pending;
            var partition = ledger.PartitionId(r.Partition);
            r.Id = ledger.NextId();
            var p = ledger._insertPending;
            p.Set(0, r.Id);
            p.Set(1, partition);
            p.Set(2, r.OriginalClaimId);
            p.Set(3, r.OriginalPaid);
            p.Set(4, r.OriginalRemittanceTrace);
            p.Set(5, r.ReversalEventId);
            p.Set(6, r.DueDate);
            p.Set(7, LedgerJson.Serialize(r.Reversal));
            p.Execute();
            ledger.InsertKeys(ledger._insertPendingKey, partition, s.keys, r.Id, ledger._pendingKeys);
            if (ledger._scope is not null) ledger._identity[r.Id] = r;
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<PendingReversal> FindPendingReversals(PartitionKey partition, string key)
    {
        ThrowIfDisposed();
        if (!TryPartition(partition, out var id) || !_pendingKeys.Contains((id, key))) return [];
        _findPending.Set(0, id);
        _findPending.Set(1, key);
        return ReadPending(_findPending);
    }

    /// <inheritdoc />
    public IReadOnlyList<PendingReversal> PendingReversalsDueBefore(PartitionKey? partition, DateOnly date)
    {
        ThrowIfDisposed();
        if (partition is { } key)
        {
            if (!TryPartition(key, out var id)) return [];
            _pendingDue.Set(0, id);
            _pendingDue.Set(1, date);
            return ReadPending(_pendingDue);
        }
        _pendingDueAll.Set(0, date);
        return ReadPending(_pendingDueAll);
    }

    /// <inheritdoc />
    public void RemovePendingReversal(PendingReversal pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        Write(pending, static (ledger, r) =>
        {
            ledger._removePending.Set(0, r.Id);
            ledger._removePending.Execute();
        });
    }

    private List<PendingReversal> ReadPending(PreparedCommand command) =>
        ReadRecords(command, static (ledger, r, id) => new PendingReversal
        {
            Id = id,
            Partition = ledger.PartitionOf(r.GetInt64(1)),
            OriginalClaimId = SqliteValues.Int64OrNull(r, 2),
            OriginalPaid = SqliteValues.Money(r, 3),
            OriginalRemittanceTrace = SqliteValues.StringOrNull(r, 4),
            ReversalEventId = r.GetString(5),
            DueDate = SqliteValues.Date(r, 6),
            Reversal = LedgerJson.DeserializeClaim(r.GetString(7)),
        });

    /// <summary>
    /// The records a query selects (the id first), in its order. Within a scope a record is one object: one read or
    /// written earlier in the scope is returned as it is (with changes not yet written), and one read now is kept.
    /// </summary>
    private List<T> ReadRecords<T>(PreparedCommand command, Func<SqliteClaimLedger, SqliteDataReader, long, T> read) where T : class
    {
        var result = new List<T>();
        using var r = command.Query();
        while (r.Read())
        {
            var id = r.GetInt64(0);
            if (_scope is not null && _identity.TryGetValue(id, out var known) && known is T cached)
            {
                result.Add(cached);
                continue;
            }
            var record = read(this, r, id);
            if (_scope is not null) _identity[id] = record;
            result.Add(record);
        }
        return result;
    }

    /// <summary>Inserts the keys of a record; a key given twice is kept twice (as in memory).</summary>
    private void InsertKeys(PreparedCommand insert, long partition, IReadOnlyCollection<string> keys, long id, HashSet<(long, string)>? filter)
    {
        Dictionary<string, int>? seen = null;
        foreach (var key in keys)
        {
            seen ??= new Dictionary<string, int>(StringComparer.Ordinal);
            seen.TryGetValue(key, out var dup);
            seen[key] = dup + 1;
            insert.Set(0, partition);
            insert.Set(1, key);
            insert.Set(2, id);
            insert.Set(3, (long)dup);
            insert.Execute();
            filter?.Add((partition, key));
        }
    }
}
