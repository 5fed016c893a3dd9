using System.Globalization;
using CsvHelper;
using Recoupment.Detection.Reporting;

namespace Recoupment.Detection.Csv;

/// <summary>
/// The recoupment report (<see cref="RecoupmentReport"/>) as one CSV file with CsvHelper: a header row, then the
/// worklist rows (<c>section</c> = <c>worklist</c>, soonest appeal deadline first), then the totals
/// (<c>section</c> = <c>total</c>, <c>payer</c>, <c>root_cause</c>, <c>carc</c>, <c>provider</c>, <c>month</c>;
/// <c>group</c> names the payer, cause, code, provider or month). Filter on <c>section</c> to get one table.
/// Worklist columns are empty on totals rows and the other way round. Amounts with two decimals, dates yyyy-MM-dd,
/// CARCs separated by ';', as in the events CSV.
/// </summary>
public static class ReportCsv
{
    /// <summary>The column names, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "section", "group", "item", "payer_id", "payee_id", "provider_id", "original_payer_claim_number", "claim_id", "original_paid_amount",
        "original_remittance_trace", "remittance_trace", "found_date", "plb_reason_code", "plb_reference", "age_days", "appeal_deadline",
        "days_to_deadline", "amount", "outstanding", "root_cause", "carc_codes", "detail", "event_id",
        "recouped_count", "recouped_amount", "collected_amount", "refunded_amount", "open_receivables_count", "open_receivables_amount",
        "unmatched_count", "unmatched_amount",
    ];

    private const int WorklistColumns = 23;

    /// <summary>Writes the report.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">Where the CSV goes.</param>
    /// <param name="leaveOpen">When false, <paramref name="writer"/> is disposed at the end.</param>
    public static void Write(RecoupmentReport report, TextWriter writer, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen);
        csv.WriteHeader([.. Columns]);
        foreach (var i in report.Worklist)
        {
            var row = new string[Columns.Count];
            Array.Fill(row, "");
            row[0] = "worklist";
            row[2] = i.Kind == WorklistItemKind.OpenReceivable ? "open_receivable" : "unmatched_recovery";
            row[3] = i.PayerId;
            row[4] = i.PayeeId;
            row[5] = i.ProviderId ?? "";
            row[6] = i.OriginalPayerClaimNumber ?? "";
            row[7] = i.ClaimId ?? "";
            row[8] = Money(i.OriginalPaidAmount);
            row[9] = i.OriginalRemittanceTrace ?? "";
            row[10] = i.RemittanceTrace ?? "";
            row[11] = Date(i.FoundDate);
            row[12] = i.PlbReasonCode ?? "";
            row[13] = i.PlbReference ?? "";
            row[14] = i.AgeDays?.ToString(CultureInfo.InvariantCulture) ?? "";
            row[15] = Date(i.AppealDeadline);
            row[16] = i.DaysToDeadline?.ToString(CultureInfo.InvariantCulture) ?? "";
            row[17] = Money(i.Amount);
            row[18] = Money(i.Outstanding);
            row[19] = i.RootCause.ToString();
            row[20] = string.Join(';', i.CarcCodes);
            row[21] = i.Detail;
            row[22] = i.EventId;
            csv.WriteRecord(row);
        }
        Totals(csv, "total", [report.Overall]);
        Totals(csv, "payer", report.ByPayer);
        Totals(csv, "root_cause", report.ByRootCause);
        Totals(csv, "carc", report.ByCarc);
        Totals(csv, "provider", report.ByProvider);
        Totals(csv, "month", report.ByMonth);
        csv.Flush();
    }

    private static void Totals(CsvWriter csv, string section, IReadOnlyList<ReportTotals> rows)
    {
        foreach (var t in rows)
        {
            var row = new string[Columns.Count];
            Array.Fill(row, "");
            row[0] = section;
            row[1] = t.Key;
            var c = WorklistColumns;
            row[c++] = t.Recouped.Count.ToString(CultureInfo.InvariantCulture);
            row[c++] = Money(t.Recouped.Amount);
            row[c++] = Money(t.Collected.Amount);
            row[c++] = Money(t.Refunded.Amount);
            row[c++] = t.OpenReceivables.Count.ToString(CultureInfo.InvariantCulture);
            row[c++] = Money(t.OpenReceivables.Amount);
            row[c++] = t.Unmatched.Count.ToString(CultureInfo.InvariantCulture);
            row[c] = Money(t.Unmatched.Amount);
            csv.WriteRecord(row);
        }
    }

    private static string Money(decimal? amount) => amount?.ToString("0.00", CultureInfo.InvariantCulture) ?? "";

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
