using Npgsql;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.PostgreSql;

/// <summary>
/// What a partition's receivables, suspense items and pending reversals may be found under: every key ever added that
/// was still there when the partition was read, and every key added since. A key not here has nothing behind it, so
/// the lookup needs no round trip; a key here is only a "maybe" (the item may be gone): the query decides. Likewise the
/// earliest due date of a pending reversal, whether any receivable is open, and the trace numbers (TRN02) of its remittances.
/// </summary>
internal sealed class PartitionFilters
{
    public HashSet<string> ReceivableKeys { get; } = new(StringComparer.Ordinal);
    public HashSet<string> SuspenseKeys { get; } = new(StringComparer.Ordinal);
    public HashSet<string> PendingKeys { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Traces { get; } = new(StringComparer.Ordinal);
    public DateOnly? EarliestDue { get; set; }
    public bool AnyOpenReceivable { get; set; }

    public void AddDue(DateOnly due)
    {
        if (EarliestDue is not { } earliest || due < earliest) EarliestDue = due;
    }
}

public sealed partial class PostgreSqlClaimLedger
{
    private const string ReceivableColumns =
        "id, partition_id, code, reference, provider_id, amount, collected, status, opened_date, document_id, remittance_trace, " +
        "opened_event_id, chain_id, claim_id, payer_claim_number, original_paid_amount, original_remittance_trace, appeal_deadline, stale_reported";

    private const string SuspenseColumns =
        "id, partition_id, event_id, amount, document_id, remittance_trace, remittance_date, plb_reason_code, plb_reference, provider_id, claim_id, payer_claim_number";

    private const string PendingColumns =
        "id, partition_id, original_claim_id, original_paid, original_remittance_trace, reversal_event_id, due_date, reversal";

    /// <summary>The filters of a partition, read in one round trip when first used (and after another writer changed it).</summary>
    private PartitionFilters Filters(PartitionState state)
    {
        if (state.Filters is { } known) return known;
        var filters = new PartitionFilters();
        using var batch = Batch();
        batch.BatchCommands.Add(Command(
            "SELECT k.value FROM receivable_key k JOIN receivable r ON r.id = k.receivable_id WHERE k.partition_id = $1 AND r.status = 0", state.Id));
        batch.BatchCommands.Add(Command(
            "SELECT k.value FROM suspense_key k JOIN suspense s ON s.id = k.suspense_id WHERE k.partition_id = $1 AND NOT s.removed", state.Id));
        batch.BatchCommands.Add(Command(
            "SELECT k.value FROM pending_reversal_key k JOIN pending_reversal p ON p.id = k.pending_id WHERE k.partition_id = $1 AND NOT p.removed", state.Id));
        batch.BatchCommands.Add(Command("SELECT DISTINCT trace FROM document WHERE partition_id = $1 AND trace IS NOT NULL", state.Id));
        batch.BatchCommands.Add(Command(
            "SELECT (SELECT min(due_date) FROM pending_reversal WHERE partition_id = $1 AND NOT removed), " +
            "EXISTS (SELECT 1 FROM receivable WHERE partition_id = $1 AND status = 0)", state.Id));
        using (var reader = ExecuteReader(batch))
        {
            foreach (var set in new[] { filters.ReceivableKeys, filters.SuspenseKeys, filters.PendingKeys, filters.Traces })
            {
                while (reader.Read()) set.Add(reader.GetString(0));
                reader.NextResult();
            }
            reader.Read();
            filters.EarliestDue = DateOrNull(reader, 0);
            filters.AnyOpenReceivable = reader.GetBoolean(1);
        }
        state.Filters = filters;
        return filters;
    }

    /// <summary>Queues the keys of a record; a key given twice is kept twice (as in memory).</summary>
    private void QueueKeys(string table, string idColumn, int partition, IReadOnlyCollection<string> keys, long id, HashSet<string> filter)
    {
        if (keys.Count == 0) return;
        var values = new string[keys.Count];
        var dups = new int[keys.Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var i = 0;
        foreach (var key in keys)
        {
            seen.TryGetValue(key, out var dup);
            seen[key] = dup + 1;
            values[i] = key;
            dups[i++] = dup;
            filter.Add(key);
        }
        Queue(Command($"INSERT INTO {table} (partition_id, value, {idColumn}, dup) SELECT $1, v, $2, d FROM unnest($3::text[], $4::integer[]) AS u (v, d)",
            partition, id, values, dups));
    }

    // ---- Receivables -------------------------------------------------------------------------------------------------

    /// <inheritdoc />
    public void AddReceivable(Receivable receivable, IReadOnlyCollection<string> referenceKeys)
    {
        ArgumentNullException.ThrowIfNull(receivable);
        ArgumentNullException.ThrowIfNull(referenceKeys);
        Write((receivable, referenceKeys), static (ledger, s) =>
        {
            var r = s.receivable;
            var state = ledger.Touch(r.Partition);
            var filters = ledger.Filters(state);
            r.Id = ledger.NextId(state);
            ledger.Queue(Command($"INSERT INTO receivable ({ReceivableColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
                r.Id, state.Id, r.Code, r.Reference, r.ProviderId, r.Amount, r.Collected, (short)r.Status, r.OpenedDate, r.DocumentId, r.RemittanceTrace,
                r.OpenedEventId, r.ChainId, r.ClaimId, r.PayerClaimNumber, r.OriginalPaidAmount, r.OriginalRemittanceTrace, r.AppealDeadline, r.StaleReported));
            ledger.QueueKeys("receivable_key", "receivable_id", state.Id, s.referenceKeys, r.Id, filters.ReceivableKeys);
            filters.AnyOpenReceivable = true;
            ledger._identity[r.Id] = r;
        });
    }

    /// <inheritdoc />
    public void UpdateReceivable(Receivable receivable)
    {
        ArgumentNullException.ThrowIfNull(receivable);
        if (receivable.Id <= 0) return;
        Write(receivable, static (ledger, r) =>
        {
            ledger.Touch(r.Partition);
            ledger.Queue(Command("UPDATE receivable SET collected = $2, status = $3, stale_reported = $4 WHERE id = $1",
                r.Id, r.Collected, (short)r.Status, r.StaleReported));
            if (ledger._identity.TryGetValue(r.Id, out var known) && known is Receivable cached && !ReferenceEquals(cached, r))
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
        if (ForRead(partition) is not { } state || !Filters(state).ReceivableKeys.Contains(referenceKey)) return [];
        return ReadReceivables(() => Command(
            $"SELECT {Prefixed("r.", ReceivableColumns)} FROM receivable_key k JOIN receivable r ON r.id = k.receivable_id " +
            "WHERE k.partition_id = $1 AND k.value = $2 AND r.status = 0 ORDER BY k.receivable_id, k.dup", state.Id, referenceKey));
    }

    /// <inheritdoc />
    public IReadOnlyList<Receivable> OpenReceivables(PartitionKey partition)
    {
        if (ForRead(partition) is not { } state || !Filters(state).AnyOpenReceivable) return [];
        return ReadReceivables(() => Command($"SELECT {ReceivableColumns} FROM receivable WHERE partition_id = $1 AND status = 0 ORDER BY id", state.Id));
    }

    /// <inheritdoc />
    public IReadOnlyList<Receivable> AllOpenReceivables()
    {
        ThrowIfDisposed();
        return ReadReceivables(() => Command($"SELECT {ReceivableColumns} FROM receivable WHERE status = 0 ORDER BY id"));
    }

    private List<Receivable> ReadReceivables(Func<NpgsqlBatchCommand> query)
    {
        var result = ReadRecords(query, static (ledger, r, id) => new Receivable
        {
            Id = id,
            Partition = ledger.PartitionOf(r.GetInt32(1)),
            Code = r.GetString(2),
            Reference = StringOrNull(r, 3),
            ProviderId = StringOrNull(r, 4),
            Amount = r.GetDecimal(5),
            Collected = r.GetDecimal(6),
            Status = (ReceivableStatus)r.GetInt16(7),
            OpenedDate = DateOrNull(r, 8),
            DocumentId = r.GetString(9),
            RemittanceTrace = StringOrNull(r, 10),
            OpenedEventId = r.GetString(11),
            ChainId = StringOrNull(r, 12),
            ClaimId = StringOrNull(r, 13),
            PayerClaimNumber = StringOrNull(r, 14),
            OriginalPaidAmount = DecimalOrNull(r, 15),
            OriginalRemittanceTrace = StringOrNull(r, 16),
            AppealDeadline = DateOrNull(r, 17),
            StaleReported = r.GetBoolean(18),
        });
        // An object of this scope may be closed already, its update not yet written: as in memory, it is not open.
        result.RemoveAll(receivable => receivable.Status != ReceivableStatus.Open);
        return result;
    }

    // ---- Suspense ----------------------------------------------------------------------------------------------------

    /// <inheritdoc />
    public void AddSuspense(SuspenseItem item, IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(keys);
        Write((item, keys), static (ledger, s) =>
        {
            var i = s.item;
            var state = ledger.Touch(i.Partition);
            var filters = ledger.Filters(state);
            i.Id = ledger.NextId(state);
            ledger.Queue(Command($"INSERT INTO suspense ({SuspenseColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                i.Id, state.Id, i.EventId, i.Amount, i.DocumentId, i.RemittanceTrace, i.RemittanceDate, i.PlbReasonCode, i.PlbReference, i.ProviderId,
                i.ClaimId, i.PayerClaimNumber));
            ledger.QueueKeys("suspense_key", "suspense_id", state.Id, s.keys, i.Id, filters.SuspenseKeys);
            ledger._identity[i.Id] = i;
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<SuspenseItem> FindSuspense(PartitionKey partition, string key)
    {
        if (ForRead(partition) is not { } state || !Filters(state).SuspenseKeys.Contains(key)) return [];
        return ReadSuspense(() => Command(
            $"SELECT {Prefixed("s.", SuspenseColumns)} FROM suspense_key k JOIN suspense s ON s.id = k.suspense_id " +
            "WHERE k.partition_id = $1 AND k.value = $2 AND NOT s.removed ORDER BY k.suspense_id, k.dup", state.Id, key));
    }

    /// <inheritdoc />
    public void RemoveSuspense(SuspenseItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        Write(item, static (ledger, i) =>
        {
            ledger.Touch(i.Partition);
            ledger.Queue(Command("UPDATE suspense SET removed = true WHERE id = $1", i.Id));
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<SuspenseItem> AllSuspense()
    {
        ThrowIfDisposed();
        return ReadSuspense(() => Command($"SELECT {SuspenseColumns} FROM suspense WHERE NOT removed ORDER BY id"));
    }

    private List<SuspenseItem> ReadSuspense(Func<NpgsqlBatchCommand> query) =>
        ReadRecords(query, static (ledger, r, id) => new SuspenseItem
        {
            Id = id,
            Partition = ledger.PartitionOf(r.GetInt32(1)),
            EventId = r.GetString(2),
            Amount = r.GetDecimal(3),
            DocumentId = r.GetString(4),
            RemittanceTrace = StringOrNull(r, 5),
            RemittanceDate = DateOrNull(r, 6),
            PlbReasonCode = StringOrNull(r, 7),
            PlbReference = StringOrNull(r, 8),
            ProviderId = StringOrNull(r, 9),
            ClaimId = StringOrNull(r, 10),
            PayerClaimNumber = StringOrNull(r, 11),
        });

    // ---- Pending reversals -------------------------------------------------------------------------------------------

    /// <inheritdoc />
    public void AddPendingReversal(PendingReversal pending, IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentNullException.ThrowIfNull(keys);
        Write((pending, keys), static (ledger, s) =>
        {
            var p = s.pending;
            var state = ledger.Touch(p.Partition);
            var filters = ledger.Filters(state);
            p.Id = ledger.NextId(state);
            var insert = Command($"INSERT INTO pending_reversal ({PendingColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                p.Id, state.Id, p.OriginalClaimId, p.OriginalPaid, p.OriginalRemittanceTrace, p.ReversalEventId, p.DueDate, LedgerJson.Claim(p.Reversal));
            insert.Parameters[7].NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Json;
            ledger.Queue(insert);
            ledger.QueueKeys("pending_reversal_key", "pending_id", state.Id, s.keys, p.Id, filters.PendingKeys);
            filters.AddDue(p.DueDate);
            ledger._identity[p.Id] = p;
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<PendingReversal> FindPendingReversals(PartitionKey partition, string key)
    {
        if (ForRead(partition) is not { } state || !Filters(state).PendingKeys.Contains(key)) return [];
        return ReadPending(() => Command(
            $"SELECT {Prefixed("p.", PendingColumns)} FROM pending_reversal_key k JOIN pending_reversal p ON p.id = k.pending_id " +
            "WHERE k.partition_id = $1 AND k.value = $2 AND NOT p.removed ORDER BY k.pending_id, k.dup", state.Id, key));
    }

    /// <inheritdoc />
    public IReadOnlyList<PendingReversal> PendingReversalsDueBefore(PartitionKey? partition, DateOnly date)
    {
        ThrowIfDisposed();
        if (partition is { } key)
        {
            if (ForRead(key) is not { } state || Filters(state).EarliestDue is not { } earliest || earliest >= date) return [];
            return ReadPending(() => Command(
                $"SELECT {PendingColumns} FROM pending_reversal WHERE partition_id = $1 AND NOT removed AND due_date < $2 ORDER BY due_date, id", state.Id, date));
        }
        return ReadPending(() => Command($"SELECT {PendingColumns} FROM pending_reversal WHERE NOT removed AND due_date < $1 ORDER BY due_date, id", date));
    }

    /// <inheritdoc />
    public void RemovePendingReversal(PendingReversal pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        Write(pending, static (ledger, p) =>
        {
            ledger.Touch(p.Partition);
            ledger.Queue(Command("UPDATE pending_reversal SET removed = true WHERE id = $1", p.Id));
        });
    }

    private List<PendingReversal> ReadPending(Func<NpgsqlBatchCommand> query) =>
        ReadRecords(query, static (ledger, r, id) => new PendingReversal
        {
            Id = id,
            Partition = ledger.PartitionOf(r.GetInt32(1)),
            OriginalClaimId = Int64OrNull(r, 2),
            OriginalPaid = r.GetDecimal(3),
            OriginalRemittanceTrace = StringOrNull(r, 4),
            ReversalEventId = r.GetString(5),
            DueDate = r.GetFieldValue<DateOnly>(6),
            Reversal = LedgerJson.Claim(r.GetString(7)),
        });

    /// <summary>
    /// The records a query selects (the id first, the partition second), in its order. Within a transaction a record is one object: one read
    /// or written earlier in it is returned as it is (with changes not yet written), and one read now is kept.
    /// </summary>
    private List<T> ReadRecords<T>(Func<NpgsqlBatchCommand> query, Func<PostgreSqlClaimLedger, NpgsqlDataReader, long, T> read) where T : class
    {
        ThrowIfDisposed();
        for (var attempt = 0; ; attempt++)
        {
            var rows = new List<T>();
            try
            {
                using var batch = Batch();
                batch.BatchCommands.Add(query());
                using var r = ExecuteReader(batch);
                while (r.Read())
                {
                    var id = r.GetInt64(0);
                    if (_inTransaction && _identity.TryGetValue(id, out var known) && known is T cached)
                    {
                        rows.Add(cached);
                        continue;
                    }
                    if (!_partitionsById.ContainsKey(r.GetInt32(1))) throw new UnknownPartitionException();
                    rows.Add(read(this, r, id));
                }
            }
            catch (UnknownPartitionException) when (attempt == 0)
            {
                // Another writer added a partition since they were read: read them, then the records again.
                LoadPartitions();
                continue;
            }
            if (_inTransaction)
            {
                foreach (var row in rows) _identity.TryAdd(RecordId(row), row);
            }
            return rows;
        }
    }

    private static long RecordId(object record) => record switch
    {
        Receivable r => r.Id,
        SuspenseItem s => s.Id,
        PendingReversal p => p.Id,
        _ => throw new ArgumentOutOfRangeException(nameof(record)),
    };

    private sealed class UnknownPartitionException : Exception;


    private static string Prefixed(string prefix, string columns) =>
        string.Join(", ", columns.Split(',', StringSplitOptions.TrimEntries).Select(c => prefix + c));
}
