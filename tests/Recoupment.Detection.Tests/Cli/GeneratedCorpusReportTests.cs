using Recoupment.Detection.Cli;
using Recoupment.Detection.Synthetic;
using Recoupment.Detection.Tests.Reporting;

namespace Recoupment.Detection.Tests.Cli;

/// <summary>
/// <c>recoup report</c> on a generated corpus scanned into a SQLite ledger, as an analyst runs it: the worklist carries
/// payer and provider names, patient accounts and dates of service; the workbook has typed cells, frozen headers and
/// autofilters; the HTML file has its search box.
/// </summary>
[NonParallelizable]
public sealed class GeneratedCorpusReportTests
{
    private const string AsOf = "2026-06-30";
    private string _folder = null!;
    private string _ledger = null!;

    [OneTimeSetUp]
    public async Task ScanAGeneratedCorpusIntoALedger()
    {
        _folder = Directory.CreateTempSubdirectory("recoup-generated-").FullName;
        var corpus = Path.Combine(_folder, "corpus");
        new RemittanceGenerator(SyntheticOptions.Default with { Seed = 14, Days = 120, ClaimsPerDay = 150 }).Generate(corpus, answerKey: null);
        _ledger = Path.Combine(_folder, "recoup.db");
        var (exit, _, err) = await RunAsync("scan", "--ledger", _ledger, corpus);
        exit.Should().Be(0, err);
    }

    [OneTimeTearDown]
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
    public async Task Csv_WorklistRowsHavePayerAndProviderNames_PatientAccountsAndServiceDates()
    {
        var (exit, csv, err) = await RunAsync("report", "--ledger", _ledger, "--format", "csv", "--as-of", AsOf);

        exit.Should().Be(0, err);
        var records = ParseCsv(csv);
        var header = records[0].ToList();
        var (payerName, providerName, account, claimId, serviceDate) = (header.IndexOf("payer_name"), header.IndexOf("provider_name"),
            header.IndexOf("patient_account"), header.IndexOf("claim_id"), header.IndexOf("service_date"));
        var rows = records.Skip(1).Where(r => r[0] == "worklist").ToList();
        rows.Should().HaveCountGreaterThan(20);
        rows.Should().OnlyContain(r => r[payerName].Length > 0, "every payer names itself in N1*PR");
        rows.Should().OnlyContain(r => r[providerName].Length > 0, "every payee names itself in N1*PE");
        var claims = rows.Where(r => r[account].Length > 0).ToList();
        claims.Should().NotBeEmpty();
        claims.Should().OnlyContain(r => r[account] == r[claimId], "the patient account is CLP01");
        var dated = rows.Count(r => r[serviceDate].Length == 10);
        TestContext.Out.WriteLine($"{rows.Count} worklist rows, {claims.Count} with a patient account, {dated} with a date of service.");
        dated.Should().BeGreaterThan(0, "items whose claim the ledger holds carry its date of service");
    }

    [Test]
    public async Task Xlsx_HasNumericAmounts_DatesAsDates_AFrozenHeader_AndAutofilters()
    {
        var path = Path.Combine(_folder, "worklist.xlsx");

        var (exit, output, err) = await RunAsync("report", "--ledger", _ledger, "--format", "xlsx", "--out", path, "--as-of", AsOf);

        exit.Should().Be(0, err);
        output.Should().StartWith($"Report written to {path}: ");
        var xlsx = XlsxFile.Read(path);
        xlsx.Sheets.Select(s => s.Name).Should().Equal(Recoupment.Detection.Excel.ReportWorkbook.SheetNames);
        xlsx.Sheets.Should().OnlyContain(s => s.FrozenRows == 1 && s.AutoFilter != null);
        var worklist = xlsx["Worklist"];
        worklist.Rows.Count.Should().BeGreaterThan(21);
        for (var row = 1; row < worklist.Rows.Count; row++)
        {
            worklist.Cell(row, "Amount").IsNumber.Should().BeTrue();
            worklist.Cell(row, "Outstanding").IsNumber.Should().BeTrue();
            worklist.Cell(row, "Found").Format.Should().Be("yyyy-mm-dd");
            worklist.Cell(row, "Payer").Value.Should().NotBeNullOrEmpty();
        }
        var byPayer = xlsx["By payer"];
        byPayer.Cell(1, "Recouped").IsNumber.Should().BeTrue();
        byPayer.Cell(1, "Payer").Value.Should().NotBeNullOrEmpty();
    }

    [Test]
    public async Task Html_HasTheSearchBoxAndTheFilters()
    {
        var path = Path.Combine(_folder, "worklist.html");

        var (exit, _, err) = await RunAsync("report", "--ledger", _ledger, "--format", "html", "--out", path, "--as-of", AsOf);

        exit.Should().Be(0, err);
        var html = File.ReadAllText(path);
        html.Should().Contain("<input type=\"search\" id=\"wl-search\"").And.Contain("id=\"wl-payer\"").And.Contain("id=\"wl-provider\"")
            .And.Contain("id=\"wl-cause\"").And.Contain("id=\"wl-days\"").And.Contain("id=\"wl-group\"");
        RecoupmentReportTests.WorklistRows(html).Should().HaveCountGreaterThan(20);
    }

    [Test]
    public async Task Table_FitsOneHundredColumns()
    {
        var (exit, output, err) = await RunAsync("report", "--ledger", _ledger, "--as-of", AsOf);

        exit.Should().Be(0, err);
        output.Split('\n').Where(l => l.StartsWith('|') || l.StartsWith('+')).Should().OnlyContain(l => l.Length <= 100);
    }
}
