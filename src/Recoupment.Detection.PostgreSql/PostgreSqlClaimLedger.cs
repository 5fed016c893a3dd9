using System.Globalization;
using Npgsql;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.PostgreSql;

/// <summary>
/// The claim ledger on a PostgreSQL server, shared by many writers (processes or machines): the same answers as
/// <see cref="InMemoryClaimLedger"/> and the SQLite ledger for the same calls, each remittance written exactly once.
/// </summary>
/// <remarks>
/// <para><b>One transaction per remittance.</b> <see cref="BeginDocument"/> starts a transaction and inserts the
/// remittance's row, whose identity is UNIQUE: a remittance is in the ledger with all its claims, receivables, events
/// and changes, or not at all. Changes are sent with the next request (a lookup, or the commit), claims with binary
/// COPY, so that a remittance costs a handful of round trips. Disposing the scope without committing rolls it back.</para>
/// <para><b>Writers take turns per partition (advisory locks, not fencing tokens).</b> A remittance's transaction
/// holds a transaction-level advisory lock on its partition (payer id, payee TIN), so writers of different partitions
/// run side by side and writers of one partition one after the other. Each writer keeps a partition's claim key index
/// and lookup filters in memory; a counter of the partition's transactions, read under the lock, tells it when another
/// writer changed the partition, and it reads what changed before going on. Ids come in blocks from a sequence; a
/// partition's highest id, read under the lock, keeps ids increasing within the partition (the engine orders by them).</para>
/// <para><b>A remittance is processed by one writer.</b> <see cref="ContainsDocument"/> takes a session-level
/// advisory lock on the remittance's identity before it looks, held until that remittance's scope ends: a second
/// writer asking about the same remittance waits, then finds it committed (and the engine reports a duplicate).</para>
/// <para><b>Closing what time closes sees no run half done.</b> Every writer holds a shared "run" lock from its first
/// remittance; <see cref="BeginTransaction"/> (the engine's <c>Complete</c>, which looks at every partition) releases
/// it and takes it exclusively, so it waits until no other writer is in the middle of a run. Two runs over different
/// payers therefore end with the ledger one run over both would give.</para>
/// <para><b>Durability.</b> A committed remittance survives this process being killed at any moment; see
/// <see cref="CommitDurability"/> for a crash of the server.</para>
/// <para><b>Schema.</b> Versioned (<c>schema_version</c>) and migrated in place by <see cref="Open"/>; the tables live
/// in their own PostgreSQL schema (<see cref="PostgreSqlLedgerOptions.Schema"/>).</para>
/// <para>Not thread-safe: one engine per ledger object, one connection per ledger object.</para>
/// </remarks>
public sealed partial class PostgreSqlClaimLedger : IClaimLedger, IDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly PostgreSqlLedgerOptions _options;
    private readonly string _schema;
    private readonly int _locks;
    private readonly Dictionary<PartitionKey, PartitionState> _partitions = [];
    private readonly Dictionary<int, PartitionState> _partitionsById = [];
    private readonly Dictionary<string, string> _taxIdByProvider = new(StringComparer.Ordinal);

    // Objects read or added in the current scope, by ledger id (ids are unique across claims, receivables, suspense
    // items and pending reversals): the same row gives the same object, as in memory.
    private readonly Dictionary<long, object> _identity = [];

    // Statements not sent yet (changes of the open transaction, BEGIN, locks to take or release): they go with the
    // next request, ahead of its own statements, so that most changes cost no round trip of their own.
    private readonly List<Ahead> _ahead = [];

    /// <summary>A statement sent ahead of the next request.</summary>
    /// <param name="Command">The statement.</param>
    /// <param name="HasResult">It returns a row (a lock function): the reader skips its result.</param>
    /// <param name="Session">It outlives a rollback (taking or releasing a session lock): kept when the transaction's statements are dropped.</param>
    private readonly record struct Ahead(NpgsqlBatchCommand Command, bool HasResult, bool Session);

    private Scope? _scope;
    private bool _inTransaction;
    private bool _holdsRun;
    private long? _documentLock;
    private long _nextId;
    private long _blockEnd;
    private PartitionKey _lastKey;
    private PartitionState? _last;
    private bool _disposed;

    private PostgreSqlClaimLedger(NpgsqlConnection connection, NpgsqlConnectionStringBuilder builder, PostgreSqlLedgerOptions options, int openedVersion)
    {
        _connection = connection;
        _options = options;
        _schema = options.EffectiveSchema;
        _locks = LockKeys.Namespace(_schema);
        Description = PostgreSqlConnectionString.Redacted(builder) + (_schema == "recoup" ? "" : "?schema=" + _schema);
        OpenedSchemaVersion = openedVersion;
        SchemaVersion = PostgreSqlSchema.CurrentVersion;
        LoadPartitions();
        _eventCount = CountEvents();
    }

    /// <summary>The schema version this code writes; <see cref="Open"/> migrates older ledgers to it.</summary>
    public static int CurrentSchemaVersion => PostgreSqlSchema.CurrentVersion;

    /// <summary>Where the ledger is, without the password: <c>postgresql://user@host:port/database</c>.</summary>
    public string Description { get; }

    /// <summary>The schema version of the ledger (always <see cref="CurrentSchemaVersion"/> once opened).</summary>
    public int SchemaVersion { get; }

    /// <summary>The schema version the ledger had before it was opened: 0 for a new ledger, less than <see cref="SchemaVersion"/> when it was migrated.</summary>
    public int OpenedSchemaVersion { get; }

    /// <summary>True when opening the ledger migrated it from an older schema version.</summary>
    public bool WasMigrated => OpenedSchemaVersion > 0 && OpenedSchemaVersion < SchemaVersion;

    /// <summary>The options the ledger was opened with.</summary>
    public PostgreSqlLedgerOptions Options => _options;

    /// <summary>True while a scope (<see cref="BeginDocument"/> or <see cref="BeginTransaction"/>) is open.</summary>
    public bool InScope => _scope is not null;

    /// <summary>
    /// Opens the ledger in the database of <paramref name="connectionString"/>: creates its schema and tables when
    /// there are none, migrates an older schema in place, and leaves a current one as it is. The database itself must exist.
    /// </summary>
    /// <param name="connectionString">Npgsql keywords (<c>Host=...;Database=...</c>) or a <c>postgresql://</c> URI.</param>
    /// <param name="options">Schema, durability and lock options; <see cref="PostgreSqlLedgerOptions.Default"/> when omitted.</param>
    /// <exception cref="ArgumentException">Not a valid connection string.</exception>
    /// <exception cref="PostgreSqlLedgerConnectionException">The server cannot be reached or refused the connection.</exception>
    /// <exception cref="InvalidDataException">The schema holds tables that are not a ledger, or a ledger of a newer version.</exception>
    public static PostgreSqlClaimLedger Open(string connectionString, PostgreSqlLedgerOptions? options = null)
    {
        var effective = options ?? PostgreSqlLedgerOptions.Default;
        var builder = PostgreSqlConnectionString.Parse(connectionString);
        var schema = PostgreSqlSchema.Quote(effective.EffectiveSchema);
        var connection = Connect(builder, schema);
        try
        {
            var opened = PostgreSqlSchema.Migrate(connection, schema, LockKeys.Namespace(schema));
            var timeout = (long)effective.EffectiveLockTimeout.TotalMilliseconds;
            PostgreSqlSchema.Execute(connection, string.Create(CultureInfo.InvariantCulture,
                $"SET synchronous_commit = {(effective.Durability == CommitDurability.Full ? "on" : "off")}; SET lock_timeout = {timeout}"));
            return new PostgreSqlClaimLedger(connection, builder, effective, opened);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The schema version of the ledger in the database, without creating or migrating anything; 0 when there is no ledger.</summary>
    /// <exception cref="PostgreSqlLedgerConnectionException">The server cannot be reached or refused the connection.</exception>
    /// <exception cref="InvalidDataException">The schema holds tables that are not a ledger.</exception>
    public static int ReadSchemaVersion(string connectionString, PostgreSqlLedgerOptions? options = null)
    {
        var builder = PostgreSqlConnectionString.Parse(connectionString);
        var schema = PostgreSqlSchema.Quote((options ?? PostgreSqlLedgerOptions.Default).EffectiveSchema);
        using var connection = Connect(builder, schema);
        return PostgreSqlSchema.ReadVersion(connection, schema);
    }

    private static NpgsqlConnection Connect(NpgsqlConnectionStringBuilder given, string schema)
    {
        var builder = new NpgsqlConnectionStringBuilder(given.ConnectionString)
        {
            // One long-lived connection per ledger: its session locks end with it, never parked in a pool.
            Pooling = false,
            SearchPath = schema,
            MaxAutoPrepare = Math.Max(given.MaxAutoPrepare, 64),
            AutoPrepareMinUsages = 2,
            ApplicationName = string.IsNullOrEmpty(given.ApplicationName) ? "recoupment-ledger" : given.ApplicationName,
        };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            connection.Dispose();
            throw new PostgreSqlLedgerConnectionException(given, Reason(e), e);
        }
    }

    /// <summary>Why a connection failed, in the server's words or the network's (never with the password).</summary>
    private static string Reason(Exception e) => e switch
    {
        PostgresException { SqlState: "3D000" } p => $"{p.MessageText} (create it first: CREATE DATABASE)",
        PostgresException p => $"{p.MessageText} (SQLSTATE {p.SqlState})",
        { InnerException: System.Net.Sockets.SocketException s } => s.Message,
        { InnerException: TimeoutException } or TimeoutException => "the connection timed out",
        _ => e.Message,
    };

    // ---- Partitions -------------------------------------------------------------------------------------------------

    /// <summary>What this writer knows about one partition, loaded when first used and read again when another writer changed it.</summary>
    private sealed class PartitionState(int id, PartitionKey key)
    {
        public int Id { get; } = id;
        public PartitionKey Key { get; } = key;
        /// <summary>The partition's transaction count as last read; -1 when unknown.</summary>
        public long Writes { get; set; } = -1;
        /// <summary>Locked by the open transaction.</summary>
        public bool Locked { get; set; }
        /// <summary>Changed by the open transaction (its counter and highest id are written on commit).</summary>
        public bool Touched { get; set; }
        /// <summary>The highest id the open transaction gave a record of the partition.</summary>
        public long MaxIdGiven { get; set; }
        public PartitionClaimIndex? Claims { get; set; }
        public PartitionFilters? Filters { get; set; }
        /// <summary>Changes whenever what is kept about the partition is dropped: claim objects cached under an older epoch are not used.</summary>
        public int Epoch { get; private set; }

        public void Forget()
        {
            Claims = null;
            Filters = null;
            Writes = -1;
            Epoch++;
        }

        /// <summary>Another writer changed the partition: cached claims may be out of date, filters are read again.</summary>
        public void Outdated()
        {
            Filters = null;
            Epoch++;
        }
    }

    /// <summary>The state of a partition known to the ledger, or null (asks the server about one it has not seen).</summary>
    private PartitionState? Find(PartitionKey partition)
    {
        // Calls come in runs for one partition: the last one is kept, compared by reference.
        if (_last is not null && ReferenceEquals(partition.PayerId, _lastKey.PayerId) && ReferenceEquals(partition.PayeeId, _lastKey.PayeeId)) return _last;
        if (!_partitions.TryGetValue(partition, out var state))
        {
            using var command = new NpgsqlCommand("SELECT id FROM partition WHERE payer_id = $1 AND payee_id = $2", _connection);
            command.Parameters.Add(P(partition.PayerId));
            command.Parameters.Add(P(partition.PayeeId));
            if (ExecuteScalar(command) is not int id) return null;
            state = Remember(id, partition);
        }
        _lastKey = partition;
        _last = state;
        return state;
    }

    private PartitionState Remember(int id, PartitionKey key)
    {
        var state = new PartitionState(id, key);
        _partitions[key] = state;
        _partitionsById[id] = state;
        return state;
    }

    private PartitionKey PartitionOf(int id)
    {
        if (_partitionsById.TryGetValue(id, out var state)) return state.Key;
        LoadPartitions();
        return _partitionsById.TryGetValue(id, out state) ? state.Key : throw new InvalidDataException($"The ledger has no partition {id}.");
    }

    private void LoadPartitions()
    {
        using var command = new NpgsqlCommand("SELECT id, payer_id, payee_id FROM partition", _connection);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetInt32(0);
            if (!_partitionsById.ContainsKey(id)) Remember(id, new PartitionKey(reader.GetString(1), reader.GetString(2)));
        }
    }

    /// <summary>
    /// The partition, locked by the open transaction and up to date with other writers (created in the transaction when
    /// new). Called before every change, and before a read that answers from memory while a transaction is open.
    /// </summary>
    /// <param name="partition">The partition.</param>
    /// <param name="create">Create it when it does not exist (else it must).</param>
    /// <param name="then">A statement to send in the same round trip, after the lock.</param>
    private PartitionState Lock(PartitionKey partition, bool create, NpgsqlBatchCommand? then = null)
    {
        var state = Find(partition);
        if (state is { Locked: true }) return state;
        if (state is null)
        {
            if (!create) throw new InvalidOperationException("Unknown partition.");
            using var insert = Batch();
            insert.BatchCommands.Add(Command(
                "INSERT INTO partition (payer_id, payee_id) VALUES ($1, $2) ON CONFLICT (payer_id, payee_id) DO UPDATE SET payer_id = EXCLUDED.payer_id RETURNING id",
                partition.PayerId, partition.PayeeId));
            var id = (int)ExecuteScalar(insert)!;
            state = _partitionsById.TryGetValue(id, out var known) ? known : Remember(id, partition);
        }
        using var batch = Batch();
        batch.BatchCommands.Add(Command("SELECT pg_advisory_xact_lock($1, $2)", _locks, state.Id));
        batch.BatchCommands.Add(Command("SELECT writes, max_id FROM partition WHERE id = $1", state.Id));
        if (then is not null) batch.BatchCommands.Add(then);
        long writes, maxId;
        using (var reader = ExecuteReader(batch, skip: 1))
        {
            reader.Read();
            writes = reader.GetInt64(0);
            maxId = reader.GetInt64(1);
            while (reader.NextResult())
            {
            }
        }
        Synchronise(state, writes, maxId);
        return state;
    }

    /// <summary>
    /// Called holding the partition's lock: when another writer changed the partition since this one last looked, what
    /// is kept in memory about it is read again (new claims are added to the key index, the filters reloaded); when the
    /// partition holds ids at or above this writer's next one, a new block is taken, so ids keep increasing in it.
    /// </summary>
    private void Synchronise(PartitionState state, long writes, long maxId)
    {
        if (state.Writes != writes)
        {
            state.Outdated();
            if (state.Claims is not null) LoadClaimKeys(state);
            state.Writes = writes;
        }
        if (_nextId <= maxId) _blockEnd = 0;
        state.Locked = true;
    }

    /// <summary>The partition a change applies to: locked, and marked as changed by the open transaction.</summary>
    private PartitionState Touch(PartitionKey partition, NpgsqlBatchCommand? then = null)
    {
        var state = Lock(partition, create: true, then);
        state.Touched = true;
        return state;
    }

    /// <summary>The partition a read applies to (null when it does not exist); locked and current while a transaction is open.</summary>
    private PartitionState? ForRead(PartitionKey partition)
    {
        ThrowIfDisposed();
        var state = Find(partition);
        if (state is null || !_inTransaction || state.Locked) return state;
        return Lock(partition, create: false);
    }

    /// <summary>The next ledger id, from this writer's block (a new block is taken from the sequence when it runs out).</summary>
    private long NextId(PartitionState state)
    {
        if (_nextId >= _blockEnd)
        {
            using var command = Batch();
            command.BatchCommands.Add(Command("SELECT nextval('id_block')"));
            _nextId = (long)ExecuteScalar(command)!;
            _blockEnd = _nextId + PostgreSqlSchema.IdBlock;
        }
        var id = _nextId++;
        if (id > state.MaxIdGiven) state.MaxIdGiven = id;
        return id;
    }

    // ---- Helpers ----------------------------------------------------------------------------------------------------

    private NpgsqlBatch Batch() => new(_connection);

    private static NpgsqlParameter P(object? value) => new() { Value = value ?? DBNull.Value };

    private static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(P(value));
        return command;
    }

    /// <summary>
    /// Sends the statements not sent yet, then <paramref name="batch"/>'s, in one round trip; the reader is at the
    /// first result of the batch's own statements after <paramref name="skip"/> of them that return a row to ignore
    /// (lock functions). Statements that return no rows give no result.
    /// </summary>
    private NpgsqlDataReader ExecuteReader(NpgsqlBatch batch, int skip = 0)
    {
        ThrowIfDisposed();
        for (var i = _ahead.Count - 1; i >= 0; i--)
        {
            batch.BatchCommands.Insert(0, _ahead[i].Command);
            if (_ahead[i].HasResult) skip++;
        }
        _ahead.Clear();
        var reader = batch.ExecuteReader();
        for (; skip > 0; skip--) reader.NextResult();
        return reader;
    }

    /// <summary>Queues a change of the open transaction, sent with the next request.</summary>
    private void Queue(NpgsqlBatchCommand command) => _ahead.Add(new Ahead(command, HasResult: false, Session: false));

    /// <summary>Queues a lock function (its row is skipped); <paramref name="session"/>: a session lock, kept when the transaction rolls back.</summary>
    private void QueueLock(string sql, bool session, params object?[] keys) => _ahead.Add(new Ahead(Command(sql, keys), HasResult: true, session));

    private object? ExecuteScalar(NpgsqlBatch batch)
    {
        using var reader = ExecuteReader(batch);
        return reader.Read() && !reader.IsDBNull(0) ? reader.GetValue(0) : null;
    }

    private object? ExecuteScalar(NpgsqlCommand command)
    {
        using var batch = Batch();
        var copy = new NpgsqlBatchCommand(command.CommandText);
        foreach (NpgsqlParameter p in command.Parameters) copy.Parameters.Add(P(p.Value));
        batch.BatchCommands.Add(copy);
        return ExecuteScalar(batch);
    }

    private void ExecuteNonQuery(NpgsqlBatch batch)
    {
        using var reader = ExecuteReader(batch);
        while (reader.NextResult())
        {
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Rolls back an open scope (nothing half-written is kept) and closes the connection, which ends its locks.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        if (_scope is not null) RollbackScope();
        _disposed = true;
        _connection.Dispose();
    }
}
