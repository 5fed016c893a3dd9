using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Recoupment.Detection.Cases;

namespace Recoupment.Detection.Reporting;

/// <summary>
/// Renders a <see cref="RecoupmentReport"/> as one self-contained HTML file: the summary figures and the inline SVG
/// charts first (recouped per month by payer, recouped by root cause, the appeal-deadline calendar), then the worklist,
/// then the totals. The worklist is sortable on every column, searchable, filterable by payer, provider, root cause, case
/// status and deadline, can be grouped by payer and is paged, by a small inline script over the rows embedded as JSON (fast at
/// 10,000 rows and more: only one page is in the DOM). Printed, it is a landscape document whose worklist repeats its
/// header row on every page. Nothing is loaded from outside the file (no links, fonts, images or remote scripts); every
/// value is HTML-encoded, and JSON-escaped inside the script.
/// </summary>
public static partial class RecoupmentReportHtml
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // Colour-blind-friendly categorical palette (Tableau 10); the tenth colour is for "other payers".
    private static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
    private const int MaxChartPayers = 9;
    private const int MaxCalendarMonths = 6;
    private const int SoonDays = 30;

    /// <summary>The worklist rows the page shows at first (the reader can choose 25 to 1,000, or all when printing).</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The report as one HTML document.</summary>
    public static string Render(RecoupmentReport report)
    {
        using var writer = new StringWriter(Invariant);
        Write(report, writer);
        return writer.ToString();
    }

    /// <summary>Writes the report as one HTML document.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">Where the HTML goes (written as UTF-8 by the caller).</param>
    public static void Write(RecoupmentReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var h = new StringBuilder(64 * 1024 + report.Worklist.Count * 400);
        var title = $"Recoupment worklist as of {Date(report.AsOf)}";
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n<style>\n").Append(Css).Append("\n</style>\n</head>\n<body>\n");

        h.Append("<header>\n<h1>").Append(E(title)).Append("</h1>\n<p class=\"meta\">").Append(E(Meta(report))).Append("</p>\n</header>\n");
        h.Append("<section id=\"summary\">\n<h2>Summary</h2>\n");
        Figures(h, report);
        h.Append("<div class=\"charts\">\n<div class=\"chart\">\n<h3>Recouped per month, by payer</h3>\n");
        MonthlyByPayerChart(h, report);
        h.Append("</div>\n<div class=\"chart\">\n<h3>Recouped by root cause</h3>\n");
        RootCauseChart(h, report);
        h.Append("</div>\n</div>\n");
        h.Append("<h3>Appeal deadline calendar</h3>\n");
        DeadlineCalendar(h, report);
        h.Append("</section>\n");

        h.Append("<section id=\"worklist-section\">\n<h2>Worklist: open receivables, unmatched recoveries and recoupments to appeal</h2>\n");
        Worklist(h, report);
        h.Append("</section>\n");

        h.Append("<section id=\"totals\">\n<h2>Totals</h2>\n");
        Totals(h, "By payer", "Payer", report.ByPayer);
        Totals(h, "By root cause", "Root cause", report.ByRootCause);
        Totals(h, "By CARC", "CARC", report.ByCarc);
        Totals(h, "By provider", "Provider", report.ByProvider);
        Totals(h, "By month", "Month", report.ByMonth);
        Totals(h, "By procedure (SVC01 with modifiers)", "Procedure", report.ByProcedure);
        Totals(h, "By rendering provider (NM1*82)", "Rendering provider", report.ByRenderingProvider);
        h.Append("</section>\n");

        h.Append("<section id=\"patterns\">\n<h2>Repeat patterns</h2>\n");
        Patterns(h, report);
        h.Append("</section>\n");

        h.Append("<section id=\"outcomes\">\n<h2>Outcomes</h2>\n");
        Outcomes(h, report.Outcomes);
        h.Append("</section>\n");

        h.Append("<footer>\n");
        foreach (var definition in RecoupmentReport.Definitions) h.Append("<p>").Append(E(definition)).Append("</p>\n");
        h.Append("</footer>\n");
        if (report.Worklist.Count > 0) h.Append("<script>\n").Append(Script).Append("\n</script>\n");
        h.Append("</body>\n</html>\n");
        writer.Write(h.ToString());
    }

    private static string Meta(RecoupmentReport r)
    {
        var parts = new List<string>();
        if (r.Source is not null) parts.Add($"Ledger {r.Source}");
        if (r.Remittances is { } n) parts.Add($"{n.ToString("N0", Invariant)} remittances");
        if (r.FirstPaymentDate is { } first && r.LatestPaymentDate is { } last) parts.Add($"payment dates {Date(first)} to {Date(last)}");
        parts.Add($"{r.EventCount.ToString("N0", Invariant)} events");
        return string.Join("; ", parts) + $". Ages and days left are counted to {Date(r.AsOf)}.";
    }

    private static void Figures(StringBuilder h, RecoupmentReport r)
    {
        var overdue = r.Worklist.Where(i => i.IsOverdue).Aggregate(default(ReportTally), (t, i) => t.Add(i.Outstanding));
        var soon = r.Worklist.Where(i => i.DaysToDeadline is >= 0 and <= SoonDays).Aggregate(default(ReportTally), (t, i) => t.Add(i.Outstanding));
        h.Append("<div class=\"figures\">\n");
        Figure(h, "Open receivables", r.Overall.OpenReceivables);
        Figure(h, "Unmatched in suspense", r.Overall.Unmatched);
        Figure(h, "Appeal deadline passed", overdue, "overdue");
        Figure(h, $"Appeal deadline within {SoonDays} days", soon, "soon");
        Figure(h, "Recouped", r.Overall.Recouped);
        Figure(h, "Collected", r.Overall.Collected);
        Figure(h, "Refunded", r.Overall.Refunded);
        Figure(h, "Reversals awaiting a correction", r.PendingReversals);
        h.Append("</div>\n");
    }

    private static void Figure(StringBuilder h, string label, ReportTally tally, string? cssClass = null) =>
        h.Append(cssClass is null ? "<div class=\"figure\">" : $"<div class=\"figure {cssClass}\">").Append("<div class=\"label\">").Append(E(label))
            .Append(" (").Append(tally.Count.ToString("N0", Invariant)).Append(")</div><div class=\"value\">").Append(E(Money(tally.Amount))).Append("</div></div>\n");

    // ---- Worklist ----------------------------------------------------------------------------------------------

    // The columns shown, in order: the sort key the script uses, the heading, and the width share (percent).
    private static readonly (string Key, string Heading, double Width, bool Numeric)[] WorklistColumns =
    [
        ("deadline", "Appeal by", 7.5, false), ("days", "Days left", 4.5, true), ("kind", "Item", 8.5, false), ("payer", "Payer", 10.5, false),
        ("provider", "Provider", 10.5, false), ("account", "Patient account (CLP01)", 9, false), ("icn", "Original claim (ICN)", 10, false),
        ("service", "Service date", 7.5, false), ("found", "Found", 7.5, false), ("age", "Age (days)", 4, true), ("amount", "Amount", 6.5, true),
        ("outstanding", "Outstanding", 7.5, true), ("cause", "Root cause", 6.5, false),
    ];

    private static void Worklist(StringBuilder h, RecoupmentReport r)
    {
        if (r.Worklist.Count == 0)
        {
            h.Append("<p class=\"empty\">Nothing open: no receivable is owed, no recovery is unmatched and no recoupment waits for a decision.</p>\n");
            return;
        }
        h.Append("<p class=\"meta\">Soonest appeal deadline first. Click a heading to sort (again to reverse), a row for its details. ")
            .Append("Printing prints every row that the filters keep.</p>\n");
        h.Append("<noscript><p class=\"empty\">The worklist needs scripts to show its ").Append(r.Worklist.Count.ToString("N0", Invariant))
            .Append(" rows; recoup report --format csv or --format xlsx gives the same rows.</p></noscript>\n");

        h.Append("<form class=\"controls\" role=\"search\" onsubmit=\"return false\">\n")
            .Append("<label>Search <input type=\"search\" id=\"wl-search\" placeholder=\"Account, ICN, name, reference, CARC\" autocomplete=\"off\"></label>\n");
        Select(h, "wl-payer", "Payer", "All payers", r.Worklist.GroupBy(i => i.PayerId).Select(g => (g.Key, Label(g.First().PayerName, g.Key))));
        Select(h, "wl-provider", "Provider", "All providers",
            r.Worklist.Where(i => i.ProviderId is not null).GroupBy(i => i.ProviderId!).Select(g => (g.Key, Label(g.First().ProviderName, g.Key))));
        Select(h, "wl-cause", "Root cause", "All causes", r.Worklist.Select(i => i.RootCause).Distinct().Select(c => (c.ToString(), Words(c.ToString()))));
        Select(h, "wl-case", "Case status", "All statuses",
            r.Worklist.Select(i => i.CaseStatus).Distinct().Select(s => (CaseStatuses.Name(s), CaseStatuses.Name(s).Replace('_', ' '))));
        h.Append("<label>Deadline within (days) <input type=\"number\" id=\"wl-days\" min=\"0\" step=\"1\" inputmode=\"numeric\" ")
            .Append("title=\"Items due in at most this many days from the as-of date; passed deadlines included\"></label>\n")
            .Append("<label class=\"check\"><input type=\"checkbox\" id=\"wl-group\"> Group by payer</label>\n")
            .Append("<label>Rows per page <select id=\"wl-size\">");
        foreach (var size in new[] { 25, 50, DefaultPageSize, 250, 1000 })
        {
            h.Append(Invariant, $"<option value=\"{size}\"{(size == DefaultPageSize ? " selected" : "")}>{size:N0}</option>");
        }
        h.Append("</select></label>\n</form>\n");
        h.Append("<p id=\"wl-status\" class=\"status\" aria-live=\"polite\"></p>\n");

        h.Append("<table id=\"worklist\" class=\"worklist\">\n<colgroup><col class=\"c-toggle\">");
        foreach (var c in WorklistColumns) h.Append(Invariant, $"<col style=\"width:{c.Width:0.#}%\">");
        h.Append("</colgroup>\n<thead><tr><th class=\"toggle\" scope=\"col\"><span class=\"sr\">Details</span></th>");
        foreach (var c in WorklistColumns)
        {
            // Plain text in the heading (no button element): Chromium paints a printed table's repeated header rows without buttons.
            h.Append("<th scope=\"col\"").Append(c.Numeric ? " class=\"num sortable\"" : " class=\"sortable\"")
                .Append(" aria-sort=\"none\" tabindex=\"0\" title=\"Sort\" data-sort=\"").Append(c.Key).Append("\">").Append(E(c.Heading)).Append("</th>");
        }
        h.Append("</tr></thead>\n<tbody id=\"wl-body\"></tbody>\n</table>\n");
        h.Append("<nav class=\"pager\" aria-label=\"Worklist pages\"><button type=\"button\" id=\"wl-prev\">Previous</button> ")
            .Append("<span id=\"wl-page\"></span> <button type=\"button\" id=\"wl-next\">Next</button></nav>\n");
        h.Append("<script type=\"application/json\" id=\"worklist-data\">");
        WorklistJson(h, r);
        h.Append("</script>\n");
    }

    private static void Select(StringBuilder h, string id, string label, string all, IEnumerable<(string Value, string Text)> options)
    {
        h.Append("<label>").Append(E(label)).Append(" <select id=\"").Append(id).Append("\"><option value=\"\">").Append(E(all)).Append("</option>");
        foreach (var (value, text) in options.OrderBy(o => o.Text, StringComparer.OrdinalIgnoreCase).ThenBy(o => o.Value, StringComparer.Ordinal))
        {
            h.Append("<option value=\"").Append(E(value)).Append("\">").Append(E(text)).Append("</option>");
        }
        h.Append("</select></label>\n");
    }

    private static string Label(string? name, string id) => name is null ? id : $"{name} ({id})";

    // "Coordination of benefits" (the script does the same for the rows).
    private static string Words(string name) => RecoupmentReport.CauseInWords(name);

    /// <summary>
    /// The rows as a JSON array of arrays (the script's column order). The default encoder escapes &lt;, &gt;, &amp; and
    /// quotes as \uXXXX, so no value can end the script element.
    /// </summary>
    private static void WorklistJson(StringBuilder h, RecoupmentReport r)
    {
        using var buffer = new MemoryStream(r.Worklist.Count * 400 + 64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("asOf", Date(r.AsOf));
            json.WriteNumber("soonDays", SoonDays);
            json.WriteNumber("pageSize", DefaultPageSize);
            json.WriteStartArray("rows");
            foreach (var i in r.Worklist)
            {
                json.WriteStartArray();
                String(json, i.AppealDeadline is { } d ? Date(d) : null);
                Number(json, i.DaysToDeadline);
                json.WriteStringValue(i.KindInWords);
                String(json, i.PayerName);
                json.WriteStringValue(i.PayerId);
                String(json, i.ProviderName);
                String(json, i.ProviderId);
                String(json, i.PatientAccount);
                String(json, i.ServiceDate is { } s ? Date(s) : null);
                String(json, i.OriginalPayerClaimNumber);
                if (i.OriginalPaidAmount is { } paid) json.WriteNumberValue(paid); else json.WriteNullValue();
                String(json, i.FoundDate is { } f ? Date(f) : null);
                Number(json, i.AgeDays);
                json.WriteNumberValue(i.Amount);
                json.WriteNumberValue(i.Outstanding);
                json.WriteStringValue(i.RootCause.ToString());
                String(json, i.CarcCodes.Count == 0 ? null : string.Join(' ', i.CarcCodes));
                String(json, i.PlbReasonCode);
                String(json, i.PlbReference);
                String(json, i.RemittanceTrace);
                String(json, i.OriginalRemittanceTrace);
                json.WriteStringValue(i.PayeeId);
                json.WriteStringValue(i.Detail);
                json.WriteStringValue(i.EventId);
                json.WriteStringValue(i.IsOverdue ? "overdue" : i.DaysToDeadline is >= 0 and <= SoonDays ? "soon" : "");
                json.WriteStringValue(i.CaseId);
                json.WriteStringValue(CaseStatuses.Name(i.CaseStatus));
                String(json, i.CaseNote);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        h.Append(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));

        static void String(Utf8JsonWriter json, string? value)
        {
            if (value is null) json.WriteNullValue();
            else json.WriteStringValue(value);
        }

        static void Number(Utf8JsonWriter json, int? value)
        {
            if (value is { } v) json.WriteNumberValue(v);
            else json.WriteNullValue();
        }
    }

    // ---- Patterns and outcomes ---------------------------------------------------------------------------------

    private static void Patterns(StringBuilder h, RecoupmentReport r)
    {
        h.Append(Invariant, $"<p class=\"meta\">The same procedure recouped for the same cause {RecoupmentReport.PatternMinimum} or more times within ")
            .Append(Invariant, $"{RecoupmentReport.PatternWindowDays} days for one provider: the billing or documentation error to fix.</p>\n");
        if (r.RepeatPatterns.Count == 0)
        {
            h.Append("<p class=\"empty\">No repeat pattern.</p>\n");
            return;
        }
        h.Append("<table class=\"totals\">\n<thead><tr><th scope=\"col\">Provider</th><th scope=\"col\">Procedure</th><th scope=\"col\">Cause</th>")
            .Append("<th class=\"num\">Recoupments</th><th class=\"num\">Recouped</th><th scope=\"col\">From</th><th scope=\"col\">To</th><th scope=\"col\">Claims (ICN)</th></tr></thead>\n<tbody>\n");
        foreach (var p in r.RepeatPatterns)
        {
            h.Append("<tr><td>").Append(E(Label(p.ProviderName, p.ProviderId))).Append("</td><td>").Append(E(p.Procedure)).Append("</td><td>").Append(E(p.Cause))
                .Append("</td><td class=\"num\">").Append(p.Recouped.Count.ToString("N0", Invariant)).Append("</td><td class=\"num\">").Append(E(Money(p.Recouped.Amount)))
                .Append("</td><td>").Append(Date(p.First)).Append("</td><td>").Append(Date(p.Last)).Append("</td><td>")
                .Append(E(string.Join(", ", p.Claims.Select(c => c.PayerClaimNumber ?? c.ClaimId ?? "-")))).Append("</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }

    private static void Outcomes(StringBuilder h, ReportOutcomes o)
    {
        h.Append("<h3>Cases by status</h3>\n<table class=\"totals\">\n<thead><tr><th scope=\"col\">Status</th><th class=\"num\">Cases</th><th class=\"num\">Amount</th></tr></thead>\n<tbody>\n");
        foreach (var s in o.ByStatus)
        {
            h.Append("<tr><td>").Append(E(CaseStatuses.Name(s.Status).Replace('_', ' '))).Append("</td><td class=\"num\">").Append(s.Cases.Count.ToString("N0", Invariant))
                .Append("</td><td class=\"num\">").Append(E(Money(s.Cases.Amount))).Append("</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
        h.Append("<p>Recovered by won appeals and disputes: ").Append(o.RecoveredByWonAppeals.Count.ToString("N0", Invariant)).Append(" cases, ")
            .Append(E(Money(o.RecoveredByWonAppeals.Amount))).Append(".</p>\n");
        Appeals(h, "Appeal win rate by payer", "Payer", o.AppealsByPayer.Select(a => a with { Key = Label(a.Name, a.Key) }).ToList());
        Appeals(h, "Appeal win rate by root cause", "Root cause", o.AppealsByRootCause.Select(a => a with { Key = Words(a.Key) }).ToList());
    }

    private static void Appeals(StringBuilder h, string heading, string keyName, IReadOnlyList<AppealResults> rows)
    {
        h.Append("<h3>").Append(E(heading)).Append("</h3>\n");
        if (rows.Count == 0)
        {
            h.Append("<p class=\"empty\">No appeal or dispute decided yet.</p>\n");
            return;
        }
        h.Append("<table class=\"totals\">\n<thead><tr><th scope=\"col\">").Append(E(keyName)).Append("</th><th class=\"num\">Won</th><th class=\"num\">Recovered</th>")
            .Append("<th class=\"num\">Lost</th><th class=\"num\">Win rate</th></tr></thead>\n<tbody>\n");
        foreach (var a in rows)
        {
            h.Append("<tr><td>").Append(E(a.Key)).Append("</td><td class=\"num\">").Append(a.Won.Count.ToString("N0", Invariant)).Append("</td><td class=\"num\">")
                .Append(E(Money(a.Won.Amount))).Append("</td><td class=\"num\">").Append(a.Lost.Count.ToString("N0", Invariant)).Append("</td><td class=\"num\">")
                .Append(a.WinRate is { } rate ? rate.ToString("P0", Invariant) : "-").Append("</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }

    // ---- Totals ------------------------------------------------------------------------------------------------

    private static void Totals(StringBuilder h, string heading, string keyName, IReadOnlyList<ReportTotals> rows)
    {
        h.Append("<h3>").Append(E(heading)).Append("</h3>\n");
        if (rows.Count == 0)
        {
            h.Append("<p class=\"empty\">No money recouped, collected, refunded or open.</p>\n");
            return;
        }
        h.Append("<table class=\"totals\">\n<thead><tr><th scope=\"col\">").Append(E(keyName)).Append("</th><th class=\"num\">Recoupments</th><th class=\"num\">Recouped</th>")
            .Append("<th class=\"num\">Collected</th><th class=\"num\">Refunded</th><th class=\"num\">Open receivables</th><th class=\"num\">Owed</th>")
            .Append("<th class=\"num\">Unmatched</th><th class=\"num\">Unmatched amount</th></tr></thead>\n<tbody>\n");
        foreach (var t in rows)
        {
            h.Append("<tr>");
            if (keyName == "Root cause") Cell(h, Words(t.Key));
            else if (t.Name is null) Cell(h, t.Key);
            else h.Append("<td>").Append(E(t.Name)).Append("<span class=\"sub\">").Append(E(t.Key)).Append("</span></td>");
            Cell(h, t.Recouped.Count.ToString("N0", Invariant), "num");
            Cell(h, Money(t.Recouped.Amount), "num");
            Cell(h, Money(t.Collected.Amount), "num");
            Cell(h, Money(t.Refunded.Amount), "num");
            Cell(h, t.OpenReceivables.Count.ToString("N0", Invariant), "num");
            Cell(h, Money(t.OpenReceivables.Amount), "num");
            Cell(h, t.Unmatched.Count.ToString("N0", Invariant), "num");
            Cell(h, Money(t.Unmatched.Amount), "num");
            h.Append("</tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }

    private static void Cell(StringBuilder h, string value, string? cssClass = null)
    {
        h.Append(cssClass is null ? "<td>" : $"<td class=\"{cssClass}\">").Append(E(value)).Append("</td>");
    }

    private static string Count(int count, string noun) => $"{count.ToString("N0", Invariant)} {noun}{(count == 1 ? "" : "s")}";

    private static string Money(decimal amount) => amount.ToString("N2", Invariant);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    /// <summary>HTML-encodes a value for text and attribute positions (&lt;, &gt;, &amp;, quotes).</summary>
    private static string E(string? value) => WebUtility.HtmlEncode(value ?? "");
}
