using System.Data;
using System.Globalization;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;
using Recoupment.Detection.Cases;
using Recoupment.Detection.Reporting;

namespace Recoupment.Detection.Excel;

/// <summary>
/// The recoupment report (<see cref="RecoupmentReport"/>) as an Excel workbook: a <c>Worklist</c> sheet (one row per open
/// receivable or unmatched recovery whose case is open, soonest appeal deadline first, with its case id, status and
/// note), one sheet per totals table (<c>Totals</c>, <c>By payer</c>, <c>By root cause</c>, <c>By CARC</c>,
/// <c>By provider</c>, <c>By month</c>, <c>By procedure</c>, <c>By rendering provider</c>), the repeat <c>Patterns</c>,
/// the <c>Outcomes</c> and the <c>Definitions</c>. Every sheet has a frozen header row and an autofilter; amounts are numbers (two decimals, thousands
/// separators), counts are numbers, dates are dates (yyyy-mm-dd), identifiers stay text (leading zeros kept).
/// </summary>
public static class ReportWorkbook
{
    /// <summary>The sheet names, in order.</summary>
    public static IReadOnlyList<string> SheetNames { get; } =
        ["Worklist", "Totals", "By payer", "By root cause", "By CARC", "By provider", "By month", "By procedure", "By rendering provider", "Patterns",
            "Outcomes", "Definitions"];

    private const string MoneyFormat = "#,##0.00";
    private const string CountFormat = "#,##0";
    private const string DateFormat = "yyyy-mm-dd";

    // The worklist columns: heading, width (characters), and a number format for numbers and dates.
    private static readonly (string Heading, double Width, string? Format)[] WorklistColumns =
    [
        ("Appeal by", 11, DateFormat), ("Days left", 9, CountFormat), ("Item", 18, null), ("Payer", 26, null), ("Payer ID", 13, null),
        ("Provider", 26, null), ("Provider ID", 13, null), ("Patient account", 16, null), ("Service date", 12, DateFormat),
        ("Original claim (ICN)", 18, null), ("Original paid", 13, MoneyFormat), ("Found", 11, DateFormat), ("Age (days)", 10, CountFormat),
        ("Amount", 13, MoneyFormat), ("Outstanding", 13, MoneyFormat), ("Root cause", 20, null), ("CARCs", 16, null), ("PLB code", 9, null),
        ("PLB reference", 18, null), ("Remittance", 14, null), ("Original remittance", 18, null), ("Payee ID", 13, null), ("Detail", 32, null),
        ("Event ID", 20, null), ("Case ID", 20, null), ("Case status", 12, null), ("Case note", 40, null),
    ];

    private static readonly (string Heading, double Width, string? Format)[] TotalsColumns =
    [
        ("Recoupments", 12, CountFormat), ("Recouped", 14, MoneyFormat), ("Collected", 14, MoneyFormat), ("Refunded", 14, MoneyFormat),
        ("Open receivables", 16, CountFormat), ("Owed", 14, MoneyFormat), ("Unmatched", 11, CountFormat), ("Unmatched amount", 16, MoneyFormat),
    ];

    /// <summary>Writes the workbook to <paramref name="stream"/> (which stays open).</summary>
    /// <param name="report">The report.</param>
    /// <param name="stream">Where the .xlsx goes.</param>
    public static void Write(RecoupmentReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        // DataTables: typed columns, and the header row is written even when a table has no rows.
        var sheets = new Dictionary<string, object>
        {
            [SheetNames[0]] = Worklist(report.Worklist),
            [SheetNames[1]] = Totals(SheetNames[1], "Group", [report.Overall]),
            [SheetNames[2]] = Totals(SheetNames[2], "Payer ID", report.ByPayer, nameHeading: "Payer"),
            [SheetNames[3]] = Totals(SheetNames[3], "Root cause", report.ByRootCause),
            [SheetNames[4]] = Totals(SheetNames[4], "CARC", report.ByCarc),
            [SheetNames[5]] = Totals(SheetNames[5], "Provider ID", report.ByProvider, nameHeading: "Provider"),
            [SheetNames[6]] = Totals(SheetNames[6], "Month", report.ByMonth),
            [SheetNames[7]] = Totals(SheetNames[7], "Procedure", report.ByProcedure),
            [SheetNames[8]] = Totals(SheetNames[8], "Provider ID", report.ByRenderingProvider, nameHeading: "Provider"),
            [SheetNames[9]] = Patterns(report.RepeatPatterns),
            [SheetNames[10]] = Outcomes(report.Outcomes),
            [SheetNames[11]] = Definitions(report),
        };
        var configuration = new OpenXmlConfiguration
        {
            FreezeRowCount = 1,
            AutoFilter = true,
            TableStyles = TableStyles.Default,
            // Formats and widths by heading (headings are shared by the sheets that have them).
            DynamicColumns = [.. Columns([.. WorklistColumns, .. TotalsColumns, ("Group", 24, null), ("Payer", 30, null), ("Provider", 30, null),
                ("Root cause", 24, null), ("CARC", 12, null), ("Month", 10, null), ("Procedure", 16, null), ("Cause", 22, null), ("First", 11, DateFormat),
                ("Last", 11, DateFormat), ("Claims (ICN)", 60, null), ("Table", 22, null), ("Cases", 10, CountFormat), ("Won", 8, CountFormat),
                ("Lost", 8, CountFormat), ("Win rate", 9, null), ("Recovered", 14, MoneyFormat), ("Definition", 160, null)])],
        };
        MiniExcel.SaveAs(stream, sheets, printHeader: true, excelType: ExcelType.XLSX, configuration: configuration);
    }

    /// <summary>Writes the workbook to a file, replacing it.</summary>
    public static void Write(RecoupmentReport report, string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(report, file);
    }

    private static IEnumerable<DynamicExcelColumn> Columns(IEnumerable<(string Heading, double Width, string? Format)> columns) =>
        columns.DistinctBy(c => c.Heading).Select(c => new DynamicExcelColumn(c.Heading) { Width = c.Width, Format = c.Format });

    private static DataTable Worklist(IReadOnlyList<WorklistItem> items)
    {
        var table = Table("Worklist", WorklistColumns);
        foreach (var i in items)
        {
            Add(table,
                Date(i.AppealDeadline), i.DaysToDeadline, i.KindInWords,
                i.PayerName, i.PayerId, i.ProviderName, i.ProviderId, i.PatientAccount, Date(i.ServiceDate), i.OriginalPayerClaimNumber,
                i.OriginalPaidAmount, Date(i.FoundDate), i.AgeDays, i.Amount, i.Outstanding, i.RootCause.ToString(),
                i.CarcCodes.Count == 0 ? null : string.Join(' ', i.CarcCodes), i.PlbReasonCode, i.PlbReference, i.RemittanceTrace,
                i.OriginalRemittanceTrace, i.PayeeId, i.Detail, i.EventId, i.CaseId, CaseStatuses.Name(i.CaseStatus), i.CaseNote);
        }
        return table;
    }

    private static DataTable Totals(string sheet, string keyHeading, IReadOnlyList<ReportTotals> totals, string? nameHeading = null)
    {
        (string, double, string?)[] keys = nameHeading is null ? [(keyHeading, 24, null)] : [(nameHeading, 30, null), (keyHeading, 14, null)];
        var table = Table(sheet, [.. keys, .. TotalsColumns]);
        foreach (var t in totals)
        {
            object?[] key = nameHeading is null ? [t.Key] : [t.Name, t.Key];
            Add(table, [.. key, t.Recouped.Count, t.Recouped.Amount, t.Collected.Amount, t.Refunded.Amount, t.OpenReceivables.Count,
                t.OpenReceivables.Amount, t.Unmatched.Count, t.Unmatched.Amount]);
        }
        return table;
    }

    private static DataTable Patterns(IReadOnlyList<RepeatPattern> patterns)
    {
        var table = Table("Patterns", [("Provider", 30, null), ("Provider ID", 13, null), ("Procedure", 16, null), ("Cause", 22, null),
            ("Recoupments", 12, CountFormat), ("Recouped", 14, MoneyFormat), ("First", 11, DateFormat), ("Last", 11, DateFormat), ("Claims (ICN)", 60, null)]);
        foreach (var p in patterns)
        {
            Add(table, p.ProviderName, p.ProviderId, p.Procedure, p.Cause, p.Recouped.Count, p.Recouped.Amount, Date(p.First), Date(p.Last),
                string.Join(' ', p.Claims.Select(c => c.PayerClaimNumber ?? c.ClaimId)));
        }
        return table;
    }

    // One sheet, three small tables told apart by the Table column: cases by status, appeal results by payer and by root cause.
    private static DataTable Outcomes(ReportOutcomes outcomes)
    {
        var table = Table("Outcomes", [("Table", 22, null), ("Group", 24, null), ("Cases", 10, CountFormat), ("Amount", 13, MoneyFormat), ("Won", 8, CountFormat),
            ("Recovered", 14, MoneyFormat), ("Lost", 8, CountFormat), ("Win rate", 9, null)]);
        foreach (var s in outcomes.ByStatus) Add(table, "By status", CaseStatuses.Name(s.Status), s.Cases.Count, s.Cases.Amount, null, null, null, null);
        foreach (var a in outcomes.AppealsByPayer) Add(table, "Appeals by payer", a.Name is null ? a.Key : $"{a.Name} ({a.Key})", null, null, a.Won.Count, a.Won.Amount, a.Lost.Count, Rate(a));
        foreach (var a in outcomes.AppealsByRootCause) Add(table, "Appeals by root cause", a.Key, null, null, a.Won.Count, a.Won.Amount, a.Lost.Count, Rate(a));
        Add(table, "Recovered by won appeals", "All", null, null, outcomes.RecoveredByWonAppeals.Count, outcomes.RecoveredByWonAppeals.Amount, null, null);
        return table;

        static string? Rate(AppealResults a) => a.WinRate?.ToString("P0", CultureInfo.InvariantCulture);
    }

    private static DataTable Definitions(RecoupmentReport report)
    {
        var table = Table("Definitions", [("Definition", 160, null)]);
        Add(table, $"Recoupment worklist as of {report.AsOf:yyyy-MM-dd}" + (report.Source is null ? "." : $", ledger {report.Source}."));
        foreach (var definition in RecoupmentReport.Definitions) Add(table, definition);
        return table;
    }

    /// <summary>A table whose column types follow the formats: money as decimal, counts as int, dates as DateTime, the rest text.</summary>
    private static DataTable Table(string name, IEnumerable<(string Heading, double Width, string? Format)> columns)
    {
        var table = new DataTable(name) { Locale = CultureInfo.InvariantCulture };
        foreach (var (heading, _, format) in columns)
        {
            var type = format switch { MoneyFormat => typeof(decimal), CountFormat => typeof(int), DateFormat => typeof(DateTime), _ => typeof(string) };
            table.Columns.Add(heading, type);
        }
        return table;
    }

    private static void Add(DataTable table, params object?[] values) => table.Rows.Add(values.Select(v => v ?? DBNull.Value).ToArray());

    // Dates as DateTime: every spreadsheet reads those as dates.
    private static DateTime? Date(DateOnly? date) => date?.ToDateTime(TimeOnly.MinValue);
}
