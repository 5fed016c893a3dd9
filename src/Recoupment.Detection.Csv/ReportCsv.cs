using System.Globalization;
using CsvHelper;
using Recoupment.Detection.Cases;
using Recoupment.Detection.Reporting;

namespace Recoupment.Detection.Csv;

/// <summary>
/// The recoupment report (<see cref="RecoupmentReport"/>) as one CSV file with CsvHelper: a header row, then the
/// worklist rows (<c>section</c> = <c>worklist</c>, soonest appeal deadline first), then the totals
/// (<c>section</c> = <c>total</c>, <c>payer</c>, <c>root_cause</c>, <c>carc</c>, <c>provider</c>, <c>month</c>, <c>procedure</c>,
/// <c>rendering_provider</c>;
/// <c>group</c> names the payer, cause, code, provider or month, and <c>group_name</c> the payer's or provider's name). Filter on <c>section</c> to get one table.
/// Then the repeat patterns (<c>pattern</c>: <c>group</c> the procedure, <c>group_name</c> the cause, the claims and
/// events separated by ';') and the outcomes (<c>outcome</c> per case status; <c>appeal_payer</c>, <c>appeal_root_cause</c>
/// with won, lost and win rate; <c>appeal_recovered</c>). Worklist rows carry their <c>case_id</c>, <c>case_status</c>
/// and <c>case_note</c>. Worklist columns are empty on totals rows and the other way round. Amounts with two decimals, dates yyyy-MM-dd,
/// CARCs separated by ';', as in the events CSV.
/// </summary>
public static class ReportCsv
{
    /// <summary>The column names, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "section", "group", "item", "payer_id", "payer_name", "payee_id", "provider_id", "provider_name", "patient_account", "service_date",
        "original_payer_claim_number", "claim_id", "original_paid_amount", "original_remittance_trace", "remittance_trace", "found_date",
        "plb_reason_code", "plb_reference", "age_days", "appeal_deadline", "days_to_deadline", "amount", "outstanding", "root_cause", "carc_codes",
        "detail", "event_id",
        "group_name", "recouped_count", "recouped_amount", "collected_amount", "refunded_amount", "open_receivables_count", "open_receivables_amount",
        "unmatched_count", "unmatched_amount",
        "case_id", "case_status", "case_note", "case_count", "case_amount", "won_count", "won_amount", "lost_count", "lost_amount", "win_rate",
    ];

    private static readonly Dictionary<string, int> Index = Columns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);

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
            var row = NewRow("worklist");
            Set(row, "item", i.Kind == WorklistItemKind.OpenReceivable ? "open_receivable" : "unmatched_recovery");
            Set(row, "payer_id", i.PayerId);
            Set(row, "payer_name", i.PayerName);
            Set(row, "payee_id", i.PayeeId);
            Set(row, "provider_id", i.ProviderId);
            Set(row, "provider_name", i.ProviderName);
            Set(row, "patient_account", i.PatientAccount);
            Set(row, "service_date", Date(i.ServiceDate));
            Set(row, "original_payer_claim_number", i.OriginalPayerClaimNumber);
            Set(row, "claim_id", i.ClaimId);
            Set(row, "original_paid_amount", Money(i.OriginalPaidAmount));
            Set(row, "original_remittance_trace", i.OriginalRemittanceTrace);
            Set(row, "remittance_trace", i.RemittanceTrace);
            Set(row, "found_date", Date(i.FoundDate));
            Set(row, "plb_reason_code", i.PlbReasonCode);
            Set(row, "plb_reference", i.PlbReference);
            Set(row, "age_days", i.AgeDays?.ToString(CultureInfo.InvariantCulture));
            Set(row, "appeal_deadline", Date(i.AppealDeadline));
            Set(row, "days_to_deadline", i.DaysToDeadline?.ToString(CultureInfo.InvariantCulture));
            Set(row, "amount", Money(i.Amount));
            Set(row, "outstanding", Money(i.Outstanding));
            Set(row, "root_cause", i.RootCause.ToString());
            Set(row, "carc_codes", string.Join(';', i.CarcCodes));
            Set(row, "detail", i.Detail);
            Set(row, "event_id", i.EventId);
            Set(row, "case_id", i.CaseId);
            Set(row, "case_status", CaseStatuses.Name(i.CaseStatus));
            Set(row, "case_note", i.CaseNote);
            csv.WriteRecord(row);
        }
        Totals(csv, "total", [report.Overall]);
        Totals(csv, "payer", report.ByPayer);
        Totals(csv, "root_cause", report.ByRootCause);
        Totals(csv, "carc", report.ByCarc);
        Totals(csv, "provider", report.ByProvider);
        Totals(csv, "month", report.ByMonth);
        Totals(csv, "procedure", report.ByProcedure);
        Totals(csv, "rendering_provider", report.ByRenderingProvider);
        foreach (var p in report.RepeatPatterns)
        {
            var row = NewRow("pattern");
            Set(row, "group", p.Procedure);
            Set(row, "group_name", p.Cause);
            Set(row, "provider_id", p.ProviderId);
            Set(row, "provider_name", p.ProviderName);
            Set(row, "claim_id", string.Join(';', p.Claims.Select(c => c.ClaimId)));
            Set(row, "original_payer_claim_number", string.Join(';', p.Claims.Select(c => c.PayerClaimNumber)));
            Set(row, "found_date", Date(p.First));
            Set(row, "root_cause", p.RootCause.ToString());
            Set(row, "carc_codes", p.Carc);
            Set(row, "detail", $"{p.Recouped.Count} recoupments from {Date(p.First)} to {Date(p.Last)}");
            Set(row, "event_id", string.Join(';', p.Claims.Select(c => c.EventId)));
            Set(row, "recouped_count", Count(p.Recouped.Count));
            Set(row, "recouped_amount", Money(p.Recouped.Amount));
            csv.WriteRecord(row);
        }
        foreach (var t in report.Outcomes.ByStatus)
        {
            var row = NewRow("outcome");
            Set(row, "group", CaseStatuses.Name(t.Status));
            Set(row, "case_count", Count(t.Cases.Count));
            Set(row, "case_amount", Money(t.Cases.Amount));
            csv.WriteRecord(row);
        }
        Appeals(csv, "appeal_payer", report.Outcomes.AppealsByPayer);
        Appeals(csv, "appeal_root_cause", report.Outcomes.AppealsByRootCause);
        var recovered = NewRow("appeal_recovered");
        Set(recovered, "group", "All");
        Set(recovered, "won_count", Count(report.Outcomes.RecoveredByWonAppeals.Count));
        Set(recovered, "won_amount", Money(report.Outcomes.RecoveredByWonAppeals.Amount));
        csv.WriteRecord(recovered);
        csv.Flush();
    }

    private static string[] NewRow(string section)
    {
        var row = new string[Columns.Count];
        Array.Fill(row, "");
        row[0] = section;
        return row;
    }

    private static void Set(string[] row, string column, string? value) => row[Index[column]] = value ?? "";

    private static void Totals(CsvWriter csv, string section, IReadOnlyList<ReportTotals> rows)
    {
        foreach (var t in rows)
        {
            var row = NewRow(section);
            Set(row, "group", t.Key);
            Set(row, "group_name", t.Name);
            Set(row, "recouped_count", t.Recouped.Count.ToString(CultureInfo.InvariantCulture));
            Set(row, "recouped_amount", Money(t.Recouped.Amount));
            Set(row, "collected_amount", Money(t.Collected.Amount));
            Set(row, "refunded_amount", Money(t.Refunded.Amount));
            Set(row, "open_receivables_count", t.OpenReceivables.Count.ToString(CultureInfo.InvariantCulture));
            Set(row, "open_receivables_amount", Money(t.OpenReceivables.Amount));
            Set(row, "unmatched_count", t.Unmatched.Count.ToString(CultureInfo.InvariantCulture));
            Set(row, "unmatched_amount", Money(t.Unmatched.Amount));
            csv.WriteRecord(row);
        }
    }

    private static void Appeals(CsvWriter csv, string section, IReadOnlyList<AppealResults> rows)
    {
        foreach (var a in rows)
        {
            var row = NewRow(section);
            Set(row, "group", a.Key);
            Set(row, "group_name", a.Name);
            Set(row, "won_count", Count(a.Won.Count));
            Set(row, "won_amount", Money(a.Won.Amount));
            Set(row, "lost_count", Count(a.Lost.Count));
            Set(row, "lost_amount", Money(a.Lost.Amount));
            Set(row, "win_rate", a.WinRate?.ToString("0.0000", CultureInfo.InvariantCulture));
            csv.WriteRecord(row);
        }
    }

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    private static string Money(decimal? amount) => amount?.ToString("0.00", CultureInfo.InvariantCulture) ?? "";

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
