using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Npgsql;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.PostgreSql;
using Recoupment.Detection.Sqlite;
using Recoupment.Detection.Synthetic;

namespace Recoupment.Detection.Benchmarks;

/// <summary>
/// Ledger ingestion on PostgreSQL, with SQLite measured in the same run as the baseline: the input of
/// <see cref="SqliteLedgerBenchmarks"/> (100 remittances of 1,000 claims, <see cref="LedgerWorkload"/>), one
/// transaction per remittance, into a new ledger each iteration, in claims per second.
/// </summary>
/// <remarks>
/// <para>The server is the one <c>RECOUP_BENCH_POSTGRESQL</c> (else <c>RECOUP_TEST_POSTGRESQL</c>) names, a
/// connection string with the rights to create a database: the benchmark creates one, a schema per iteration, and
/// drops it at the end. A remittance of 1,000 claims goes in with binary COPY.</para>
/// <list type="bullet">
/// <item><c>Ledger_*</c>: the ledger alone, given the engine's calls per remittance and claim (<see cref="LedgerCalls"/>).</item>
/// <item><c>Engine_*</c>: <see cref="RecoupmentEngine.Process"/> over every remittance, then <c>Complete</c>.</item>
/// </list>
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class PostgreSqlLedgerBenchmarks
{
    private const int Documents = 100;
    private const int ClaimsPerDocument = 1000;
    private const int ReversalsPerDocument = 10;

    private static long s_claims;

    private IReadOnlyList<RemittanceDocument> _documents = [];
    private string _server = "";
    private string _database = "";
    private string _folder = "";
    private int _iteration;
    private IClaimLedger? _ledger;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(1).WithIterationCount(6).WithInvocationCount(1).WithUnrollFactor(1));
            // The column runs in the host process, where the setup did not run: it counts the claims itself.
            AddColumn(new ClaimsPerSecondColumn(() => s_claims > 0 ? s_claims : s_claims = LedgerWorkload.Create(Documents, ClaimsPerDocument, ReversalsPerDocument).Sum(d => (long)d.Claims.Count)));
        }
    }

    [GlobalSetup]
    public void GlobalSetup()
    {
        _server = Environment.GetEnvironmentVariable("RECOUP_BENCH_POSTGRESQL") is { Length: > 0 } bench ? bench
            : Environment.GetEnvironmentVariable("RECOUP_TEST_POSTGRESQL") is { Length: > 0 } test ? test
            : throw new InvalidOperationException("Set RECOUP_BENCH_POSTGRESQL (or RECOUP_TEST_POSTGRESQL) to a PostgreSQL connection string that may create a database.");
        _database = "recoup_bench_" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        Execute(_server, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        Execute(_server, $"CREATE DATABASE {_database}");
        _folder = Path.Combine(Path.GetTempPath(), "recoup-pg-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(_folder);
        var documents = LedgerWorkload.Create(Documents, ClaimsPerDocument, ReversalsPerDocument);
        s_claims = documents.Sum(d => (long)d.Claims.Count);
        Console.WriteLine($"// {documents.Count} remittances, {s_claims:N0} claims");
    }

    [IterationSetup(Targets = [nameof(Ledger_PostgreSql), nameof(Engine_PostgreSql)])]
    public void PostgreSqlSetup()
    {
        _documents = LedgerWorkload.Create(Documents, ClaimsPerDocument, ReversalsPerDocument);
        var schema = "bench_" + (++_iteration).ToString(CultureInfo.InvariantCulture);
        _ledger = PostgreSqlClaimLedger.Open(Connection(), PostgreSqlLedgerOptions.Default with { Schema = schema });
    }

    [IterationSetup(Targets = [nameof(Ledger_SqliteFile), nameof(Engine_SqliteFile)])]
    public void SqliteSetup()
    {
        _documents = LedgerWorkload.Create(Documents, ClaimsPerDocument, ReversalsPerDocument);
        var path = Path.Combine(_folder, "ledger.db");
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        _ledger = SqliteClaimLedger.Open(path);
    }

    [IterationCleanup]
    public void IterationCleanup()
    {
        (_ledger as IDisposable)?.Dispose();
        _ledger = null;
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        NpgsqlConnection.ClearAllPools();
        Execute(_server, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The SQLite file ledger alone (the baseline of this run), closed at the end.</summary>
    [Benchmark(Baseline = true)]
    public int Ledger_SqliteFile() => Ledger();

    /// <summary>The PostgreSQL ledger alone, closed at the end.</summary>
    [Benchmark]
    public int Ledger_PostgreSql() => Ledger();

    /// <summary>The engine with the SQLite file ledger.</summary>
    [Benchmark]
    public int Engine_SqliteFile() => Engine();

    /// <summary>The engine with the PostgreSQL ledger.</summary>
    [Benchmark]
    public int Engine_PostgreSql() => Engine();

    private int Ledger()
    {
        var count = LedgerCalls.Run(_ledger!, _documents);
        IterationCleanup();
        return count;
    }

    private int Engine()
    {
        var engine = new RecoupmentEngine(_ledger!);
        var events = 0;
        foreach (var document in _documents) events += engine.Process(document).Count;
        events += engine.Complete(_documents.Max(d => d.EffectiveDate)).Count;
        IterationCleanup();
        return events;
    }

    private string Connection() => new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
