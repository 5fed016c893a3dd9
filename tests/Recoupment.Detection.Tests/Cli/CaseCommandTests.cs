using Recoupment.Detection.Cases;
using Recoupment.Detection.Cli;
using Recoupment.Detection.Csv;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Synthetic;
using Recoupment.Detection.Tests.Reporting;

namespace Recoupment.Detection.Tests.Cli;

/// <summary>
/// <c>recoup case list|set|show</c> tried as a new user would: a generated corpus (with a composed repeated coding
/// error besides) scanned into a ledger, one case set to appealed with a note and another accepted; the report csv then
/// shows the appeal and its note, the accepted case is gone from the worklist, and the procedure and pattern rows are there.
/// </summary>
[NonParallelizable]
public sealed class CaseCommandTests
{
    private const string AsOf = "2026-04-01";
    private string _folder = null!;
    private string _ledger = null!;

    [SetUp]
    public async Task ScanAGeneratedCorpusIntoALedger()
    {
        _folder = Directory.CreateTempSubdirectory("recoup-cases-").FullName;
        var corpus = Path.Combine(_folder, "corpus");
        new RemittanceGenerator(SyntheticOptions.Default with { Seed = 7, Days = 60, ClaimsPerDay = 40, RenderingProviders = true }).Generate(corpus, answerKey: null);
        var stories = new[]
        {
            RepeatPatternTests.Story(1, "2026-01-05", "2026-02-02"),
            RepeatPatternTests.Story(2, "2026-01-12", "2026-02-20"),
            RepeatPatternTests.Story(3, "2026-01-19", "2026-03-10"),
        };
        foreach (var (remit, i) in stories.SelectMany(s => new[] { s.Original, s.Recoupment }).Select((r, i) => (r, i)))
        {
            await File.WriteAllTextAsync(Path.Combine(corpus, $"zz-composed-{i}.835"), remit.ToText());
        }
        _ledger = Path.Combine(_folder, "recoup.db");
        var (exit, _, err) = await RunAsync("scan", "--ledger", _ledger, corpus);
        exit.Should().Be(0, err);
    }

    [TearDown]
    public void DeleteTheCorpus()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await RecoupCli.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static List<string[]> ParseCsv(string text)
    {
        using var parser = new Microsoft.VisualBasic.FileIO.TextFieldParser(new StringReader(text)) { Delimiters = [","], HasFieldsEnclosedInQuotes = true };
        var records = new List<string[]>();
        while (!parser.EndOfData) records.Add(parser.ReadFields()!);
        return records;
    }

    [Test]
    public async Task AppealOneAcceptAnother_TheReportShowsTheAppealWithItsNote_AndTheAcceptedCaseIsGone()
    {
        var (exit, list, err) = await RunAsync("case", "list", "--ledger", _ledger, "--format", "csv", "--as-of", AsOf);
        exit.Should().Be(0, err);
        var cases = ParseCsv(list);
        cases[0].Should().Equal(ReportCsv.CaseColumns);
        cases[0].Take(3).Should().Equal("case_id", "status", "item");
        cases.Should().HaveCountGreaterThan(2);
        cases.Skip(1).Should().OnlyContain(c => c[1] == "new");
        var (appealed, accepted) = (cases[1][0], cases[2][0]);

        (await RunAsync("case", "set", appealed, "--ledger", _ledger, "--status", "appealed", "--note", "Level 1 filed, records attached", "--by", "ana"))
            .Exit.Should().Be(0);
        (await RunAsync("case", "set", accepted, "--ledger", _ledger, "--status", "accepted", "--by", "bo")).Exit.Should().Be(0);

        (exit, var csv, err) = await RunAsync("report", "--ledger", _ledger, "--format", "csv", "--as-of", AsOf);
        exit.Should().Be(0, err);
        var records = ParseCsv(csv);
        var header = records[0].ToList();
        var (caseIdColumn, providerColumn, icnColumn) = (header.IndexOf("case_id"), header.IndexOf("provider_id"), header.IndexOf("original_payer_claim_number"));
        int Column(string name) => header.IndexOf(name);
        var worklist = records.Where(r => r[0] == "worklist").ToList();
        var row = worklist.Should().ContainSingle(r => r[caseIdColumn] == appealed).Subject;
        row[Column("case_status")].Should().Be("appealed");
        row[Column("case_note")].Should().Be("Level 1 filed, records attached");
        worklist.Should().NotContain(r => r[caseIdColumn] == accepted, "an accepted case leaves the worklist");
        worklist.Should().HaveCount(cases.Count - 2);
        records.Should().Contain(r => r[0] == "procedure");
        records.Should().Contain(r => r[0] == "rendering_provider" && r[1] == RepeatPatternTests.Doctor);
        records.Where(r => r[0] == "rendering_provider" && r[1] != RepeatPatternTests.Doctor && r[1] != "(none)").Should()
            .HaveCountGreaterThan(1, "the generated claims name their rendering providers (NM1*82), kept through the ledger");
        records.Should().Contain(r => r[0] == "pattern" && r[1] == "HC:99214:25" && r[providerColumn] == RepeatPatternTests.Doctor
                                      && r[icnColumn] == "ICN0001;ICN0002;ICN0003");
        records.Single(r => r[0] == "outcome" && r[1] == "accepted")[Column("case_count")].Should().Be("1");
        records.Single(r => r[0] == "outcome" && r[1] == "appealed")[Column("case_count")].Should().Be("1");

        (exit, var closed, _) = await RunAsync("case", "list", "--ledger", _ledger, "--status", "accepted", "--format", "csv", "--as-of", AsOf);
        exit.Should().Be(0);
        ParseCsv(closed).Skip(1).Select(c => (c[0], c[1])).Should().Equal((accepted, "accepted"));

        (exit, var shown, err) = await RunAsync("case", "show", appealed, "--ledger", _ledger, "--as-of", AsOf);
        exit.Should().Be(0, err);
        shown.Should().Contain($"Case {appealed}: appealed").And.Contain("Events").And.Contain("ana").And.Contain("Level 1 filed, records attached");
    }

    [Test]
    public async Task Recoupments_AreCases_AppealedWithANote_ThenWon_CountInTheOutcomes()
    {
        // Every recoupment taken back on a known claim whose deadline has not passed is a case, except a deferred one whose
        // receivable is still open (that receivable is the item); once the receivable is closed, under the receivable's case id.
        List<(ClaimRecoupment Event, string CaseId)> recoupments;
        using (var ledger = Recoupment.Detection.Sqlite.SqliteClaimLedger.Open(_ledger))
        {
            var events = ledger.Events();
            var receivableOf = events.OfType<ReceivableOpened>().Where(e => e.RelatedEventId is not null).ToDictionary(e => e.RelatedEventId!, e => e.EventId);
            var open = ledger.AllOpenReceivables().Select(r => r.OpenedEventId).ToHashSet();
            recoupments = events.OfType<ClaimRecoupment>()
                .Where(e => e.AppealDeadline >= DateOnly.Parse(AsOf, System.Globalization.CultureInfo.InvariantCulture))
                .Select(e => (e, CaseIds.For(receivableOf.GetValueOrDefault(e.EventId) ?? e.EventId)))
                .Where(x => !open.Contains(receivableOf.GetValueOrDefault(x.e.EventId) ?? ""))
                .ToList();
        }
        recoupments.Should().HaveCountGreaterThan(2, "the generated corpus takes money back on claims");
        recoupments.Should().Contain(x => x.Event.Mode == RecoupmentMode.Deferred, "some deferred recoupments are collected by 2026-04-01");

        var (exit, list, err) = await RunAsync("case", "list", "--ledger", _ledger, "--format", "csv", "--as-of", AsOf);
        exit.Should().Be(0, err);
        var cases = ParseCsv(list);
        var header = cases[0].ToList();
        int Column(string name) => header.IndexOf(name);
        var listed = cases.Skip(1).Where(c => c[Column("item")] == "recoupment").ToList();
        listed.Select(c => (c[0], c[Column("appeal_deadline")], c[Column("amount")])).Should().BeEquivalentTo(recoupments.Select(x =>
            (x.CaseId, x.Event.AppealDeadline!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
             x.Event.Amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture))), "each recoupment with its deadline and amount");
        listed.Should().OnlyContain(c => c[1] == "new");
        var (appealed, accepted) = (listed[0][0], listed[1][0]);
        var appealedAmount = listed[0][Column("amount")];

        (exit, var said, err) = await RunAsync("case", "set", appealed, "--ledger", _ledger, "--status", "appealed", "--note", "Level 1 filed, op notes attached", "--by", "ana");
        exit.Should().Be(0, err);
        said.Should().Contain($"Case {appealed}: new -> appealed.");
        (await RunAsync("case", "set", accepted, "--ledger", _ledger, "--status", "accepted")).Exit.Should().Be(0);

        (exit, var csv, err) = await RunAsync("report", "--ledger", _ledger, "--format", "csv", "--as-of", AsOf);
        exit.Should().Be(0, err);
        var records = ParseCsv(csv);
        var worklist = records.Where(r => r[0] == "worklist").ToList();
        var reportHeader = records[0].ToList();
        int ReportColumn(string name) => reportHeader.IndexOf(name);
        var caseIdColumn = ReportColumn("case_id");
        var row = worklist.Should().ContainSingle(r => r[caseIdColumn] == appealed).Subject;
        row[ReportColumn("item")].Should().Be("recoupment");
        row[ReportColumn("case_status")].Should().Be("appealed");
        row[ReportColumn("case_note")].Should().Be("Level 1 filed, op notes attached");
        row[ReportColumn("appeal_deadline")].Should().Be(listed[0][Column("appeal_deadline")]);
        worklist.Should().NotContain(r => r[caseIdColumn] == accepted, "an accepted recoupment leaves the worklist");

        (exit, _, err) = await RunAsync("case", "set", appealed, "--ledger", _ledger, "--status", "won", "--note", "Payer reversed the takeback");
        exit.Should().Be(0, err);
        (exit, csv, err) = await RunAsync("report", "--ledger", _ledger, "--format", "csv", "--as-of", AsOf);
        exit.Should().Be(0, err);
        records = ParseCsv(csv);
        records.Where(r => r[0] == "worklist").Should().NotContain(r => r[caseIdColumn] == appealed, "a won case is closed");
        var recovered = records.Single(r => r[0] == "appeal_recovered");
        (recovered[ReportColumn("won_count")], recovered[ReportColumn("won_amount")]).Should().Be(("1", appealedAmount));
        var payer = records.Single(r => r[0] == "appeal_payer");
        (payer[1], payer[ReportColumn("won_count")], payer[ReportColumn("lost_count")], payer[ReportColumn("win_rate")])
            .Should().Be((listed[0][Column("payer_id")], "1", "0", "1.0000"));
        records.Single(r => r[0] == "outcome" && r[1] == "won")[ReportColumn("case_amount")].Should().Be(appealedAmount);
        records.Single(r => r[0] == "outcome" && r[1] == "accepted")[ReportColumn("case_count")].Should().Be("1");
    }

    [Test]
    public async Task UnknownCasesAndInvalidTransitions_AreErrors_WithExit2_AndNothingWritten()
    {
        var (_, list, _) = await RunAsync("case", "list", "--ledger", _ledger, "--format", "csv", "--as-of", AsOf);
        var caseId = ParseCsv(list)[1][0];

        var unknown = await RunAsync("case", "set", "CS0000000000000000", "--ledger", _ledger, "--status", "accepted");
        unknown.Exit.Should().Be(RecoupCli.UsageError);
        unknown.Err.Should().Contain("No case CS0000000000000000");
        var jump = await RunAsync("case", "set", caseId, "--ledger", _ledger, "--status", "won");
        jump.Exit.Should().Be(RecoupCli.UsageError);
        jump.Err.Should().Contain("is new: it cannot become won");
        var badStatus = await RunAsync("case", "set", caseId, "--ledger", _ledger, "--status", "closed");
        badStatus.Exit.Should().Be(RecoupCli.UsageError);
        badStatus.Err.Should().Contain("not a case status");
        (unknown.Out + jump.Out + badStatus.Out).Should().BeEmpty();

        using (var ledger = Recoupment.Detection.Sqlite.SqliteClaimLedger.Open(_ledger)) ledger.AllCaseEntries().Should().BeEmpty("nothing was written");

        var show = await RunAsync("case", "show", "CS0000000000000000", "--ledger", _ledger);
        show.Exit.Should().Be(RecoupCli.UsageError);
    }

    [Test]
    public async Task List_FiltersByPayerAndDeadline()
    {
        var (_, all, _) = await RunAsync("case", "list", "--ledger", _ledger, "--format", "csv", "--as-of", AsOf);
        var cases = ParseCsv(all);
        var header = cases[0].ToList();
        var payer = cases[1][header.IndexOf("payer_id")];

        var (exit, byPayer, _) = await RunAsync("case", "list", "--ledger", _ledger, "--payer", payer, "--format", "csv", "--as-of", AsOf);
        exit.Should().Be(0);
        ParseCsv(byPayer).Skip(1).Select(c => c[0]).Should().Equal(cases.Skip(1).Where(c => c[header.IndexOf("payer_id")] == payer).Select(c => c[0]));

        (exit, var due, _) = await RunAsync("case", "list", "--ledger", _ledger, "--due-within", "30", "--format", "csv", "--as-of", AsOf);
        exit.Should().Be(0);
        var expected = cases.Skip(1).Where(c => int.TryParse(c[header.IndexOf("days_to_deadline")], out var d) && d <= 30).Select(c => c[0]).ToList();
        ParseCsv(due).Skip(1).Select(c => c[0]).Should().Equal(expected);
    }
}
