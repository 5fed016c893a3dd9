using System.Diagnostics;
using Recoupment.Detection.Cli.Commands;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Sqlite;
using Recoupment.Detection.Synthetic;
using Recoupment.Detection.Tests.Cli;

namespace Recoupment.Detection.Tests.Ledgers;

/// <summary>
/// <c>recoup scan --ledger</c> killed with SIGKILL at random moments, then run again, ends with exactly the ledger, the
/// events and the report of one uninterrupted run: nothing lost, nothing counted twice. For every durable ledger (a
/// SQLite file, a PostgreSQL database).
/// </summary>
[Category("Slow")]
[NonParallelizable]
[TestFixtureSource(typeof(LedgerKinds), nameof(LedgerKinds.Durable))]
public class CrashSafetyTests(string kind) : RecoupCliFixture("recoup-crash-")
{
    private LedgerFactory _factory = null!;

    [OneTimeSetUp]
    public void CreateFactory() => _factory = new LedgerFactory(kind);

    [OneTimeTearDown]
    public void DisposeFactory() => _factory?.Dispose();

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
        var referenceLedger = _factory.NewTarget();
        var reference = await RecoupProcess.RunAsync(RunTimeout, "scan", "--ledger", referenceLedger, "--events", Temp("reference.csv"), corpus);
        var referenceTime = watch.Elapsed;
        reference.Exit.Should().Be(0, reference.Err);
        var expected = LedgerSnapshot.Read(_factory, referenceLedger);
        expected.Statistics.Documents.Should().BeGreaterThan(2000);
        ReadCsv(Temp("reference.csv")).Should().Equal(expected.Events, "an uninterrupted run writes to --events what it records in the ledger");

        // The same scan into another ledger, killed at random moments, then run again until it completes.
        var db = _factory.NewTarget();
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
            var after = LedgerSnapshot.Read(_factory, db);
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
        var actual = LedgerSnapshot.Read(_factory, db);
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

        // The same ledger: remittances in the same order, claims, receivables, suspense, pending reversals. PostgreSQL
        // numbers records from blocks of a sequence and remittances from an identity: a killed writer's unused numbers
        // are skipped, so there the numbers differ from an uninterrupted run's while their order does not.
        var numbered = kind == LedgerKinds.PostgreSql;
        actual.Statistics.Should().Be(expected.Statistics with { Events = actual.Statistics.Events });
        actual.Documents.Select(d => (d.Record, d.ClaimCount)).Should().Equal(expected.Documents.Select(d => (d.Record, d.ClaimCount)));
        actual.Documents.Select(d => d.Sequence).Should().BeInAscendingOrder();
        if (!numbered) actual.Documents.Should().Equal(expected.Documents);
        actual.OpenReceivables.Should().BeEquivalentTo(expected.OpenReceivables, o => WithoutNumbers(o, numbered).WithStrictOrdering());
        actual.Suspense.Should().BeEquivalentTo(expected.Suspense, o => WithoutNumbers(o, numbered).WithStrictOrdering());
        actual.PendingReversals.Should().BeEquivalentTo(expected.PendingReversals, o => WithoutNumbers(o, numbered).WithStrictOrdering());

        // The same report, to the cent.
        var asOf = new[] { "--format", "csv", "--as-of", "2026-12-31" };
        var expectedReport = await RecoupProcess.RunAsync(RunTimeout, ["report", "--ledger", referenceLedger, .. asOf]);
        var actualReport = await RecoupProcess.RunAsync(RunTimeout, ["report", "--ledger", db, .. asOf]);
        expectedReport.Exit.Should().Be(0, expectedReport.Err);
        expectedReport.Out.Split('\n').Length.Should().BeGreaterThan(20, "the corpus leaves a worklist and totals");
        actualReport.Out.Should().Be(expectedReport.Out);
        TestContext.Out.WriteLine($"total test time {total.Elapsed.TotalSeconds:0.0} s");
    }

    [Test]
    public async Task ScanInterruptedBySigint_Exits130_SaysHowToResume_AndTheRerunGivesTheReportOfAnUninterruptedRun()
    {
        var corpus = Temp("corpus");
        var generated = new RemittanceGenerator(SyntheticOptions.Default with { Seed = 31, Days = 120, ClaimsPerDay = 250 }).Generate(corpus, answerKey: null);
        var referenceLedger = _factory.NewTarget();
        var reference = await RecoupProcess.RunAsync(RunTimeout, "scan", "--ledger", referenceLedger, corpus);
        reference.Exit.Should().Be(0, reference.Err);
        var documents = LedgerSnapshot.Read(_factory, referenceLedger).Statistics.Documents;

        // Ctrl+C once a third of the remittances are committed: the scan stops between two remittances.
        var db = _factory.NewTarget();
        int exit;
        string err, output;
        long kept;
        var stopping = Stopwatch.StartNew();
        using (var child = RecoupProcess.Start("scan", "--ledger", db, "--events", Temp("interrupted.csv"), corpus))
        {
            await WaitForDocuments(child, db, documents / 3);
            child.Process.HasExited.Should().BeFalse("the signal comes in the middle of matching");
            stopping.Restart();
            Signal(child.Process.Id, "INT");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await child.Process.WaitForExitAsync(timeout.Token);
            var stopped = stopping.Elapsed;
            exit = child.Process.ExitCode;
            err = await child.Error;
            output = await child.Output;
            kept = _factory.CountDocuments(db);
            TestContext.Out.WriteLine($"SIGINT at {documents / 3} of {documents} remittances: exited {exit} after {stopped.TotalMilliseconds:0} ms with {kept} committed.");
        }
        exit.Should().Be(130, err);
        output.Should().BeEmpty("an interrupted scan prints no summary");
        kept.Should().BeInRange(documents / 3, documents - 1, "it stopped in the middle, keeping what it had committed");
        err.Should().Contain($"recoup: interrupted. The ledger {LedgerName(db)} kept {kept:N0} remittances of this run")
            .And.Contain("Run the same command again to resume");

        var rerun = await RecoupProcess.RunAsync(RunTimeout, "scan", "--ledger", db, corpus);
        rerun.Exit.Should().Be(0, rerun.Err);
        var already = Number(rerun.Out, @"([\d,]+) remittances? (?:was|were) already in the ledger, committed by an earlier run \(an interrupted run resumes this way\): skipped\.");
        var readTwice = rerun.Out.Contains("ignored as duplicates", StringComparison.Ordinal) ? Number(rerun.Out, @"([\d,]+) remittances? ignored as duplicates: read twice by this run") : 0;
        already.Should().BeGreaterThanOrEqualTo(kept, "every committed remittance is skipped as already in the ledger, with any resent copy of one");
        (already + readTwice).Should().Be(generated.Transactions - (documents - kept), "the rerun skips exactly what it does not process");
        var expected = await RecoupProcess.RunAsync(RunTimeout, "report", "--ledger", referenceLedger, "--format", "csv", "--as-of", "2026-06-30");
        var actual = await RecoupProcess.RunAsync(RunTimeout, "report", "--ledger", db, "--format", "csv", "--as-of", "2026-06-30");
        expected.Exit.Should().Be(0, expected.Err);
        actual.Out.Should().Be(expected.Out, "the interrupted and resumed run gives the report of one uninterrupted run");
        actual.Out.Split('\n').Count(l => l.StartsWith("worklist,", StringComparison.Ordinal)).Should().BeGreaterThan(0);
    }

    /// <summary>How recoup names the ledger a target gives (a file path, or the server and database without the password).</summary>
    private static string LedgerName(string target) => PostgreSql.PostgreSqlConnectionString.IsConnectionString(target)
        ? PostgreSql.PostgreSqlConnectionString.Redacted(PostgreSql.PostgreSqlConnectionString.Parse(target))
        : target;

    private static long Number(string text, string pattern)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, pattern);
        match.Success.Should().BeTrue($"the output says /{pattern}/: {text}");
        return long.Parse(match.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Sends SIGINT as a terminal does on Ctrl+C, with the kill(2) call itself: starting a kill process can take longer
    /// under load than the rest of the scan, and the signal would come after the last remittance.
    /// </summary>
    private static void Signal(int pid, string signal)
    {
        signal.Should().Be("INT");
        const int sigint = 2;
        kill(pid, sigint).Should().Be(0, "the scan is still running");
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054, CA5392 // a test's one call into libc
    private static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054, CA5392

    /// <summary>Comparison options that leave out ledger ids (and the ids that point at them) when <paramref name="numbered"/>.</summary>
    private static FluentAssertions.Equivalency.EquivalencyAssertionOptions<T> WithoutNumbers<T>(FluentAssertions.Equivalency.EquivalencyAssertionOptions<T> options, bool numbered) =>
        numbered ? options.Excluding(m => m.Name == "Id" || m.Name == "OriginalClaimId" || m.Name == "CorrectionOfClaimId") : options;

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
    private async Task WaitForDocuments(RecoupProcess.Child child, string db, long target)
    {
        var deadline = Stopwatch.StartNew();
        var factory = _factory;
        while (!child.Process.HasExited)
        {
            if (factory.CountDocuments(db) >= target) return;
            if (deadline.Elapsed > RunTimeout) Assert.Fail($"The ledger did not reach {target} remittances within {RunTimeout}.");
            await Task.Delay(5);
        }
    }

    /// <summary>What a ledger holds, read through its public API.</summary>
    private sealed record LedgerSnapshot(
        LedgerStatistics Statistics, IReadOnlyList<EventRow> Events, IReadOnlyList<LedgerDocument> Documents,
        IReadOnlyList<Receivable> OpenReceivables, IReadOnlyList<SuspenseItem> Suspense, IReadOnlyList<PendingReversal> PendingReversals)
    {
        public static LedgerSnapshot Empty { get; } = new(new LedgerStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), [], [], [], [], []);

        public static LedgerSnapshot Read(LedgerFactory factory, string target)
        {
            using var ledger = factory.OpenExisting(target);
            if (ledger is null) return Empty;
            var l = ledger.Ledger;
            return new LedgerSnapshot(ledger.Statistics(), l.Events().Select(EventRow.From).ToList(), ledger.Documents(), l.AllOpenReceivables(),
                l.AllSuspense(), l.PendingReversalsDueBefore(null, DateOnly.MaxValue));
        }
    }
}
