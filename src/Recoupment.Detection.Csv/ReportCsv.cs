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
            FillWorklist((column, value) => Set(row, column, value), i);
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

    /// <summary>The columns of <see cref="WriteCases"/>: case id and status, then the worklist columns, then the case's note and last change.</summary>
    public static IReadOnlyList<string> CaseColumns { get; } =
        ["case_id", "status", .. Columns.Skip(2).Take(Index["event_id"] - 1), "case_note", "changed_at", "changed_by"];

    /// <summary>Writes cases (worklist items with their status) as CSV: one row per case, columns <see cref="CaseColumns"/>.</summary>
    public static void WriteCases(IEnumerable<WorklistItem> cases, TextWriter writer, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(writer);
        var index = CaseColumns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen);
        csv.WriteHeader([.. CaseColumns]);
        foreach (var i in cases)
        {
            var row = new string[CaseColumns.Count];
            Array.Fill(row, "");
            void Put(string column, string? value) => row[index[column]] = value ?? "";
            Put("case_id", i.CaseId);
            Put("status", CaseStatuses.Name(i.CaseStatus));
            FillWorklist(Put, i);
            Put("case_note", i.CaseNote);
            Put("changed_at", i.CaseChangedAt?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            Put("changed_by", i.CaseChangedBy);
            csv.WriteRecord(row);
        }
        csv.Flush();
    }

    private static void FillWorklist(Action<string, string?> set, WorklistItem i)
    {
        set("item", i.KindInWords.ToLowerInvariant().Replace(' ', '_'));
        set("payer_id", i.PayerId);
        set("payer_name", i.PayerName);
        set("payee_id", i.PayeeId);
        set("provider_id", i.ProviderId);
        set("provider_name", i.ProviderName);
        set("patient_account", i.PatientAccount);
        set("service_date", Date(i.ServiceDate));
        set("original_payer_claim_number", i.OriginalPayerClaimNumber);
        set("claim_id", i.ClaimId);
        set("original_paid_amount", Money(i.OriginalPaidAmount));
        set("original_remittance_trace", i.OriginalRemittanceTrace);
        set("remittance_trace", i.RemittanceTrace);
        set("found_date", Date(i.FoundDate));
        set("plb_reason_code", i.PlbReasonCode);
        set("plb_reference", i.PlbReference);
        set("age_days", i.AgeDays?.ToString(CultureInfo.InvariantCulture));
        set("appeal_deadline", Date(i.AppealDeadline));
        set("days_to_deadline", i.DaysToDeadline?.ToString(CultureInfo.InvariantCulture));
        set("amount", Money(i.Amount));
        set("outstanding", Money(i.Outstanding));
        set("root_cause", i.RootCause.ToString());
        set("carc_codes", string.Join(';', i.CarcCodes));
        set("detail", i.Detail);
        set("event_id", i.EventId);
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
