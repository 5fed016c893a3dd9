using MiniExcelLibs;
using Recoupment.Detection.Excel;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Reporting;

namespace Recoupment.Detection.Tests.Reporting;

/// <summary>The report as an Excel workbook, read back both as OpenXML and with MiniExcel (as a spreadsheet user reads it).</summary>
public sealed class ReportWorkbookTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("recoup-xlsx-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    private static IReadOnlyList<string> SampleFiles { get; } =
        Directory.GetFiles(Path.Combine(Corpus.RepositoryRoot, "samples", "data"), "*.835").Order(StringComparer.Ordinal).ToList();

    private static async Task<RecoupmentReport> SampleReportAsync(IEnumerable<string> files, string asOf)
    {
        var ledger = new InMemoryClaimLedger();
        await new RemittanceScanner(new RecoupmentEngine(ledger)).ScanAsync(files.ToList());
        return RecoupmentReport.Create(ledger, DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public async Task Workbook_HasTheWorklistSheet_AndOneSheetPerTotalsTable_EachWithAFrozenHeaderAndAnAutofilter()
    {
        var report = await SampleReportAsync(SampleFiles.Skip(1), "2026-09-01");
        var path = Path.Combine(_folder, "worklist.xlsx");

        ReportWorkbook.Write(report, path);

        var xlsx = XlsxFile.Read(path);
        xlsx.Sheets.Select(s => s.Name).Should().Equal("Worklist", "Totals", "By payer", "By root cause", "By CARC", "By provider", "By month", "By procedure",
            "By rendering provider", "Patterns", "Outcomes", "Definitions");
        xlsx.Sheets.Should().OnlyContain(s => s.FrozenRows == 1, "the header row stays in view");
        xlsx.Sheets.Should().OnlyContain(s => s.AutoFilter != null && s.AutoFilter.StartsWith("A1:", StringComparison.Ordinal));
        xlsx["Worklist"].AutoFilter.Should().Be("A1:AA5", "27 columns, the header and 4 rows");
        xlsx["By root cause"].Rows.Should().HaveCount(1 + report.ByRootCause.Count);
        xlsx["By month"].Rows.Should().HaveCount(1 + report.ByMonth.Count);
        xlsx["Definitions"].Rows.Skip(2).Select(r => r[0].Value).Should().Equal(RecoupmentReport.Definitions);
    }

    [Test]
    public async Task Worklist_AmountsAndCountsAreNumbers_DatesAreDates_IdentifiersStayText()
    {
        var report = await SampleReportAsync(SampleFiles.Skip(1), "2026-09-01");
        var path = Path.Combine(_folder, "worklist.xlsx");
        ReportWorkbook.Write(report, path);

        var sheet = XlsxFile.Read(path)["Worklist"];

        sheet.Header.Should().StartWith(["Appeal by", "Days left", "Item", "Payer", "Payer ID", "Provider", "Provider ID", "Patient account", "Service date"]);
        var amount = sheet.Cell(1, "Amount");
        amount.IsNumber.Should().BeTrue();
        amount.Number.Should().Be(150.00m);
        amount.Format.Should().Be("#,##0.00");
        sheet.Cell(1, "Outstanding").Number.Should().Be(150.00m);
        sheet.Cell(1, "Original paid").Number.Should().Be(350.00m);
        sheet.Cell(1, "Days left").Should().Match<XlsxCell>(c => c.IsNumber && c.Number == -21 && c.Format == "#,##0");
        var deadline = sheet.Cell(1, "Appeal by");
        deadline.IsNumber.Should().BeTrue("Excel keeps dates as day numbers");
        deadline.Format.Should().Be("yyyy-mm-dd");
        deadline.Date.Should().Be(new DateOnly(2026, 8, 11));
        sheet.Cell(1, "Service date").Date.Should().Be(new DateOnly(2026, 1, 6));
        sheet.Cell(1, "Payer").Value.Should().Be("ACME HEALTH PLAN");
        sheet.Cell(1, "Provider").Value.Should().Be("NORTHWIND FAMILY MEDICINE");
        sheet.Cell(1, "Patient account").Value.Should().Be("NWFM-1002");
        var icn = sheet.Cell(1, "Original claim (ICN)");
        (icn.Type, icn.Value).Should().Be(("str", "26010000102"), "identifiers are text, never numbers");
        sheet.Cell(1, "Payee ID").Value.Should().Be("079990001", "the leading zero of the tax ID is kept");
        sheet.Cell(4, "PLB reference").Value.Should().Be("26010000103");
        sheet.Cell(4, "Service date").Value.Should().BeNullOrEmpty("a PLB recovery names no claim");
    }

    [Test]
    public async Task Workbook_ReadsBackWithMiniExcel_AsNumbersAndDates()
    {
        var report = await SampleReportAsync(SampleFiles.Take(4), "2026-05-01");
        var path = Path.Combine(_folder, "worklist.xlsx");
        ReportWorkbook.Write(report, path);

        var rows = MiniExcel.Query(path, useHeaderRow: true, sheetName: "Worklist").Cast<IDictionary<string, object?>>().ToList();
        rows.Should().HaveCount(4, "two open receivables and two recoupments that can still be appealed");
        rows[0]["Outstanding"].Should().BeOfType<double>().Which.Should().Be(50.0);
        rows[0]["Appeal by"].Should().Be(new DateTime(2026, 8, 11));
        rows[0]["Item"].Should().Be("Open receivable");
        rows.Select(r => r["Item"]).Should().Equal("Open receivable", "Recoupment", "Recoupment", "Open receivable");
        rows[1]["Appeal by"].Should().Be(new DateTime(2026, 8, 11));
        rows[1]["Outstanding"].Should().Be(30.0);
        rows[3]["PLB code"].Should().Be("FB");
        rows[0]["Case ID"].Should().Be(report.Worklist[0].CaseId);
        rows[0]["Case status"].Should().Be("new");
        var outcomes = MiniExcel.Query(path, useHeaderRow: true, sheetName: "Outcomes").Cast<IDictionary<string, object?>>().ToList();
        outcomes.Where(o => (string?)o["Table"] == "By status").Select(o => o["Group"]).Should().Equal(Recoupment.Detection.Cases.CaseStatuses.Names);
        var procedures = MiniExcel.Query(path, useHeaderRow: true, sheetName: "By procedure").Cast<IDictionary<string, object?>>().ToList();
        procedures.Select(p => p["Procedure"]).Should().Equal(report.ByProcedure.Select(t => t.Key));
        var payers = MiniExcel.Query(path, useHeaderRow: true, sheetName: "By payer").Cast<IDictionary<string, object?>>().ToList();
        payers.Should().ContainSingle();
        payers[0]["Payer"].Should().Be("ACME HEALTH PLAN");
        payers[0]["Recouped"].Should().Be((double)report.ByPayer[0].Recouped.Amount);
        MiniExcel.GetSheetNames(path).Should().Equal(ReportWorkbook.SheetNames);
    }

    [Test]
    public void AnEmptyReport_StillHasEveryHeaderRow()
    {
        var path = Path.Combine(_folder, "empty.xlsx");

        ReportWorkbook.Write(RecoupmentReport.Create([], [], [], new DateOnly(2026, 4, 1)), path);

        var xlsx = XlsxFile.Read(path);
        xlsx["Worklist"].Rows.Should().ContainSingle().Which.Select(c => c.Value).Should().Contain("Outstanding");
        xlsx["By payer"].Header.Should().StartWith(["Payer", "Payer ID", "Recoupments", "Recouped"]);
        xlsx["Totals"].Rows.Should().HaveCount(2, "the overall row is always there");
    }
}
