using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Synthetic;

namespace Recoupment.Detection.Benchmarks;

/// <summary>
/// The matching engine alone (parsing excluded): a synthetic corpus of realistic remittances (payments, reversals and
/// corrections, WO deferrals and collections, forward balances, refunds, affiliated offsets, orphans) is read once;
/// each iteration runs every remittance, in processing order, through the engine with a fresh in-memory ledger.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 8)]
[Config(typeof(Config))]
public class MatchingBenchmarks
{
    // Generated once per process: the host needs the claim count for its column, the benchmark process the files.
    private static readonly Lazy<List<byte[]>> Files = new(Generate);
    private static readonly Lazy<long> ClaimCount = new(() => Load().Sum(d => (long)d.Claims.Count));
    private List<RemittanceDocument> _documents = [];

    /// <summary>Claims in the corpus.</summary>
    public static long Claims => ClaimCount.Value;

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new ClaimsPerSecondColumn(() => Claims));
    }

    [GlobalSetup]
    public void Setup() => _ = Files.Value;

    private static List<byte[]> Generate()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"recoup-matching-bench-{Environment.ProcessId}");
        if (Directory.Exists(folder)) Directory.Delete(folder, true);
        new RemittanceGenerator(new SyntheticOptions { Seed = 7, Payers = 3, Providers = 4, Days = 120, ClaimsPerDay = 2500 }).Generate(folder);
        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        Directory.Delete(folder, true);
        return files;
    }

    /// <summary>Fresh documents for each iteration: the engine changes the claims it stores.</summary>
    [IterationSetup]
    public void FreshDocuments() => _documents = Load();

    [Benchmark(Description = "Engine, in-memory ledger")]
    public int Engine()
    {
        var engine = new RecoupmentEngine(new InMemoryClaimLedger());
        var events = 0;
        foreach (var document in _documents) events += engine.Process(document).Count;
        return events;
    }

    private static List<RemittanceDocument> Load()
    {
        var documents = new List<RemittanceDocument>();
        foreach (var bytes in Files.Value)
        {
            var builder = new RemittanceDocumentBuilder();
            foreach (var item in Era835Reader.Read(bytes))
            {
                if (builder.Add(item) is { } document) documents.Add(document);
            }
        }
        documents.Sort(RemittanceDocument.ProcessingOrder);
        return documents;
    }
}
