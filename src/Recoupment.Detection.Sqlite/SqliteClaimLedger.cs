using System.Globalization;
using Microsoft.Data.Sqlite;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Sqlite;

/// <summary>
/// The claim ledger in a SQLite file: durable between runs, so that a scan can stop and go on later (or after a crash)
/// with the same answers as one long run. Answers exactly as <see cref="InMemoryClaimLedger"/> does for the same calls.
/// </summary>
/// <remarks>
/// <para><b>Atomic remittances.</b> <see cref="BeginDocument"/> starts a SQLite transaction; every change until
/// <see cref="ILedgerScope.Commit"/> goes into it, and disposing the scope without committing rolls it back. A crash
/// loses at most the remittance in flight, never half of one. Changes made outside a scope (the engine's
/// <c>Complete</c>, duplicates) each run in a transaction of their own; <see cref="BeginTransaction"/> groups them.</para>
/// <para><b>Durability.</b> WAL journal with <c>synchronous=NORMAL</c> by default: a committed remittance survives the
/// process being killed; see <see cref="LedgerDurability"/>.</para>
/// <para><b>Schema.</b> Versioned with <c>PRAGMA user_version</c> and migrated in place by <see cref="Open"/>
/// (<see cref="SchemaVersion"/>, <see cref="CurrentSchemaVersion"/>).</para>
/// <para><b>Objects.</b> Records returned by queries are read from rows. Within one scope the same row always gives the
/// same object, as in memory; callers change them and then call <see cref="UpdateClaim"/> or
/// <see cref="UpdateReceivable"/>, which write the mutable fields back.</para>
/// <para>Not thread-safe: one engine per ledger. Another process may read the file while this one writes (WAL).</para>
/// </remarks>
public sealed partial class SqliteClaimLedger : IClaimLedger, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteLedgerOptions _options;
    private readonly List<PreparedCommand> _commands = [];
    private readonly List<RawStatement> _statements = [];
    private readonly Dictionary<PartitionKey, long> _partitionIds = [];
    private readonly Dictionary<long, PartitionKey> _partitions = [];
    private readonly Dictionary<string, string> _taxIdByProvider = new(StringComparer.Ordinal);

    // Objects read or added in the current scope, by ledger id (ids are unique across claims, receivables, suspense
    // items and pending reversals): the same row gives the same object, as in memory.
    private readonly Dictionary<long, object> _identity = [];

    private Scope? _scope;
    private long _nextId;
    private long _eventCount;
    private bool _disposed;

    private readonly PreparedCommand _begin;
    private readonly PreparedCommand _commit;
    private readonly PreparedCommand _rollback;
    private readonly PreparedCommand _saveNextId;
    private readonly PreparedCommand _insertPartition;
    private readonly PreparedCommand _insertDocument;
    private readonly PreparedCommand _setClaimCount;
    private readonly PreparedCommand _containsDocument;
    private readonly PreparedCommand _documentsByTrace;
    private readonly PreparedCommand _registerProvider;
    private readonly PreparedCommand _dataVersion;
    private long _seenDataVersion;
    private PartitionKey _lastPartition;
    private long _lastPartitionId;

    private SqliteClaimLedger(SqliteConnection connection, SqliteLedgerOptions options, string? path, int openedVersion)
    {
        _connection = connection;
        _options = options;
        Path = path;
        OpenedSchemaVersion = openedVersion;
        SchemaVersion = SqliteSchema.ReadVersion(connection);
        JournalMode = Pragma("journal_mode") ?? "";

        _begin = Prepare("BEGIN IMMEDIATE;", 0);
        _commit = Prepare("COMMIT;", 0);
        _rollback = Prepare("ROLLBACK;", 0);
        _saveNextId = Prepare("UPDATE ledger_state SET next_id = $p0 WHERE id = 1;", 1);
        _insertPartition = Prepare("INSERT INTO partition (payer_id, payee_id) VALUES ($p0, $p1) RETURNING id;", 2);
        _insertDocument = Prepare(
            "INSERT INTO document (document_id, partition_id, trace, total_payment, date, content_hash, file, payer_name, payee_name, payee_npi) " +
            "VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9);", 10);
        _setClaimCount = Prepare("UPDATE document SET claim_count = claim_count + $p1 WHERE document_id = $p0;", 2);
        _containsDocument = Prepare("SELECT 1 FROM document WHERE document_id = $p0;", 1);
        _documentsByTrace = Prepare(
            $"SELECT {DocumentColumns} FROM document WHERE partition_id = $p0 AND trace = $p1 ORDER BY seq;", 2);
        _registerProvider = Prepare("INSERT OR IGNORE INTO provider (provider_id, tax_id) VALUES ($p0, $p1);", 2);
        _dataVersion = Prepare("PRAGMA data_version;", 0);
        PrepareClaims();
        PrepareReceivables();
        PrepareEvents();
        PrepareCases();
        LoadCaches();
        _seenDataVersion = DataVersion();
    }

    /// <summary>The schema version this code writes; <see cref="Open"/> migrates older files to it.</summary>
    public static int CurrentSchemaVersion => SqliteSchema.CurrentVersion;

    /// <summary>The file, or null for an in-memory ledger.</summary>
    public string? Path { get; }

    /// <summary>The schema version of the open database (always <see cref="CurrentSchemaVersion"/> once opened).</summary>
    public int SchemaVersion { get; }

    /// <summary>The schema version the file had before it was opened: 0 for a new file, less than <see cref="SchemaVersion"/> when it was migrated.</summary>
    public int OpenedSchemaVersion { get; }

    /// <summary>True when opening the file migrated it from an older schema version.</summary>
    public bool WasMigrated => OpenedSchemaVersion > 0 && OpenedSchemaVersion < SchemaVersion;

    /// <summary>The SQLite journal mode in force (<c>wal</c> for a file, <c>memory</c> in memory).</summary>
    public string JournalMode { get; }

    /// <summary>The options the ledger was opened with.</summary>
    public SqliteLedgerOptions Options => _options;

    /// <summary>True while a scope (<see cref="BeginDocument"/> or <see cref="BeginTransaction"/>) is open.</summary>
    public bool InScope => _scope is not null;

    /// <summary>
    /// Opens the ledger in <paramref name="path"/>: creates the file when it does not exist, migrates an older schema
    /// in place, and leaves a current one as it is. Safe to call on an existing ledger; the data is kept.
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <param name="options">Durability and cache options; <see cref="SqliteLedgerOptions.Default"/> when omitted.</param>
    /// <exception cref="InvalidDataException">The file is not a ledger, or a ledger of a newer schema version.</exception>
    public static SqliteClaimLedger Open(string path, SqliteLedgerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        };
        return OpenConnection(builder.ToString(), options ?? SqliteLedgerOptions.Default, full, isFile: true);
    }

    /// <summary>A ledger in memory (for tests and one-off runs): the same code and SQL as a file, gone when disposed.</summary>
    /// <param name="options">Cache options; durability does not apply.</param>
    public static SqliteClaimLedger OpenInMemory(SqliteLedgerOptions? options = null)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = ":memory:", Pooling = false };
        return OpenConnection(builder.ToString(), options ?? SqliteLedgerOptions.Default, null, isFile: false);
    }

    /// <summary>The schema version of a ledger file without opening it for writing or migrating it; 0 when the file does not exist or is empty.</summary>
    /// <param name="path">The database file.</param>
    public static int ReadSchemaVersion(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) return 0;
        var builder = new SqliteConnectionStringBuilder { DataSource = System.IO.Path.GetFullPath(path), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            return SqliteSchema.ReadVersion(connection);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 26)
        {
            throw new InvalidDataException($"'{path}' is not a SQLite database.", ex);
        }
    }

    private static SqliteClaimLedger OpenConnection(string connectionString, SqliteLedgerOptions options, string? path, bool isFile)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            var timeout = (long)options.EffectiveBusyTimeout.TotalMilliseconds;
            SqliteSchema.Run(connection, $"PRAGMA busy_timeout = {timeout.ToString(CultureInfo.InvariantCulture)};");
            SqliteSchema.Check(connection); // before any pragma that changes the file: leave a foreign database alone
            if (isFile)
            {
                // WAL: a commit appends to the log; readers never block the writer; a torn write is never visible.
                SqliteSchema.Run(connection, "PRAGMA journal_mode = WAL;");
                SqliteSchema.Run(connection, options.Durability == LedgerDurability.Full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
                // Checkpoint (copy the WAL into the database, with its fsyncs) every CheckpointMiB rather than every 4 MiB:
                // pages that many remittances touch are copied once, and the log is cut back to that size afterwards.
                var pageSize = Convert.ToInt64(Scalar(connection, "PRAGMA page_size;"), CultureInfo.InvariantCulture);
                var checkpointBytes = (long)options.EffectiveCheckpointMiB * 1024 * 1024;
                SqliteSchema.Run(connection, $"PRAGMA wal_autocheckpoint = {(checkpointBytes / pageSize).ToString(CultureInfo.InvariantCulture)};");
                SqliteSchema.Run(connection, $"PRAGMA journal_size_limit = {checkpointBytes.ToString(CultureInfo.InvariantCulture)};");
            }
            SqliteSchema.Run(connection, "PRAGMA foreign_keys = ON;");
            SqliteSchema.Run(connection, "PRAGMA temp_store = MEMORY;");
            SqliteSchema.Run(connection, $"PRAGMA cache_size = -{(options.EffectiveCacheSizeMiB * 1024).ToString(CultureInfo.InvariantCulture)};");
            var opened = SqliteSchema.Migrate(connection);
            return new SqliteClaimLedger(connection, options, path, opened);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 26)
        {
            connection.Dispose();
            throw new InvalidDataException($"'{path}' is not a SQLite database.", ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // ---- Scopes ----------------------------------------------------------------------------------------------------

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">A scope is already open, or the remittance is already in the ledger (the document identity is unique).</exception>
    public ILedgerScope BeginDocument(DocumentRecord document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var scope = Begin(document.DocumentId);
        try
        {
            var p = _insertDocument;
            p.Set(0, document.DocumentId);
            p.Set(1, PartitionId(document.Partition));
            p.Set(2, document.Trace);
            p.Set(3, document.TotalPayment);
            p.Set(4, document.Date);
            p.Set(5, document.ContentHash);
            p.Set(6, document.File);
            p.Set(7, document.PayerName);
            p.Set(8, document.PayeeName);
            p.Set(9, document.PayeeNpi);
            p.Execute();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            scope.Dispose();
            throw new InvalidOperationException($"The remittance '{document.DocumentId}' is already in the ledger.", ex);
        }
        catch
        {
            scope.Dispose();
            throw;
        }
        return scope;
    }

    /// <summary>
    /// Starts a transaction for changes that belong to no remittance, such as the engine's <c>Complete</c>: either all
    /// of them are kept (on <see cref="ILedgerScope.Commit"/>) or none.
    /// </summary>
    /// <exception cref="InvalidOperationException">A scope is already open.</exception>
    public ILedgerScope BeginTransaction() => Begin(null);

    private Scope Begin(string? documentId)
    {
        ThrowIfDisposed();
        if (_scope is not null) throw new InvalidOperationException("A ledger scope is already open; commit or dispose it first.");
        _begin.Execute();
        try
        {
            SyncWithOtherWriters();
        }
        catch
        {
            RollbackScope();
            throw;
        }
        _scope = new Scope(this, documentId);
        return _scope;
    }

    private void CommitScope(Scope scope)
    {
        if (!ReferenceEquals(scope, _scope)) throw new InvalidOperationException("The scope is no longer open.");
        try
        {
            FlushClaims();
            if (scope.DocumentId is { } documentId && scope.ClaimsAdded > 0)
            {
                _setClaimCount.Set(0, documentId);
                _setClaimCount.Set(1, (long)scope.ClaimsAdded);
                _setClaimCount.Execute();
            }
            SaveNextId();
            _commit.Execute();
        }
        catch
        {
            RollbackScope();
            throw;
        }
        _scope = null;
        ClearScopeCaches();
    }

    private void RollbackScope()
    {
        _scope = null;
        ClearScopeCaches();
        DiscardUnflushedClaims();
        _keyIndexes.Clear(); // rebuilt from the rows that were kept when next used
        _keyIndexesLoaded = false;
        _events?.Reset();
        try
        {
            _rollback.Execute();
        }
        catch (SqliteException)
        {
            // SQLite may already have rolled back (for example after a disk error); nothing is left to undo.
        }
        LoadCaches();
    }

    /// <summary>Runs a write in the open scope, or in a transaction of its own when none is open.</summary>
    private void Write<TState>(TState state, Action<SqliteClaimLedger, TState> write)
    {
        ThrowIfDisposed();
        if (_scope is not null)
        {
            write(this, state);
            return;
        }
        _begin.Execute();
        try
        {
            SyncWithOtherWriters();
            write(this, state);
            FlushClaims();
            SaveNextId();
            _commit.Execute();
        }
        catch
        {
            RollbackScope();
            throw;
        }
        finally
        {
            ClearScopeCaches();
        }
    }

    private void ClearScopeCaches() => _identity.Clear();

    /// <summary>
    /// Called holding the write lock: when another connection (another process) committed since this one last wrote,
    /// what this one keeps in memory (next id, partitions, key indexes...) is read again, so two writers taking turns
    /// on one file stay correct.
    /// </summary>
    private void SyncWithOtherWriters()
    {
        var version = DataVersion();
        if (version == _seenDataVersion) return;
        _seenDataVersion = version;
        LoadCaches();
        _keyIndexes.Clear();
        _keyIndexesLoaded = false;
        _events?.Reset();
    }

    private long DataVersion() => Convert.ToInt64(_dataVersion.Scalar(), CultureInfo.InvariantCulture);

    private void SaveNextId()
    {
        _saveNextId.Set(0, _nextId);
        _saveNextId.Execute();
    }

    private long NextId() => _nextId++;

    private sealed class Scope(SqliteClaimLedger ledger, string? documentId) : ILedgerScope
    {
        private bool _done;

        public string? DocumentId { get; } = documentId;

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

    // ---- Documents and providers -----------------------------------------------------------------------------------

    /// <inheritdoc />
    public bool ContainsDocument(string documentId)
    {
        ThrowIfDisposed();
        _containsDocument.Set(0, documentId);
        return _containsDocument.Scalar() is not null;
    }

    /// <inheritdoc />
    public IReadOnlyList<DocumentRecord> FindDocumentsByTrace(PartitionKey partition, string trace)
    {
        ThrowIfDisposed();
        if (!TryPartition(partition, out var id)) return [];
        _documentsByTrace.Set(0, id);
        _documentsByTrace.Set(1, trace);
        List<DocumentRecord>? result = null;
        using var reader = _documentsByTrace.Query();
        while (reader.Read()) (result ??= []).Add(ReadDocument(reader, 0));
        return result ?? (IReadOnlyList<DocumentRecord>)[];
    }

    /// <summary>Every processed remittance, in processing order, with how many claims each added.</summary>
    public IReadOnlyList<LedgerDocument> Documents()
    {
        ThrowIfDisposed();
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT seq, claim_count, {DocumentColumns} FROM document ORDER BY seq;";
        var result = new List<LedgerDocument>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) result.Add(new LedgerDocument(reader.GetInt64(0), ReadDocument(reader, 2), reader.GetInt32(1)));
        return result;
    }

    /// <inheritdoc />
    public IReadOnlyList<DocumentRecord> AllDocuments() => Documents().Select(d => d.Record).ToList();

    // The columns ReadDocument reads, in its order.
    private const string DocumentColumns = "document_id, partition_id, trace, total_payment, date, content_hash, file, payer_name, payee_name, payee_npi";

    private DocumentRecord ReadDocument(SqliteDataReader reader, int first) =>
        new(reader.GetString(first), PartitionOf(reader.GetInt64(first + 1)), SqliteValues.StringOrNull(reader, first + 2), SqliteValues.Money(reader, first + 3),
            SqliteValues.DateOrNull(reader, first + 4), reader.GetString(first + 5), SqliteValues.StringOrNull(reader, first + 6))
        {
            PayerName = SqliteValues.StringOrNull(reader, first + 7),
            PayeeName = SqliteValues.StringOrNull(reader, first + 8),
            PayeeNpi = SqliteValues.StringOrNull(reader, first + 9),
        };

    /// <inheritdoc />
    public void RegisterProvider(string taxId, string providerId)
    {
        if (string.IsNullOrEmpty(taxId) || string.IsNullOrEmpty(providerId) || _taxIdByProvider.ContainsKey(providerId)) return;
        Write((taxId, providerId), static (ledger, s) =>
        {
            ledger._registerProvider.Set(0, s.providerId);
            ledger._registerProvider.Set(1, s.taxId);
            ledger._registerProvider.Execute();
            ledger._taxIdByProvider[s.providerId] = s.taxId;
        });
    }

    /// <inheritdoc />
    public string? TaxIdOf(string providerId)
    {
        ThrowIfDisposed();
        return _taxIdByProvider.GetValueOrDefault(providerId);
    }

    /// <summary>Counts what the ledger holds.</summary>
    public LedgerStatistics Statistics()
    {
        ThrowIfDisposed();
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT count(*) FROM partition), (SELECT count(*) FROM document), (SELECT count(*) FROM claim),
                   (SELECT count(*) FROM receivable), (SELECT count(*) FROM receivable WHERE status = 0),
                   (SELECT count(*) FROM suspense WHERE removed = 0), (SELECT count(*) FROM pending_reversal WHERE removed = 0),
                   (SELECT count(*) FROM provider), (SELECT count(*) FROM event);
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return new LedgerStatistics(SchemaVersion, reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2) + UnflushedClaimCount, reader.GetInt64(3),
            reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8));
    }

    // ---- Partitions and caches -------------------------------------------------------------------------------------

    /// <summary>The id of a partition, added to the ledger (in the open transaction) when new.</summary>
    private long PartitionId(PartitionKey partition)
    {
        if (TryPartition(partition, out var id)) return id;
        _insertPartition.Set(0, partition.PayerId);
        _insertPartition.Set(1, partition.PayeeId);
        id = Convert.ToInt64(_insertPartition.Scalar(), CultureInfo.InvariantCulture);
        _partitionIds[partition] = id;
        _partitions[id] = partition;
        return id;
    }

    /// <summary>The id of a known partition. Calls come in runs for one partition: the last one is kept, compared by reference.</summary>
    private bool TryPartition(PartitionKey partition, out long id)
    {
        if (_lastPartitionId > 0 && ReferenceEquals(partition.PayerId, _lastPartition.PayerId) && ReferenceEquals(partition.PayeeId, _lastPartition.PayeeId))
        {
            id = _lastPartitionId;
            return true;
        }
        if (!_partitionIds.TryGetValue(partition, out id)) return false;
        _lastPartition = partition;
        _lastPartitionId = id;
        return true;
    }

    /// <summary>The partition of an id read from a row (another process may have added it: then the partitions are read again).</summary>
    private PartitionKey PartitionOf(long id)
    {
        if (_partitions.TryGetValue(id, out var key)) return key;
        LoadPartitions();
        return _partitions.TryGetValue(id, out key) ? key : throw new InvalidDataException($"The ledger has no partition {id}.");
    }

    /// <summary>Reads what the ledger keeps in memory: after opening, and after a rollback undid changes.</summary>
    private void LoadCaches()
    {
        LoadPartitions();
        _taxIdByProvider.Clear();
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT provider_id, tax_id FROM provider;";
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) _taxIdByProvider[reader.GetString(0)] = reader.GetString(1);
        }
        command.CommandText = "SELECT next_id FROM ledger_state WHERE id = 1;";
        _nextId = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        command.CommandText = "SELECT count(*) FROM event;";
        _eventCount = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        LoadKeyFilters(command);
    }

    private void LoadPartitions()
    {
        _lastPartitionId = 0;
        _partitionIds.Clear();
        _partitions.Clear();
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, payer_id, payee_id FROM partition;";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var key = new PartitionKey(reader.GetString(1), reader.GetString(2));
            _partitionIds[key] = reader.GetInt64(0);
            _partitions[reader.GetInt64(0)] = key;
        }
    }

    private PreparedCommand Prepare(string sql, int parameterCount)
    {
        var command = new PreparedCommand(_connection, sql, parameterCount);
        _commands.Add(command);
        return command;
    }

    private RawStatement PrepareRaw(string sql)
    {
        var statement = new RawStatement(_connection, sql);
        _statements.Add(statement);
        return statement;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private string? Pragma(string name)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return command.ExecuteScalar()?.ToString();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    /// <summary>Rolls back an open scope (nothing half-written is kept) and closes the file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        if (_scope is not null) RollbackScope();
        _disposed = true;
        foreach (var command in _commands) command.Dispose();
        _commands.Clear();
        foreach (var statement in _statements) statement.Dispose();
        _statements.Clear();
        try
        {
            SqliteSchema.Run(_connection, "PRAGMA optimize;");
        }
        catch (SqliteException)
        {
            // Only statistics for the query planner: never a reason to fail closing.
        }
        _connection.Dispose();
    }
}
