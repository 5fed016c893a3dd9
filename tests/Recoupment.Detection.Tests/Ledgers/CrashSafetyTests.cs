using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Sqlite;
using Recoupment.Detection.Synthetic;

namespace Recoupment.Detection.Tests.Cli;

/// <summary>
/// <c>recoup scan --ledger</c> killed with SIGKILL at random moments, then run again, ends with exactly the ledger and
/// the events of one uninterrupted run: nothing lost, nothing counted twice.
/// </summary>
[Category("Slow")]
[NonParallelizable]
public class CrashSafetyTests() : RecoupCliFixture("recoup-crash-")
{
    private const int Kills = 4;
    private const int Seed = 20261127;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Test]
    public async Task ScanKilledAtRandomMoments_AndRunAgain_EndsWithTheLedgerAndEventsOfOneUninterruptedRun()
    {
        var total = Stopwatch.StartNew();
        // A corpus that takes a few seconds to scan into a ledger: ~2,900 remittances, ~24,000 claims, 12 partitions.
        var corpus = Temp("corpus");
        var generated = new RemittanceGenerator(SyntheticOptions.Default with { Seed = 29, Days = 120, ClaimsPerDay = 250 }).Generate(corpus, answerKey: null);

        // The reference: one uninterrupted run into a fresh ledger.
        var watch = Stopwatch.StartNew();
        var reference = await RecoupProcess.RunAsync(RunTimeout, "scan", "--ledger", Temp("reference.db"), "--events", Temp("reference.csv"), corpus);
        var referenceTime = watch.Elapsed;
        reference.Exit.Should().Be(0, reference.Err);
        var expected = LedgerSnapshot.Read(Temp("reference.db"));
        expected.Statistics.Documents.Should().BeGreaterThan(2000);
        ReadCsv(Temp("reference.csv")).Should().Equal(expected.Events, "an uninterrupted run writes to --events what it records in the ledger");

        // The same scan into another ledger, killed at random moments, then run again until it completes.
        var db = Temp("crashed.db");
        var random = new Random(Seed);
        var slices = new List<IReadOnlyList<EventRow>>();
        var progress = new List<long>();
        var before = LedgerSnapshot.Empty;
        var log = new List<string>();
        for (var k = 1; k <= Kills; k++)
        {
            using var child = RecoupProcess.Start("scan", "--ledger", db, "--events", Temp($"run-{k}.csv"), corpus);
            var started = Stopwatch.StartNew();
            string moment;
            if (k == 1)
            {
                // Anywhere early: start-up, creating the schema, reading the files, the first remittances.
                var delay = TimeSpan.FromMilliseconds(random.NextDouble() * 0.4 * referenceTime.TotalMilliseconds);
                await WaitOrExit(child, delay);
                moment = $"after {delay.TotalMilliseconds:0} ms";
            }
            else
            {
                // In the middle of matching: once the ledger holds a random number of further remittances, plus a few ms.
                var remaining = expected.Statistics.Documents - before.Statistics.Documents;
                var target = before.Statistics.Documents + Math.Max(1, (long)(remaining * (0.1 + 0.5 * random.NextDouble())));
                await WaitForDocuments(child, db, target);
                var extra = TimeSpan.FromMilliseconds(random.Next(0, 25));
                await WaitOrExit(child, extra);
                moment = $"at {target} remittances + {extra.TotalMilliseconds:0} ms";
            }
            var exitedByItself = child.Process.HasExited;
            child.Kill();
            var after = LedgerSnapshot.Read(db);
            log.Add($"run {k}: killed {moment} ({started.Elapsed.TotalSeconds:0.00} s): ledger {before.Statistics.Documents} -> {after.Statistics.Documents} " +
                    $"of {expected.Statistics.Documents} remittances, {after.Events.Count - before.Events.Count} events recorded" +
                    (exitedByItself ? " (had already finished)" : ""));
            exitedByItself.Should().BeFalse($"run {k} is killed before it completes ({moment})");
            slices.Add(after.Events.Skip(before.Events.Count).ToList());
            progress.Add(after.Statistics.Documents);
            before = after;
        }

        watch.Restart();
        var final = await RecoupProcess.RunAsync(RunTimeout, "scan", "--ledger", db, "--events", Temp("final.csv"), corpus);
        var finalTime = watch.Elapsed;
        final.Exit.Should().Be(0, final.Err);
        var actual = LedgerSnapshot.Read(db);
        var finalSlice = actual.Events.Skip(before.Events.Count).ToList();
        slices.Add(finalSlice);
        log.Add($"final run: {finalTime.TotalSeconds:0.00} s, ledger {before.Statistics.Documents} -> {actual.Statistics.Documents} remittances");
        log.Insert(0, $"corpus: {generated.Files.Count} files, {generated.Transactions} remittances ({generated.Bytes / 1e6:0.0} MB); uninterrupted run {referenceTime.TotalSeconds:0.00} s");
        TestContext.Out.WriteLine(string.Join(Environment.NewLine, log));

        // The kills landed mid-run and each later one after more work was committed.
        progress.Skip(1).Should().OnlyContain(n => n > 0 && n < expected.Statistics.Documents, "runs 2.. are killed in the middle of matching");
        progress.Should().BeInAscendingOrder();
        progress[^1].Should().BeGreaterThan(progress[1], "each rerun goes on where the last one stopped");

        // The final run's --events file is what it recorded.
        ReadCsv(Temp("final.csv")).Should().Equal(finalSlice);

        // Nothing lost, nothing counted twice: the events the killed runs committed plus those of the final run are the
        // events of the uninterrupted run, in the same order. The only additions are DuplicateRemittanceIgnored for the
        // remittances a rerun found already committed.
        var cumulative = slices.SelectMany(s => s).ToList();
        cumulative.Should().Equal(actual.Events);
        WithoutDuplicates(cumulative).Should().Equal(WithoutDuplicates(expected.Events));
        WithoutDuplicates(cumulative).Select(e => e.EventId).Should().OnlyHaveUniqueItems();
        var resent = generated.Transactions - expected.Statistics.Documents;
        expected.Events.Count(IsDuplicate).Should().Be((int)resent, "the uninterrupted run ignores only the corpus's resent copies");
        finalSlice.Count(IsDuplicate).Should().Be((int)(generated.Transactions - (actual.Statistics.Documents - before.Statistics.Documents)),
            "the final run ignores exactly the remittances already committed, and the resent copies");

        // The same ledger: remittances in the same order, claims, receivables, suspense, pending reversals.
        actual.Statistics.Should().Be(expected.Statistics with { Events = actual.Statistics.Events });
        actual.Documents.Should().Equal(expected.Documents);
        actual.OpenReceivables.Should().BeEquivalentTo(expected.OpenReceivables, o => o.WithStrictOrdering());
        actual.Suspense.Should().BeEquivalentTo(expected.Suspense, o => o.WithStrictOrdering());
        actual.PendingReversals.Should().BeEquivalentTo(expected.PendingReversals, o => o.WithStrictOrdering());
        TestContext.Out.WriteLine($"total test time {total.Elapsed.TotalSeconds:0.0} s");
    }

    private static bool IsDuplicate(EventRow e) => e.EventType == nameof(DuplicateRemittanceIgnored);

    private static List<EventRow> WithoutDuplicates(IEnumerable<EventRow> events) => events.Where(e => !IsDuplicate(e)).ToList();

    private static async Task WaitOrExit(RecoupProcess.Child child, TimeSpan delay)
    {
        using var cts = new CancellationTokenSource(delay);
        try
        {
            await child.Process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            // The moment has come; the child is still running.
        }
    }

    /// <summary>Polls the ledger file (read-only, as another process may) until it holds <paramref name="target"/> remittances.</summary>
    private static async Task WaitForDocuments(RecoupProcess.Child child, string db, long target)
    {
        var deadline = Stopwatch.StartNew();
        while (!child.Process.HasExited)
        {
            if (CountDocuments(db) >= target) return;
            if (deadline.Elapsed > RunTimeout) Assert.Fail($"The ledger did not reach {target} remittances within {RunTimeout}.");
            await Task.Delay(5);
        }
    }

    private static long CountDocuments(string db)
    {
        if (!File.Exists(db)) return 0;
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM document;";
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return 0; // not created yet, or the schema is being created
        }
    }

    /// <summary>What a ledger file holds, read through its public API.</summary>
    private sealed record LedgerSnapshot(
        LedgerStatistics Statistics, IReadOnlyList<EventRow> Events, IReadOnlyList<LedgerDocument> Documents,
        IReadOnlyList<Receivable> OpenReceivables, IReadOnlyList<SuspenseItem> Suspense, IReadOnlyList<PendingReversal> PendingReversals)
    {
        public static LedgerSnapshot Empty { get; } = new(new LedgerStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), [], [], [], [], []);

        public static LedgerSnapshot Read(string path)
        {
            if (!File.Exists(path)) return Empty;
            using var ledger = SqliteClaimLedger.Open(path);
            return new LedgerSnapshot(ledger.Statistics(), ledger.Events().Select(EventRow.From).ToList(), ledger.Documents(), ledger.AllOpenReceivables(),
                ledger.AllSuspense(), ledger.PendingReversalsDueBefore(null, DateOnly.MaxValue));
        }
    }
}
