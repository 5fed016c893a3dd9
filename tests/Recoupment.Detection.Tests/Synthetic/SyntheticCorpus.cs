using System.Diagnostics;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Synthetic;

namespace Recoupment.Detection.Tests.Synthetic;

/// <summary>
/// The accuracy corpus, generated once per test run in-process (not through the CLI) into a temporary folder and
/// scanned once with <see cref="RemittanceScanner"/> over an in-memory ledger; the tests of this namespace share it.
/// </summary>
internal static class SyntheticCorpus
{
    /// <summary>At least 50,000 new claims: 107 weekdays of 500 claims, 3 payers, 4 provider organisations.</summary>
    public static readonly SyntheticOptions Options = SyntheticOptions.Default with
    {
        Seed = 20260105,
        Payers = 3,
        Providers = 4,
        Days = 150,
        ClaimsPerDay = 500,
    };

    private static readonly Lazy<Task<Corpus>> Shared = new(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public static Task<Corpus> GetAsync() => Shared.Value;

    public static void Delete()
    {
        if (Shared.IsValueCreated && Shared.Value.IsCompletedSuccessfully) TryDelete(Shared.Value.Result.Folder);
    }

    public static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<Corpus> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "recoup-synthetic-" + Guid.NewGuid().ToString("N"));
        var files = Path.Combine(folder, "835");
        var answerKeyPath = Path.Combine(folder, "answer-key.csv");

        var watch = Stopwatch.StartNew();
        var summary = new RemittanceGenerator(Options).Generate(files, answerKeyPath);
        var generation = watch.Elapsed;

        // The answer key is read back from its CSV, so the comparison also covers the file format.
        var answerKey = AnswerKey.Read(answerKeyPath);

        watch.Restart();
        var engine = new RecoupmentEngine(new InMemoryClaimLedger());
        var scan = await new RemittanceScanner(engine).ScanAsync(summary.Files);
        var scanning = watch.Elapsed;

        var actual = scan.Events.Select(EventRow.From).ToList();
        var report = AccuracyComparison.Compare(answerKey, actual);
        return new Corpus(folder, summary, answerKey, scan, actual, report, generation, scanning);
    }
}

internal sealed record Corpus(
    string Folder,
    GenerationSummary Summary,
    IReadOnlyList<EventRow> AnswerKey,
    ScanResult Scan,
    IReadOnlyList<EventRow> Actual,
    AccuracyReport Report,
    TimeSpan Generation,
    TimeSpan Scanning);

/// <summary>Deletes the shared corpus when the namespace's tests are done.</summary>
[SetUpFixture]
public sealed class SyntheticCorpusCleanup
{
    [OneTimeTearDown]
    public void DeleteCorpus() => SyntheticCorpus.Delete();
}
