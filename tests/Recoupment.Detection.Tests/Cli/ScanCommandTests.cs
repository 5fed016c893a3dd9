using System.Text.Json;
using Recoupment.Detection.Cli;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;
using Spectre.Console;

namespace Recoupment.Detection.Tests.Cli;

/// <summary><c>recoup scan</c> run in-process against string writers (DESIGN.md §4.2, §4.3).</summary>
public class ScanCommandTests() : RecoupCliFixture("recoup-scan-")
{
    // DESIGN.md §4.3, copied here rather than taken from the library so that the contract is checked, not echoed.
    private const string CsvHeader =
        "event_id,event_type,family,payer_id,payee_id,provider_id,remittance_trace,remittance_date,claim_id,payer_claim_number," +
        "original_payer_claim_number,original_remittance_trace,original_paid_amount,amount,remaining_amount,plb_reason_code," +
        "plb_reference,mode,confidence,root_cause,carc_codes,appeal_deadline,related_event_id,note";

    private static readonly string[] SampleBpr02 = ["1385.00", "370.00", "225.00", "0.00", "280.00", "285.00"];

    private static List<EventRow> Stories(IEnumerable<EventRow> rows, string type, string originalIcn) =>
        rows.Where(r => r.EventType == type && r.OriginalPayerClaimNumber == originalIcn).ToList();

    [Test]
    public async Task SampleData_WritesTheEventsCsvAndJsonLines_TellingTheFiveStories()
    {
        var run = await RecoupAsync("scan", "--events", Temp("events.csv"), "--json", Temp("events.jsonl"), SampleData);

        run.Exit.Should().Be(0, run.Out);
        run.Err.Should().BeEmpty("a short run shows no progress, and a redirected one never does");
        File.ReadLines(Temp("events.csv")).First().Should().Be(CsvHeader);
        var rows = ReadCsv(Temp("events.csv"));
        rows.Select(r => r.EventType).Should().Contain(
        [
            // (a), (b), (c): reversals paired with their corrections, recouped at once or deferred.
            nameof(ClaimReversed), nameof(ClaimCorrected), nameof(ClaimRecoupment),
            // (b): the deferred WO is collected later.
            nameof(ReceivableOpened), nameof(RecoupmentCollected), nameof(RecoupmentCompleted),
            // (c): the net-negative remittance carries a forward balance, applied in May.
            nameof(ForwardBalanceCreated), nameof(ForwardBalanceApplied),
            // (d), (e).
            nameof(RefundAcknowledged), nameof(AffiliatedOffset),
        ]);

        Stories(rows, nameof(ClaimRecoupment), "26010000101").Select(r => (r.Amount, r.Mode)).Should().Equal(("30.00", "Immediate"));
        Stories(rows, nameof(ClaimRecoupment), "26010000102").Select(r => (r.Amount, r.Mode)).Should().Equal(("150.00", "Deferred"));
        Stories(rows, nameof(RecoupmentCollected), "26010000102").Select(r => (r.Amount, r.RemainingAmount)).Should().Equal(("100.00", "50.00"), ("50.00", "0.00"));
        Stories(rows, nameof(ClaimRecoupment), "26010000105").Select(r => r.Amount).Should().Equal("640.00");
        rows.Where(r => r.EventType is nameof(ForwardBalanceCreated) or nameof(ForwardBalanceApplied)).Select(r => (r.EventType, r.PlbReference, r.Amount))
            .Should().Equal((nameof(ForwardBalanceCreated), "NP800100004", "490.00"), (nameof(ForwardBalanceApplied), "NP800100004", "490.00"));
        rows.Where(r => r.EventType == nameof(RefundAcknowledged)).Select(r => (r.PayerClaimNumber, r.Amount)).Should().Equal(("26010000104", "40.00"));
        rows.Where(r => r.EventType == nameof(AffiliatedOffset)).Select(r => (r.PayerClaimNumber, r.ProviderId, r.Amount)).Should().Equal(("26010000103", "1999990025", "60.00"));

        var lines = File.ReadAllLines(Temp("events.jsonl"));
        lines.Should().HaveCount(rows.Count, "JSON lines carry the same events as the CSV");
        var json = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        json.Select(j => j.GetProperty("event_id").GetString()).Should().Equal(rows.Select(r => r.EventId), "both files list the events in processing order");
        json[0].EnumerateObject().Select(p => p.Name).Should().Equal(CsvHeader.Split(','));
    }

    [Test]
    public async Task SampleData_SummaryShowsTheTotalsInPlainText()
    {
        var run = await RecoupAsync("scan", SampleData);

        run.Exit.Should().Be(0);
        run.Err.Should().BeEmpty();
        run.Out.Should().StartWith("Read 6 files (").And.Contain("6 remittances with 19 claims, as of 2026-05-21.");
        // (a) 30 + (b) 150 + (c) 640 + (e) 60 recouped; (d) 40 refunded; offset: (a) 30 + (c) 150 cross-claim, 490 FB, (e) 60.
        run.Out.Should().MatchRegex(@"\| Recouped on claims +\| +4 \| +880\.00 \|")
            .And.MatchRegex(@"\| Refunded by the provider +\| +1 \| +40\.00 \|")
            .And.MatchRegex(@"\| Offset +\| +4 \| +730\.00 \|")
            .And.MatchRegex(@"\| Open receivables \(still owed\) +\| +0 \| +0\.00 \|")
            .And.MatchRegex(@"\| Unmatched: original claim not found +\| +0 \| +0\.00 \|")
            .And.MatchRegex(@"\| ACME HEALTH PLAN \(1870000001\) +\| +880\.00 \| +40\.00 \| +730\.00 \| +0\.00 \| +0\.00 \|", "payers by name, from N1*PR")
            .And.MatchRegex(@"\| NWFM-1005 +\| 26010000105 +\| +640\.00 \| Immediate +\| CoordinationOfBenefits +\| 2026-10-06 \|");
        run.Out.Should().Contain("22 events; write them with --events");
        run.Out.Should().NotContain("\u001b", "redirected output carries no ANSI escape codes");
        run.Out.Should().NotContain("│", "redirected output uses an ASCII border");
        run.Out.Split('\n').Where(l => l.StartsWith('|') || l.StartsWith('+')).Should().OnlyContain(l => l.Length <= 100, "tables fit 100 columns");
    }

    [Test]
    public async Task SameFolderTwice_IsReadTwice_AndEachRemittanceAgainIsADuplicateThatChangesNothing()
    {
        var once = await RecoupAsync("scan", "--events", Temp("once.csv"), SampleData);
        var twice = await RecoupAsync("scan", "--events", Temp("twice.csv"), SampleData, SampleData);

        twice.Exit.Should().Be(0);
        var onceRows = ReadCsv(Temp("once.csv"));
        var twiceRows = ReadCsv(Temp("twice.csv"));
        twiceRows.Where(r => r.EventType != nameof(DuplicateRemittanceIgnored)).Should().BeEquivalentTo(onceRows, o => o.WithStrictOrdering());
        twiceRows.Where(r => r.EventType == nameof(DuplicateRemittanceIgnored)).Select(r => r.Amount)
            .Should().Equal(SampleBpr02, "the second reading of each remittance is ignored, in payment-date order, with its BPR02");

        twice.Out.Should().Contain("Read 12 files (").And.Contain("6 remittances ignored as duplicates");
        twice.Out.Should().MatchRegex(@"\| Recouped on claims +\| +4 \| +880\.00 \|")
            .And.MatchRegex(@"\| Duplicate remittances ignored +\| +6 \| +2,545\.00 \|");
    }

    [Test]
    public async Task MissingPath_ExitsOne_AndTheOtherPathsAreStillScanned()
    {
        var missing = Path.Combine(SampleData, "no-such-folder");
        var run = await RecoupAsync("scan", "--events", Temp("events.csv"), missing, SampleData);

        run.Exit.Should().Be(1);
        run.Err.Should().Contain("recoup: could not read 1 input").And.Contain(missing).And.Contain(InputFiles.PathNotFound);
        run.Out.Should().NotContain(missing, "problems go to standard error, results to standard output");
        run.Out.Should().MatchRegex(@"\| Recouped on claims +\| +4 \| +880\.00 \|");
        ReadCsv(Temp("events.csv")).Should().HaveCount(22);
    }

    [Test]
    public async Task EventFilesInsideAScannedFolder_AreNotReadAsInput()
    {
        foreach (var file in SampleFiles) File.Copy(file, Temp(Path.GetFileName(file)));

        var run = await RecoupAsync("scan", "--events", Temp("events.csv"), "--json", Temp("events.jsonl"), TempRoot);

        run.Exit.Should().Be(0, run.Out);
        run.Out.Should().Contain("Read 6 files (");
        ReadCsv(Temp("events.csv")).Should().HaveCount(22);
    }

    [Test]
    public async Task UnreadableInput_ExitsOne()
    {
        File.WriteAllText(Temp("notes.txt"), "not an 835 at all");
        var run = await RecoupAsync("scan", Temp("notes.txt"), Sample("2026-01-15-acme-era-001.835"));

        run.Exit.Should().Be(1);
        run.Err.Should().Contain("recoup: could not read 1 input").And.Contain(Temp("notes.txt"));
        run.Out.Should().Contain("1 remittance with 5 claims").And.NotContain("notes.txt");
    }

    [Test]
    public async Task RecoveriesWithoutTheirOriginals_AreUnmatched_AndTheirReceivableStaysOpen()
    {
        var run = await RecoupAsync("scan", Sample("2026-02-12-acme-era-002.835"));

        run.Exit.Should().Be(0);
        run.Out.Should().MatchRegex(@"\| Unmatched: original claim not found +\| +2 \| +180\.00 \|")
            .And.MatchRegex(@"\| Open receivables \(still owed\) +\| +1 \| +150\.00 \|")
            .And.MatchRegex(@"\| Recouped on claims +\| +0 \| +0\.00 \|");
    }

    /// <summary>002 with the correction of NWFM-1001 taken out (BPR02 and SE01 adjusted): a reversal waiting for its correction.</summary>
    private string ReversalWithoutCorrection()
    {
        var folder = Directory.CreateDirectory(Temp("input")).FullName;
        File.Copy(Sample("2026-01-15-acme-era-001.835"), Path.Combine(folder, "001.835"));
        File.WriteAllText(Path.Combine(folder, "002.835"), SampleTwoWithoutTheCorrection());
        return folder;
    }

    [Test]
    public async Task ReversalWithoutCorrection_WaitsForItsCorrection_UntilTheWindowEndsAsOf()
    {
        var folder = ReversalWithoutCorrection();

        var waiting = await RecoupAsync("scan", "--events", Temp("waiting.csv"), folder);
        waiting.Exit.Should().Be(0, waiting.Out);
        waiting.Out.Should().Contain("as of 2026-02-12").And.MatchRegex(@"\| Reversals awaiting a correction +\| +1 \| +120\.00 \|");
        ReadCsv(Temp("waiting.csv")).Should().NotContain(r => r.Mode == "FullTakeback");

        var expired = await RecoupAsync("scan", "--as-of", "2026-06-30", "--events", Temp("expired.csv"), folder);
        expired.Out.Should().Contain("as of 2026-06-30").And.MatchRegex(@"\| Reversals awaiting a correction +\| +0 \| +0\.00 \|");
        Stories(ReadCsv(Temp("expired.csv")), nameof(ClaimRecoupment), "26010000101").Select(r => (r.Amount, r.Mode)).Should().Equal(("120.00", "FullTakeback"));
    }

    [Test]
    public async Task ImmediateFullTakeback_RecoupsAReversalWithoutCorrectionAtOnce()
    {
        var folder = ReversalWithoutCorrection();

        var run = await RecoupAsync("scan", "--immediate-full-takeback", "--events", Temp("events.csv"), folder);

        run.Exit.Should().Be(0);
        run.Out.Should().MatchRegex(@"\| Reversals awaiting a correction +\| +0 \| +0\.00 \|");
        Stories(ReadCsv(Temp("events.csv")), nameof(ClaimRecoupment), "26010000101").Select(r => (r.Amount, r.Mode)).Should().Equal(("120.00", "FullTakeback"));
    }

    private static IEnumerable<TestCaseData> UsageErrorCases()
    {
        yield return new TestCaseData((object)new[] { "scan" }).SetName("Scan_UsageError_NoPaths");
        yield return new TestCaseData((object)new[] { "scan", "--bogus", "x.835" }).SetName("Scan_UsageError_UnknownOption");
        yield return new TestCaseData((object)new[] { "scan", "--as-of", "2026-13-01", "x.835" }).SetName("Scan_UsageError_BadDate");
        yield return new TestCaseData((object)new[] { "scan", "--as-of", "05/21/2026", "x.835" }).SetName("Scan_UsageError_DateNotIso");
        yield return new TestCaseData((object)new[] { "scan", "--events" }).SetName("Scan_UsageError_EventsWithoutFile");
    }

    [TestCaseSource(nameof(UsageErrorCases))]
    public async Task UsageErrors_ExitTwo(string[] args)
    {
        var run = await RecoupUsageErrorAsync(args);

        run.Err.Should().Contain("--help");
    }

    [Test]
    public async Task UnwritableOutput_IsAUsageError_FoundBeforeScanning()
    {
        var run = await RecoupUsageErrorAsync("scan", "--events", Path.Combine(TempRoot, "no-such-folder", "events.csv"), SampleData);

        run.Err.Should().Contain("--events").And.Contain("cannot be written");
    }

    [Test]
    public async Task SameFileForCsvAndJson_IsAUsageError()
    {
        var run = await RecoupAsync("scan", "--events", Temp("events"), "--json", Temp("events"), SampleData);

        run.Exit.Should().Be(2);
        run.Err.Should().Contain("same file");
    }

    [Test]
    public async Task Help_ExitsZero_AndListsTheOptions()
    {
        var run = await RecoupAsync("scan", "--help");

        run.Exit.Should().Be(0);
        run.Out.Should().Contain("--events").And.Contain("--json").And.Contain("--as-of").And.Contain("--immediate-full-takeback").And.Contain("--show-values");
    }

    [Test]
    public async Task Progress_OnARedirectedWriter_NeverWrites()
    {
        using var error = new StringWriter();
        var progress = new ScanProgressDisplay();
        var scan = Task.Run(async () =>
        {
            progress.Report(new ScanProgress("Reading", 10, 1000, 12_345));
            await Task.Delay(50);
        });

        await progress.ShowAsync(CliConsole.Create(error), scan, files: 1000, totalBytes: 1_000_000);

        error.ToString().Should().BeEmpty("redirected standard error gets no progress text");
    }

    [Test]
    public async Task Progress_OnATerminal_ShowsBarsByBytesAndRemittances_WithRatesAndTimeLeft_ThenErasesThem()
    {
        using var screen = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(screen), Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.Yes,
        });
        console.Profile.Width = 120;
        var progress = new ScanProgressDisplay();
        var scan = Task.Run(async () =>
        {
            for (var mb = 1; mb <= 5; mb++)
            {
                progress.Report(new ScanProgress("Reading", mb, 30, mb * 1_048_576L));
                await Task.Delay(120);
            }
            for (var done = 100; done <= 500; done += 100)
            {
                progress.Report(new ScanProgress("Matching", done, 500, 5 * 1_048_576L));
                await Task.Delay(120);
            }
        });

        await progress.ShowAsync(console, scan, files: 30, totalBytes: 5 * 1_048_576L);

        var text = screen.ToString();
        text.Should().Contain("Reading files").And.Contain("of 5.0 MB").And.Contain("MB/s");
        text.Should().Contain("Matching").And.Contain("of 500 remittances").And.Contain("remittances/s");
        text.Should().MatchRegex(@"\d\d:\d\d:\d\d", "the time left");
    }
}
