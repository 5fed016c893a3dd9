using Npgsql;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.PostgreSql;

public sealed partial class PostgreSqlClaimLedger
{
    // ---- Scopes ------------------------------------------------------------------------------------------------------

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A scope is already open, or the remittance is already in the ledger (the document identity is unique).</exception>
    /// <remarks>One round trip for a known partition: BEGIN, the partition's lock, its counters and the remittance's row.</remarks>
    public ILedgerScope BeginDocument(DocumentRecord document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var scope = Begin(document.DocumentId, exclusiveRun: false);
        try
        {
            var insert = new NpgsqlBatchCommand(
                "INSERT INTO document (document_id, partition_id, trace, total_payment, date, content_hash, file, payer_name, payee_name, payee_npi) " +
                "VALUES ($1, (SELECT id FROM partition WHERE payer_id = $2 AND payee_id = $3), $4, $5, $6, $7, $8, $9, $10, $11)");
            foreach (var value in new object?[] { document.DocumentId, document.Partition.PayerId, document.Partition.PayeeId, document.Trace,
                         document.TotalPayment, document.Date, document.ContentHash, document.File, document.PayerName, document.PayeeName, document.PayeeNpi })
            {
                insert.Parameters.Add(P(value));
            }
            // Sent with the lock: a remittance already in the ledger is found here, before any work is done on it.
            var state = Touch(document.Partition, then: insert);
            if (document.Trace is { } trace) Filters(state).Traces.Add(trace);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            RollbackScope();
            throw new InvalidOperationException($"The remittance '{document.DocumentId}' is already in the ledger.", e);
        }
        catch
        {
            RollbackScope();
            throw;
        }
        return scope;
    }

    /// <summary>
    /// Starts a transaction for changes that belong to no remittance, such as the engine's <c>Complete</c>: either all
    /// of them are kept (on <see cref="ILedgerScope.Commit"/>) or none. It first waits until no other writer is in the
    /// middle of a run (between its first remittance and its own <c>BeginTransaction</c>), so that what time closes
    /// is closed on partitions that every run has brought up to date.
    /// </summary>
    /// <exception cref="InvalidOperationException">A scope is already open.</exception>
    public ILedgerScope BeginTransaction() => Begin(null, exclusiveRun: true);

    /// <summary>Opens a scope; BEGIN and its locks are sent with the scope's first request.</summary>
    private Scope Begin(string? documentId, bool exclusiveRun)
    {
        ThrowIfDisposed();
        if (_scope is not null) throw new InvalidOperationException("A ledger scope is already open; commit or dispose it first.");
        if (exclusiveRun)
        {
            // Leave the run (and any remittance lock) first: two writers completing at once must not wait for each other.
            ReleaseDocumentLock();
            if (_holdsRun) QueueLock("SELECT pg_advisory_unlock_shared($1, $2)", session: true, _locks, LockKeys.Run);
            _holdsRun = false;
            Queue(Command("BEGIN"));
            QueueLock("SELECT pg_advisory_xact_lock($1, $2)", session: false, _locks, LockKeys.Run);
        }
        else
        {
            JoinRun();
            Queue(Command("BEGIN"));
        }
        _inTransaction = true;
        _scope = new Scope(this, documentId, _nextId, _blockEnd);
        return _scope;
    }

    /// <summary>Queues the shared run lock unless it is held: this writer is in a run from its first remittance on.</summary>
    private void JoinRun()
    {
        if (_holdsRun) return;
        QueueLock("SELECT pg_advisory_lock_shared($1, $2)", session: true, _locks, LockKeys.Run);
        _holdsRun = true;
    }

    /// <summary>Queues the release of the remittance lock taken by <see cref="ContainsDocument"/>, if one is held.</summary>
    private void ReleaseDocumentLock()
    {
        if (TakeDocumentLock() is { } key) QueueLock("SELECT pg_advisory_unlock($1)", session: true, key);
    }

    /// <summary>The remittance lock held, now no longer counted as held (the caller releases it); null when none.</summary>
    private long? TakeDocumentLock()
    {
        var key = _documentLock;
        _documentLock = null;
        return key;
    }

    private void CommitScope(Scope scope)
    {
        if (!ReferenceEquals(scope, _scope)) throw new InvalidOperationException("The scope is no longer open.");
        CommitTransaction(scope);
    }

    /// <summary>
    /// Writes what the transaction holds in memory and commits, in as few round trips as it takes: many buffered claims
    /// with binary COPY (a few go in the batch), then one batch with the changes not sent yet, the partitions' counters and highest ids, the
    /// events (numbered under the event-order lock, so in commit order) and COMMIT.
    /// </summary>
    private void CommitTransaction(Scope? scope)
    {
        try
        {
            FlushClaims(commit: true);
            if (scope is { DocumentId: { } documentId, ClaimsAdded: > 0 })
            {
                Queue(Command("UPDATE document SET claim_count = claim_count + $2 WHERE document_id = $1", documentId, scope.ClaimsAdded));
            }
            QueueEvents();
            using var batch = Batch();
            var touched = _partitions.Values.Where(p => p.Touched).ToList();
            if (touched.Count > 0)
            {
                batch.BatchCommands.Add(Command(
                    "UPDATE partition AS p SET writes = p.writes + 1, max_id = greatest(p.max_id, v.max_id) " +
                    "FROM unnest($1::integer[], $2::bigint[]) AS v (id, max_id) WHERE p.id = v.id RETURNING p.id, p.writes",
                    touched.Select(p => p.Id).ToArray(), touched.Select(p => p.MaxIdGiven).ToArray()));
            }
            batch.BatchCommands.Add(Command("COMMIT"));
            // The remittance is committed: whoever waits to look at it may now (after COMMIT, in the same round trip).
            if (scope?.DocumentId is not null && TakeDocumentLock() is { } key) batch.BatchCommands.Add(Command("SELECT pg_advisory_unlock($1)", key));
            using (var reader = ExecuteReader(batch))
            {
                if (touched.Count > 0)
                {
                    while (reader.Read())
                    {
                        var state = _partitionsById[reader.GetInt32(0)];
                        // Locked since it was read, so the count moved by this commit alone; if not, read it all again.
                        var writes = reader.GetInt64(1);
                        if (state.Writes >= 0 && state.Writes + 1 == writes) state.Writes = writes;
                        else state.Forget();
                    }
                }
                while (reader.NextResult())
                {
                }
            }
        }
        catch
        {
            RollbackScope();
            throw;
        }
        _scope = null;
        EndTransaction(committed: true);
    }

    /// <summary>Undoes the open transaction, here and on the server: what was kept in memory for it is forgotten.</summary>
    private void RollbackScope()
    {
        var scope = _scope;
        _scope = null;
        // Drop the transaction's unsent statements; keep the session locks to take or release.
        _ahead.RemoveAll(a => !a.Session);
        try
        {
            using var batch = Batch();
            batch.BatchCommands.Add(Command("ROLLBACK"));
            if (scope?.DocumentId is not null && TakeDocumentLock() is { } key) batch.BatchCommands.Add(Command("SELECT pg_advisory_unlock($1)", key));
            using var reader = ExecuteReader(batch);
            while (reader.NextResult())
            {
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection is broken or the transaction already gone: nothing is left to undo on the server.
        }
        if (scope is not null)
        {
            // Ids of the rolled-back records are handed out again: from where the scope began, or from the start of
            // the block it took (the sequence does not roll back; the block stays this writer's).
            if (_blockEnd == scope.BlockEndAtStart) _nextId = scope.NextIdAtStart;
            else _nextId = _blockEnd - PostgreSqlSchema.IdBlock;
        }
        // Key indexes and filters held what the transaction added, and it may have created partitions: read again.
        foreach (var state in _partitions.Values) state.Forget();
        _partitions.Clear();
        _partitionsById.Clear();
        _last = null;
        _taxIdByProvider.Clear();
        try
        {
            if (!_disposed && _connection.FullState == System.Data.ConnectionState.Open) LoadPartitions();
        }
        catch (NpgsqlException)
        {
            // A broken connection: the partitions are read when the next call finds one it does not know, or never.
        }
        EndTransaction(committed: false);
    }

    private void EndTransaction(bool committed)
    {
        _inTransaction = false;
        foreach (var state in _partitions.Values)
        {
            state.Locked = false;
            state.Touched = false;
            state.MaxIdGiven = 0;
        }
        _identity.Clear();
        DiscardUnflushedClaims();
        EndEvents(committed);
    }

    /// <summary>
    /// Runs a change in the open scope, or in a transaction of its own when none is open (holding the run lock shared
    /// for that transaction only when not in a run: a single change is no run).
    /// </summary>
    private void Write<TState>(TState state, Action<PostgreSqlClaimLedger, TState> write)
    {
        ThrowIfDisposed();
        if (_inTransaction)
        {
            write(this, state);
            return;
        }
        Queue(Command("BEGIN"));
        // Held already during a run (asking again would queue behind a writer waiting to complete: a wait the deadlock
        // detector only breaks after deadlock_timeout).
        if (!_holdsRun) QueueLock("SELECT pg_advisory_xact_lock_shared($1, $2)", session: false, _locks, LockKeys.Run);
        _inTransaction = true;
        _scope = new Scope(this, null, _nextId, _blockEnd);
        try
        {
            write(this, state);
        }
        catch
        {
            RollbackScope();
            throw;
        }
        CommitTransaction(_scope);
    }

    private sealed class Scope(PostgreSqlClaimLedger ledger, string? documentId, long nextIdAtStart, long blockEndAtStart) : ILedgerScope
    {
        private bool _done;

        public string? DocumentId { get; } = documentId;

        public long NextIdAtStart { get; } = nextIdAtStart;

        public long BlockEndAtStart { get; } = blockEndAtStart;

        public int ClaimsAdded { get; set; }

        public void Commit()
        {
            ObjectDisposedException.ThrowIf(_done, this);
            ledger.ThrowIfDisposed();
            ledger.CommitScope(this);
            _done = true;
        }

        public void Dispose()
        {
            if (_done) return;
            _done = true;
            if (ReferenceEquals(ledger._scope, this) && !ledger._disposed) ledger.RollbackScope();
        }
    }

    // ---- Documents and providers -------------------------------------------------------------------------------------

    /// <inheritdoc />
    /// <remarks>
    /// Outside a scope, a remittance that is not in the ledger stays locked for this writer (a session-level advisory
    /// lock on its identity) until the scope that processes it ends, or until the next call: another writer asking about
    /// it meanwhile waits, then finds it committed. This is what makes two scans over the same files count each
    /// remittance once, without either failing.
    /// </remarks>
    public bool ContainsDocument(string documentId)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        ThrowIfDisposed();
        using var batch = Batch();
        long? key = null;
        if (!_inTransaction)
        {
            ReleaseDocumentLock();
            JoinRun();
            key = LockKeys.Document(_schema, documentId);
            batch.BatchCommands.Add(Command("SELECT pg_advisory_lock($1)", key));
        }
        batch.BatchCommands.Add(Command("SELECT EXISTS (SELECT 1 FROM document WHERE document_id = $1)", documentId));
        bool exists;
        using (var reader = ExecuteReader(batch, skip: key is null ? 0 : 1))
        {
            reader.Read();
            exists = reader.GetBoolean(0);
        }
        if (key is not null)
        {
            _documentLock = key;
            if (exists) ReleaseDocumentLock();
        }
        return exists;
    }

    /// <inheritdoc />
    public IReadOnlyList<DocumentRecord> FindDocumentsByTrace(PartitionKey partition, string trace)
    {
        ThrowIfDisposed();
        // The partition's trace numbers answer "none" without a round trip (read when the partition was last read:
        // a remittance another writer committed since is seen once this writer takes the partition's lock).
        if (Find(partition) is not { } state || !Filters(state).Traces.Contains(trace)) return [];
        using var batch = Batch();
        batch.BatchCommands.Add(Command(
            $"SELECT {DocumentColumns} FROM document WHERE partition_id = $1 AND trace = $2 ORDER BY seq",
            state.Id, trace));
        List<DocumentRecord>? result = null;
        using var reader = ExecuteReader(batch);
        while (reader.Read()) (result ??= []).Add(ReadDocument(reader, 0, partition));
        return result ?? (IReadOnlyList<DocumentRecord>)[];
    }

    /// <summary>Every processed remittance, in commit order, with how many claims each added.</summary>
    public IReadOnlyList<PostgreSqlLedgerDocument> Documents()
    {
        ThrowIfDisposed();
        using var batch = Batch();
        batch.BatchCommands.Add(Command(
            $"SELECT seq, claim_count, partition_id, {DocumentColumns} FROM document ORDER BY seq"));
        var rows = new List<(long Seq, int Claims, int Partition, DocumentRecord Record)>();
        using (var reader = ExecuteReader(batch))
        {
            // The partition of each row is resolved after the reader closes: PartitionOf may ask the server.
            while (reader.Read()) rows.Add((reader.GetInt64(0), reader.GetInt32(1), reader.GetInt32(2), ReadDocument(reader, 3, default)));
        }
        return rows.Select(r => new PostgreSqlLedgerDocument(r.Seq, r.Record with { Partition = PartitionOf(r.Partition) }, r.Claims)).ToList();
    }

    /// <inheritdoc />
    public IReadOnlyList<DocumentRecord> AllDocuments() => Documents().Select(d => d.Record).ToList();

    // The columns ReadDocument reads, in its order.
    private const string DocumentColumns = "document_id, trace, total_payment, date, content_hash, file, payer_name, payee_name, payee_npi";

    private static DocumentRecord ReadDocument(NpgsqlDataReader reader, int first, PartitionKey partition) =>
        new(reader.GetString(first), partition, StringOrNull(reader, first + 1), reader.GetDecimal(first + 2), DateOrNull(reader, first + 3),
            reader.GetString(first + 4), StringOrNull(reader, first + 5))
        {
            PayerName = StringOrNull(reader, first + 6),
            PayeeName = StringOrNull(reader, first + 7),
            PayeeNpi = StringOrNull(reader, first + 8),
        };

    /// <inheritdoc />
    public void RegisterProvider(string taxId, string providerId)
    {
        if (string.IsNullOrEmpty(taxId) || string.IsNullOrEmpty(providerId) || _taxIdByProvider.ContainsKey(providerId)) return;
        ThrowIfDisposed();
        var insert = Command("INSERT INTO provider (provider_id, tax_id) VALUES ($1, $2) ON CONFLICT (provider_id) DO NOTHING", providerId, taxId);
        if (_inTransaction)
        {
            Queue(insert);
        }
        else
        {
            using var batch = Batch();
            batch.BatchCommands.Add(insert);
            ExecuteNonQuery(batch);
        }
        // The first tax ID registered wins: another writer's, if it was first, is what the ledger keeps and answers.
        _taxIdByProvider[providerId] = taxId;
    }

    /// <inheritdoc />
    public string? TaxIdOf(string providerId)
    {
        ThrowIfDisposed();
        if (string.IsNullOrEmpty(providerId)) return null;
        if (_taxIdByProvider.TryGetValue(providerId, out var known)) return known;
        using var batch = Batch();
        batch.BatchCommands.Add(Command("SELECT tax_id FROM provider WHERE provider_id = $1", providerId));
        if (ExecuteScalar(batch) is not string taxId) return null;
        _taxIdByProvider[providerId] = taxId;
        return taxId;
    }

    /// <summary>Counts what the ledger holds (with what the open scope added).</summary>
    public PostgreSqlLedgerStatistics Statistics()
    {
        ThrowIfDisposed();
        using var batch = Batch();
        batch.BatchCommands.Add(Command("""
            SELECT (SELECT count(*) FROM partition), (SELECT count(*) FROM document), (SELECT count(*) FROM claim),
                   (SELECT count(*) FROM receivable), (SELECT count(*) FROM receivable WHERE status = 0),
                   (SELECT count(*) FROM suspense WHERE NOT removed), (SELECT count(*) FROM pending_reversal WHERE NOT removed),
                   (SELECT count(*) FROM provider), (SELECT count(*) FROM event)
            """));
        using var reader = ExecuteReader(batch);
        reader.Read();
        return new PostgreSqlLedgerStatistics(SchemaVersion, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2) + _unflushed.Count, reader.GetInt64(3),
            reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8) + _pendingEvents.Count);
    }

    private static string? StringOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateOnly? DateOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateOnly>(ordinal);

    private static decimal? DecimalOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDecimal(ordinal);

    private static long? Int64OrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
