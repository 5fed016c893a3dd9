using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Sqlite;
using Recoupment.Detection.Synthetic;

namespace Recoupment.Detection.Benchmarks;

/// <summary>
/// Ledger ingestion on SQLite: 100 remittances of 1,000 claims each (paid claims, and per remittance ten reversals:
/// corrected lower, corrected higher, deferred by a WO and collected later, or left waiting for their correction) into
/// a fresh <see cref="SqliteClaimLedger"/> file, one transaction per remittance, reported in claims per second.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>Engine_*</c>: <see cref="RecoupmentEngine.Process"/> over every remittance then <c>Complete</c>, with the
/// in-memory ledger (the baseline: the engine's own cost) and with the SQLite file.</item>
/// <item><c>Ledger_SqliteFile</c>: the ledger alone, with the calls the engine makes for each remittance and each paid
/// claim (pending-reversal and suspense lookups under its keys, the duplicate-payment lookup, AddClaim, events, commit),
/// so that the ledger's ingestion rate is measured apart from the matching work.</item>
/// </list>
/// Each iteration builds its remittances anew (the engine changes the claim objects it is given) and starts from an
/// empty file; neither is timed. Closing the SQLite ledger (the final checkpoint of the write-ahead log into the
/// database file) is timed.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class SqliteLedgerBenchmarks
{
    private const int Documents = 100;
    private const int ClaimsPerDocument = 1000;
    private const int ReversalsPerDocument = 10;

    private static long s_claims;

    private IReadOnlyList<RemittanceDocument> _documents = [];
    private string _folder = "";
    private SqliteClaimLedger? _sqlite;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(1).WithIterationCount(6).WithInvocationCount(1).WithUnrollFactor(1));
            AddColumn(new ClaimsPerSecond(fastest: false), new ClaimsPerSecond(fastest: true));
        }
    }

    [GlobalSetup]
    public void GlobalSetup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "recoup-sqlite-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(_folder);
        var documents = LedgerWorkload.Create(Documents, ClaimsPerDocument, ReversalsPerDocument);
        s_claims = documents.Sum(d => (long)d.Claims.Count);
        Console.WriteLine($"// {documents.Count} remittances, {s_claims:N0} claims, {documents.Sum(d => d.ProviderAdjustments.Count):N0} PLB adjustments");
    }

    [IterationSetup]
    public void IterationSetup()
    {
        _documents = LedgerWorkload.Create(Documents, ClaimsPerDocument, ReversalsPerDocument);
        var path = Path.Combine(_folder, "ledger.db");
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        _sqlite = SqliteClaimLedger.Open(path);
    }

    [IterationCleanup]
    public void IterationCleanup()
    {
        _sqlite?.Dispose();
        _sqlite = null;
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The engine with the in-memory ledger: what matching costs without storage.</summary>
    [Benchmark(Baseline = true)]
    public int Engine_InMemoryLedger() => Run(new InMemoryClaimLedger());

    /// <summary>The engine with the SQLite file ledger, closed at the end (its last checkpoint is timed too).</summary>
    [Benchmark]
    public int Engine_SqliteFile()
    {
        var events = Run(_sqlite!);
        IterationCleanup();
        return events;
    }

    /// <summary>The SQLite file ledger alone, given the calls the engine makes for each paid claim; closed at the end.</summary>
    [Benchmark]
    public int Ledger_SqliteFile()
    {
        var count = LedgerCalls.Run(_sqlite!, _documents);
        IterationCleanup(); // closing checkpoints the log into the database: timed too
        return count;
    }

    private int Run(IClaimLedger ledger)
    {
        var engine = new RecoupmentEngine(ledger);
        var events = 0;
        foreach (var document in _documents) events += engine.Process(document).Count;
        events += engine.Complete(_documents.Max(d => d.EffectiveDate)).Count;
        return events;
    }

    /// <summary>Claims in the input divided by the mean time, or by the fastest iteration's (the least disturbed by other processes).</summary>
    private sealed class ClaimsPerSecond(bool fastest) : IColumn
    {
        public string Id => nameof(SqliteLedgerBenchmarks) + ".ClaimsPerSecond" + (fastest ? ".Fastest" : "");
        public string ColumnName => fastest ? "Claims/s (fastest)" : "Claims/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => fastest ? 1 : 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => fastest ? "Claims ingested / the fastest iteration's time" : "Claims ingested (every claim of the input) / Mean";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            var mean = fastest ? statistics?.Min : statistics?.Mean;
            var claims = s_claims > 0 ? s_claims : LedgerWorkload.Create(Documents, ClaimsPerDocument, ReversalsPerDocument).Sum(d => (long)d.Claims.Count);
            return mean is > 0 ? (claims / (mean.Value / 1e9)).ToString("N0", CultureInfo.InvariantCulture) : "NA";
        }

        public override string ToString() => ColumnName;
    }
}
