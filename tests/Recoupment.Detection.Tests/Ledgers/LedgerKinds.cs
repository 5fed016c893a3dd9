using Microsoft.Data.Sqlite;
using Npgsql;
using Recoupment.Detection.Cli.Commands;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.PostgreSql;
using Recoupment.Detection.Sqlite;

namespace Recoupment.Detection.Tests.Ledgers;

/// <summary>
/// The ledgers the shared ledger fixtures run against: the in-memory reference, SQLite in memory and in a file, and
/// PostgreSQL on the server that <c>RECOUP_TEST_POSTGRESQL</c> names (.ci/run starts one; see the README).
/// </summary>
public static class LedgerKinds
{
    public const string InMemory = "InMemory";
    public const string SqliteMemory = "SqliteMemory";
    public const string SqliteFile = "SqliteFile";
    public const string PostgreSql = "PostgreSql";

    /// <summary>Every ledger (the contract tests).</summary>
    public static readonly string[] All = [InMemory, SqliteMemory, SqliteFile, PostgreSql];

    /// <summary>The ledgers that are checked against the in-memory reference (engine equivalence).</summary>
    public static readonly string[] Stored = [SqliteMemory, SqliteFile, PostgreSql];

    /// <summary>The ledgers that persist between processes (reopened, killed and run again, shared by two scans).</summary>
    public static readonly string[] Durable = [SqliteFile, PostgreSql];
}

/// <summary>
/// Makes the ledgers of one fixture of one kind, each new and empty, and removes them all at the end: SQLite files in a
/// temporary folder; for PostgreSQL a database created for the fixture (a schema in it per ledger), and a database of
/// its own per <see cref="NewTarget"/>, all dropped on <see cref="Dispose"/>. Without a server, creating a PostgreSQL
/// factory marks the test ignored, with the reason.
/// </summary>
public sealed class LedgerFactory : IDisposable
{
    private readonly List<TestDatabase> _databases = [];
    private readonly string _folder = TempFolder.Create();
    private readonly TestDatabase? _database;
    private int _count;

    public LedgerFactory(string kind)
    {
        Kind = kind;
        if (kind == LedgerKinds.PostgreSql) _databases.Add(_database = TestDatabase.Create());
    }

    public string Kind { get; }

    /// <summary>A new, empty ledger.</summary>
    public IClaimLedger Create() => Kind switch
    {
        LedgerKinds.InMemory => new InMemoryClaimLedger(),
        LedgerKinds.SqliteMemory => SqliteClaimLedger.OpenInMemory(),
        _ => Open(NewPlace()),
    };

    /// <summary>Where a new durable ledger goes (a file, or a schema of the fixture's database), to be opened, closed and opened again with <see cref="Open"/>.</summary>
    public string NewPlace()
    {
        var n = Interlocked.Increment(ref _count);
        return Kind switch
        {
            LedgerKinds.SqliteFile => Path.Combine(_folder, $"ledger-{n}.db"),
            LedgerKinds.PostgreSql => $"ledger_{n}",
            _ => throw new InvalidOperationException($"A {Kind} ledger does not persist."),
        };
    }

    /// <summary>Opens (creating when new) the durable ledger at <paramref name="place"/>.</summary>
    public IClaimLedger Open(string place) => Kind switch
    {
        LedgerKinds.SqliteFile => SqliteClaimLedger.Open(place),
        LedgerKinds.PostgreSql => PostgreSqlClaimLedger.Open(_database!.ConnectionString, PostgreSqlLedgerOptions.Default with { Schema = place }),
        _ => throw new InvalidOperationException($"A {Kind} ledger does not persist."),
    };

    /// <summary>Opens the durable ledger at <paramref name="place"/> with what only durable ledgers have (statistics, documents).</summary>
    public DurableLedger OpenDurable(string place) => Open(place) switch
    {
        SqliteClaimLedger sqlite => DurableLedger.Of(sqlite),
        PostgreSqlClaimLedger postgres => DurableLedger.Of(postgres),
        var other => throw new InvalidOperationException($"{other.GetType().Name} is not durable."),
    };

    /// <summary>What <c>recoup --ledger</c> is given for a new, empty ledger: a file path, or the connection string of a new database.</summary>
    public string NewTarget()
    {
        if (Kind == LedgerKinds.SqliteFile) return NewPlace();
        if (Kind != LedgerKinds.PostgreSql) throw new InvalidOperationException($"recoup --ledger takes no {Kind} ledger.");
        var database = TestDatabase.Create();
        _databases.Add(database);
        return database.ConnectionString;
    }

    /// <summary>The ledger a <see cref="NewTarget"/> names, opened as <c>recoup</c> opens it; null while nothing created it.</summary>
    public DurableLedger? OpenExisting(string target)
    {
        if (Kind == LedgerKinds.SqliteFile) return File.Exists(target) ? DurableLedger.Open(target) : null;
        return PostgreSqlClaimLedger.ReadSchemaVersion(target) == 0 ? null : DurableLedger.Open(target);
    }

    /// <summary>The remittances in the ledger a <see cref="NewTarget"/> names, read without opening it as a ledger (as another process would while a scan writes).</summary>
    public long CountDocuments(string target)
    {
        try
        {
            if (Kind == LedgerKinds.SqliteFile)
            {
                if (!File.Exists(target)) return 0;
                using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM document;";
                return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
            using var postgres = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(target) { Pooling = false }.ConnectionString);
            postgres.Open();
            using var count = new NpgsqlCommand("SELECT count(*) FROM recoup.document", postgres);
            return Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is SqliteException or PostgresException)
        {
            return 0; // not created yet, or the schema is being created
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var database in _databases) database.Dispose();
        TempFolder.Delete(_folder);
    }
}

/// <summary>
/// A database of its own on the test server, with a random name, dropped (closing any connection left) when disposed.
/// The server is the one <c>RECOUP_TEST_POSTGRESQL</c> names, a connection string with the rights to create databases.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string Variable = "RECOUP_TEST_POSTGRESQL";

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>The server's connection string with this database.</summary>
    public string ConnectionString { get; }

    /// <summary>The server's connection string, or the test is ignored with the reason.</summary>
    public static string Server
    {
        get
        {
            var value = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                Assert.Ignore($"{Variable} is not set: the PostgreSQL ledger tests need a server (.ci/run starts one; " +
                              "README, \"Running the PostgreSQL tests\", says how to run them locally).");
            }
            return value!;
        }
    }

    public static TestDatabase Create()
    {
        var server = Server;
        var name = "recoup_test_" + Guid.NewGuid().ToString("N")[..12];
        Execute(server, $"CREATE DATABASE {name}");
        return new TestDatabase(name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    /// <summary>Runs SQL on the server's maintenance database (the one the variable names).</summary>
    public static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Runs SQL in this database.</summary>
    public void Execute(string sql) => Execute(ConnectionString, sql);

    /// <summary>Runs a query in this database and gives its first value.</summary>
    public object? Scalar(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        try
        {
            Execute(Server, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
            // The server went away: its temp folder goes with it.
        }
    }
}

/// <summary>Per-test temporary folders, removed with their ledger files.</summary>
public static class TempFolder
{
    public static string Create()
    {
        var path = Path.Combine(Path.GetTempPath(), "recoup-ledger-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string? path)
    {
        if (path is null || !Directory.Exists(path)) return;
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere: the OS temp folder cleans up.
        }
    }
}
