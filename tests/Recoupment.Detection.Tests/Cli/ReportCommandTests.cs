using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Recoupment.Detection.Csv;

namespace Recoupment.Detection.Tests.Cli;

/// <summary><c>recoup report --ledger</c>: the worklist and totals as a table, CSV or one HTML file.</summary>
public class ReportCommandTests() : RecoupCliFixture("recoup-report-")
{
    private string Ledger => Temp("recoup.db");

    private async Task ScanAsync(params string[] files)
    {
        var run = await RecoupAsync(["scan", "--ledger", Ledger, .. files]);
        run.Exit.Should().Be(0, run.Out + run.Err);
    }

    /// <summary>Files 002-006 without 001, the originals: four recoveries stay unmatched. 006's PLB reference carries markup.</summary>
    private async Task ScanWithoutTheOriginalsAsync()
    {
        var folder = Folder("input", SampleFiles.Skip(1).SkipLast(1));
        var last = File.ReadAllText(SampleFiles[5]);
        last.Should().Contain("*WO:26010000103*60~");
        File.WriteAllText(Path.Combine(folder, Path.GetFileName(SampleFiles[5])), last.Replace("*WO:26010000103*60~", "*WO:<b>&26010000103*60~"));
        await ScanAsync(folder);
    }

    [Test]
    public async Task Table_ListsTheUnmatchedRecoveries_SoonestDeadlineFirst_AndTheTotals()
    {
        await ScanWithoutTheOriginalsAsync();

        var run = await RecoupAsync("report", "--ledger", Ledger, "--as-of", "2026-09-01");

        run.Exit.Should().Be(0, run.Err);
        run.Err.Should().BeEmpty();
        run.Out.Should().StartWith($"Recoupment worklist as of 2026-09-01. Ledger {Ledger}: 5 remittances, payment dates 2026-02-12 to 2026-05-21")
            .And.Contain("Unmatched in suspense: 4 (880.00). Recoupments to decide: 0 (0.00). Appeal deadline passed: 2 (180.00).");
        var rows = run.Out.Split('\n').Where(l => Regex.IsMatch(l, @"^\| \d{4}-\d\d-\d\d \|")).ToList();
        rows.Should().HaveCount(4);
        rows[0].Should().MatchRegex(@"^\| 2026-08-11 \| +-21 \| ACME HEALTH +\| NWFM-1002 \| 26010000102 +\| +150\.00 \| Fee schedule +\|$");
        rows[1].Should().Contain("| NWFM-1001 | 26010000101 ");
        rows[2].Should().MatchRegex(@"^\| 2026-10-06 \| +35 \| .*\| NWFM-1005 \| 26010000105 +\| +640\.00 \| Coordination +\|$", "the cause wraps at its spaces");
        rows[3].Should().Contain("| WO ").And.Contain("| 2026-11-17 |");
        run.Out.Should().Contain("<b>&26010000103", "a long PLB reference folds onto the next line, as text");
        run.Out.Split('\n').Where(l => l.StartsWith('|') || l.StartsWith('+')).Should().OnlyContain(l => l.Length <= 100, "tables fit 100 columns");
        run.Out.Should().MatchRegex(@"\| ACME HEALTH PLAN \(1870000001\) +\| +4 \| +880\.00 \| +640\.00 \| +40\.00 \| +0\.00 \| +880\.00 \|")
            .And.Contain("Totals by root cause").And.Contain("Totals by CARC").And.Contain("Totals by provider").And.Contain("Totals by month")
            .And.MatchRegex(@"\| CO-45 +\| +2 \| +180\.00 \|")
            .And.MatchRegex(@"\| 2026-04 +\| +1 \| +640\.00 \|")
            .And.Contain("Recouped: money the payer took back on claims: ClaimRecoupment events");
        run.Out.Should().NotContain("\u001b").And.NotContain("│", "redirected output is plain ASCII");
    }

    [Test]
    public async Task Table_ListsTheOpenReceivables()
    {
        await ScanAsync([.. SampleFiles.Take(4)]);

        var run = await RecoupAsync("report", "--ledger", Ledger, "--as-of", "2026-05-01");

        run.Exit.Should().Be(0);
        run.Out.Should().StartWith($"Recoupment worklist as of 2026-05-01. Ledger {Ledger}: 4 remittances, payment dates 2026-01-15 to 2026-04-09, 16 events.")
            .And.Contain("Open receivables: 2 (540.00). Unmatched in suspense: 0 (0.00). Recoupments to decide: 2 (670.00).")
            .And.MatchRegex(@"\| 2026-08-11 \| +102 \| ACME HEALTH +\| NWFM-1002 \| 26010000102 +\| +50\.00 \| Fee schedule +\|")
            .And.MatchRegex(@"\| 2026-10-06 \| +158 \| ACME HEALTH +\| - +\| FB NP800100004 +\| +490\.00 \| Unknown +\|");
        // The two recoupments taken in full are on the worklist too, with their appeal deadlines (the payer name wraps
        // now that "Coordination of benefits" needs its column).
        var rows = run.Out.Split('\n').Where(l => Regex.IsMatch(l, @"^\| \d{4}-\d\d-\d\d \|")).ToList();
        rows.Should().HaveCount(4);
        rows[1].Should().MatchRegex(@"^\| 2026-08-11 \| +102 \| ACME HEALTH +\| NWFM-1001 \| 26010000101 +\| +30\.00 \| Coding +\|$");
        rows[2].Should().MatchRegex(@"^\| 2026-10-06 \| +158 \| ACME HEALTH +\| NWFM-1005 \| 26010000105 +\| +640\.00 \| Coordination +\|$");
    }

    [Test]
    public async Task Readme_ShowsTheWorklistOfTheJanuaryToAprilRun()
    {
        await ScanAsync([.. SampleFiles.Take(4)]);
        var run = await RecoupAsync("report", "--ledger", Ledger, "--as-of", "2026-05-01");

        var readme = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "README.md")).ReplaceLineEndings("\n");
        const string prompt = "$ recoup report --ledger recoup.db --as-of 2026-05-01\n";
        var start = readme.IndexOf(prompt, StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, "the README shows the worklist");
        var shown = readme[(start + prompt.Length)..readme.IndexOf("```", start, StringComparison.Ordinal)];
        run.Out.ReplaceLineEndings("\n").Replace(Ledger, "recoup.db", StringComparison.Ordinal).Should().StartWith(shown,
            "the README shows what recoup report prints (up to the end of the worklist)");
    }

    [Test]
    public async Task Table_OfAClosedLedger_ListsTheRecoupments_UntilTheirDeadlinesPass()
    {
        await ScanAsync([.. SampleFiles]);

        var run = await RecoupAsync("report", "--ledger", Ledger, "--as-of", "2026-05-21");

        // Every receivable is collected and every recovery matched: what is left are the four recoupments to appeal or accept.
        run.Out.Should().Contain("Open receivables: 0 (0.00). Unmatched in suspense: 0 (0.00). Recoupments to decide: 4 (880.00).")
            .And.NotContain("Nothing open")
            .And.MatchRegex(@"\| ACME HEALTH PLAN \(1870000001\) +\| +4 \| +880\.00 \| +640\.00 \| +40\.00 \|");
        run.Out.Split('\n').Where(l => Regex.IsMatch(l, @"^\| \d{4}-\d\d-\d\d \|")).Select(l => l[..14])
            .Should().Equal("| 2026-08-11 |", "| 2026-08-11 |", "| 2026-10-06 |", "| 2026-11-17 |");

        var later = await RecoupAsync("report", "--ledger", Ledger, "--as-of", "2026-11-18");

        later.Out.Should().Contain("Nothing open", "every deadline has passed and nobody acted on the cases: nothing is left to decide")
            .And.Contain("Recoupments to decide: 0 (0.00).")
            .And.MatchRegex(@"\| ACME HEALTH PLAN \(1870000001\) +\| +4 \| +880\.00 \| +640\.00 \| +40\.00 \|");
    }

    [Test]
    public async Task WithoutAsOf_AgesAreCountedToToday()
    {
        await ScanAsync(SampleFiles[1]);

        var run = await RecoupAsync("report", "--ledger", Ledger);

        run.Out.Should().StartWith($"Recoupment worklist as of {DateOnly.FromDateTime(DateTime.Now).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.");
    }

    [Test]
    public async Task Csv_HasAHeader_TheWorklistRows_AndTheTotalsRows()
    {
        await ScanWithoutTheOriginalsAsync();

        var run = await RecoupAsync("report", "--ledger", Ledger, "--format", "csv", "--as-of", "2026-09-01");

        run.Exit.Should().Be(0, run.Err);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be(string.Join(',', ReportCsv.Columns));
        lines.Skip(1).Take(4).Should().OnlyContain(l => l.StartsWith("worklist,,unmatched_recovery,1870000001,ACME HEALTH PLAN,079990001,", StringComparison.Ordinal));
        lines[1].Should().Contain(",1999990017,NORTHWIND FAMILY MEDICINE,NWFM-1002,2026-01-06,26010000102,NWFM-1002,")
            .And.Contain(",2026-08-11,-21,150.00,150.00,FeeSchedule,CO-45,Original not in ledger,");
        lines[4].Should().Contain(",1999990025,NORTHWIND URGENT CARE,,,").And.Contain(",WO,<b>&26010000103,");
        lines[5].Should().Be("total,All,,,,,,,,,,,,,,,,,,,,,,,,,,,4,880.00,640.00,40.00,0,0.00,4,880.00,,,,,,,,,,");
        lines.Should().Contain("payer,1870000001,,,,,,,,,,,,,,,,,,,,,,,,,,ACME HEALTH PLAN,4,880.00,640.00,40.00,0,0.00,4,880.00,,,,,,,,,,");
        lines.Should().Contain(l => l.StartsWith("carc,CO-22,", StringComparison.Ordinal)).And.Contain(l => l.StartsWith("provider,1999990025,", StringComparison.Ordinal));
    }

    [Test]
    public async Task Html_IsOneSelfContainedFile_WithTheValuesEncoded()
    {
        await ScanWithoutTheOriginalsAsync();

        var run = await RecoupAsync("report", "--ledger", Ledger, "--format", "html", "--as-of", "2026-09-01", "--out", Temp("report.html"));

        run.Exit.Should().Be(0, run.Err);
        run.Out.Should().Be($"Report written to {Temp("report.html")}: 4 worklist items, as of 2026-09-01.{Environment.NewLine}");
        var html = File.ReadAllText(Temp("report.html"));
        Regex.Matches(html, "<html").Should().HaveCount(1);
        Regex.Matches(html, "</html>").Should().HaveCount(1);
        html.Should().Contain("<svg").And.Contain("<input type=\"search\"").And.NotContain("<script src").And.NotContain("http");
        html.Should().Contain("\\u003Cb\\u003E\\u002626010000103").And.NotContain("<b>", "the reference is escaped, not markup");
        var rows = Reporting.RecoupmentReportTests.WorklistRows(html);
        rows.Select(r => r[18].GetString()).Should().Contain("<b>&26010000103");
        rows.Select(r => r[9].GetString()).Should().Contain("26010000105");
        rows.Select(r => r[0].GetString()).Should().Contain("2026-10-06");
        File.ReadAllBytes(Temp("report.html")).Take(3).Should().NotEqual(new byte[] { 0xEF, 0xBB, 0xBF }, "UTF-8 without a byte order mark");
    }

    [Test]
    public async Task MissingLedger_ExitsOne_AndCreatesNothing()
    {
        var run = await RecoupAsync("report", "--ledger", Temp("nope.db"));

        run.Exit.Should().Be(1);
        run.Out.Should().BeEmpty();
        run.Err.Should().Contain("no such ledger file");
        File.Exists(Temp("nope.db")).Should().BeFalse();
    }

    [Test]
    public async Task AFileThatIsNotALedger_ExitsOne()
    {
        File.WriteAllText(Temp("notes.db"), "not a database " + new string('x', 200));
        await using (var empty = new SqliteConnection($"Data Source={Temp("empty.db")}"))
        {
            await empty.OpenAsync();
            await using var command = empty.CreateCommand();
            command.CommandText = "CREATE TABLE t (x);";
            await command.ExecuteNonQueryAsync();
        }

        (await RecoupAsync("report", "--ledger", Temp("notes.db"))).Should().Match<Run>(r => r.Exit == 1 && r.Err.Contains("cannot be read"));
        (await RecoupAsync("report", "--ledger", Temp("empty.db"))).Should().Match<Run>(r => r.Exit == 1 && r.Err.Contains("not a claim ledger"));
    }

    private static IEnumerable<TestCaseData> UsageErrorCases()
    {
        yield return new TestCaseData((object)new[] { "report" }).SetName("Report_UsageError_NoLedger");
        yield return new TestCaseData((object)new[] { "report", "--ledger", "x.db", "--format", "pdf" }).SetName("Report_UsageError_UnknownFormat");
        yield return new TestCaseData((object)new[] { "report", "--ledger", "x.db", "--as-of", "2026-13-01" }).SetName("Report_UsageError_BadDate");
        yield return new TestCaseData((object)new[] { "report", "--ledger", "x.db", "--bogus" }).SetName("Report_UsageError_UnknownOption");
    }

    [TestCaseSource(nameof(UsageErrorCases))]
    public async Task UsageErrors_ExitTwo(string[] args)
    {
        var run = await RecoupUsageErrorAsync(args);

        run.Err.Should().Contain("--help");
    }

    [Test]
    public async Task UnwritableOut_ExitsTwo()
    {
        await ScanAsync(SampleFiles[1]);

        var run = await RecoupAsync("report", "--ledger", Ledger, "--out", Path.Combine(TempRoot, "no-such-folder", "report.html"));

        run.Exit.Should().Be(2);
        run.Err.Should().Contain("--out").And.Contain("cannot be written");
    }

    [Test]
    public async Task Help_ListsTheOptions()
    {
        var run = await RecoupAsync("report", "--help");

        run.Exit.Should().Be(0);
        run.Out.Should().Contain("--ledger").And.Contain("--format").And.Contain("--out").And.Contain("--as-of");
        (await RecoupAsync("scan", "--help")).Out.Should().Contain("--ledger");
    }
}
