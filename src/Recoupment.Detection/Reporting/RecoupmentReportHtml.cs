using System.Globalization;
using System.Net;
using System.Text;
using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Reporting;

/// <summary>
/// Renders a <see cref="RecoupmentReport"/> as one self-contained HTML file: inline CSS and inline SVG charts
/// (recouped per month by payer, recouped by root cause, the appeal-deadline calendar), the worklist and the totals.
/// No scripts, fonts, images or links to anything outside the file; every value is HTML-encoded.
/// </summary>
public static class RecoupmentReportHtml
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // Colour-blind-friendly categorical palette (Tableau 10); the tenth colour is for "other payers".
    private static readonly string[] Palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
    private const int MaxChartPayers = 9;
    private const int MaxCalendarMonths = 12;
    private const int SoonDays = 30;

    private const string Css = """
        :root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --band: #f5f7fa; --overdue: #c53030; --soon: #dd6b20; --later: #2b6cb0; }
        * { box-sizing: border-box; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); margin: 24px; line-height: 1.4; font-size: 14px; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 14px; margin: 16px 0 6px; }
        p.meta { color: var(--muted); margin: 0 0 12px; }
        .figures { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
        .figure { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 150px; background: var(--band); }
        .figure .label { color: var(--muted); font-size: 12px; }
        .figure .value { font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; }
        table { border-collapse: collapse; margin: 4px 0 12px; font-size: 13px; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: var(--band); font-weight: 600; position: sticky; top: 0; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
        tr.overdue td.deadline { color: var(--overdue); font-weight: 600; }
        tr.soon td.deadline { color: var(--soon); font-weight: 600; }
        .charts { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
        .calendar { display: flex; flex-wrap: wrap; gap: 16px; }
        .legend { display: flex; flex-wrap: wrap; gap: 12px; font-size: 12px; color: var(--muted); margin: 4px 0; }
        .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
        svg text { font-family: inherit; }
        footer { margin-top: 28px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
        footer p { margin: 4px 0; }
        .empty { color: var(--muted); font-style: italic; }
        """;

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
        var h = new StringBuilder(64 * 1024);
        var title = $"Recoupment worklist as of {Date(report.AsOf)}";
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append("</title>\n<style>\n").Append(Css).Append("\n</style>\n</head>\n<body>\n");

        h.Append("<h1>").Append(E(title)).Append("</h1>\n<p class=\"meta\">").Append(E(Meta(report))).Append("</p>\n");
        Figures(h, report);

        h.Append("<h2>Worklist: open receivables and unmatched recoveries, soonest appeal deadline first</h2>\n");
        Worklist(h, report);

        h.Append("<h2>Charts</h2>\n<div class=\"charts\">\n");
        h.Append("<div>\n<h3>Recouped per month, by payer</h3>\n");
        MonthlyByPayerChart(h, report);
        h.Append("</div>\n<div>\n<h3>Recouped by root cause</h3>\n");
        RootCauseChart(h, report);
        h.Append("</div>\n</div>\n");

        h.Append("<h2>Appeal deadline calendar</h2>\n");
        DeadlineCalendar(h, report);

        h.Append("<h2>Totals</h2>\n");
        Totals(h, "By payer", "Payer", report.ByPayer);
        Totals(h, "By root cause", "Root cause", report.ByRootCause);
        Totals(h, "By CARC", "CARC", report.ByCarc);
        Totals(h, "By provider", "Provider", report.ByProvider);
        Totals(h, "By month", "Month", report.ByMonth);

        h.Append("<footer>\n");
        foreach (var definition in RecoupmentReport.Definitions) h.Append("<p>").Append(E(definition)).Append("</p>\n");
        h.Append("</footer>\n</body>\n</html>\n");
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
        Figure(h, "Appeal deadline passed", overdue);
        Figure(h, $"Appeal deadline within {SoonDays} days", soon);
        Figure(h, "Recouped", r.Overall.Recouped);
        Figure(h, "Collected", r.Overall.Collected);
        Figure(h, "Refunded", r.Overall.Refunded);
        Figure(h, "Reversals awaiting a correction", r.PendingReversals);
        h.Append("</div>\n");
    }

    private static void Figure(StringBuilder h, string label, ReportTally tally) =>
        h.Append("<div class=\"figure\"><div class=\"label\">").Append(E(label)).Append(" (").Append(tally.Count.ToString("N0", Invariant))
            .Append(")</div><div class=\"value\">").Append(E(Money(tally.Amount))).Append("</div></div>\n");

    private static void Worklist(StringBuilder h, RecoupmentReport r)
    {
        if (r.Worklist.Count == 0)
        {
            h.Append("<p class=\"empty\">Nothing open: no receivable is owed and no recovery is unmatched.</p>\n");
            return;
        }
        h.Append("<table>\n<thead><tr><th>Appeal by</th><th class=\"num\">Days left</th><th>Item</th><th>Payer</th><th>Provider</th><th>Original claim (ICN)</th>")
            .Append("<th>Claim (CLP01)</th><th>PLB</th><th>Found</th><th>Remittance</th><th class=\"num\">Age (days)</th><th class=\"num\">Amount</th>")
            .Append("<th class=\"num\">Outstanding</th><th>Root cause</th><th>CARCs</th><th>Detail</th></tr></thead>\n<tbody>\n");
        foreach (var i in r.Worklist)
        {
            var rowClass = i.IsOverdue ? " class=\"overdue\"" : i.DaysToDeadline is >= 0 and <= SoonDays ? " class=\"soon\"" : "";
            h.Append("<tr").Append(rowClass).Append('>');
            Cell(h, i.AppealDeadline is { } d ? Date(d) : "-", "date deadline");
            Cell(h, i.DaysToDeadline?.ToString(Invariant) ?? "-", "num");
            Cell(h, i.Kind == WorklistItemKind.OpenReceivable ? "Open receivable" : "Unmatched recovery");
            Cell(h, i.PayerId);
            Cell(h, i.ProviderId ?? "-");
            Cell(h, i.OriginalPayerClaimNumber ?? "-");
            Cell(h, i.ClaimId ?? "-");
            Cell(h, i.PlbReasonCode is null ? "-" : $"{i.PlbReasonCode} {i.PlbReference}".TrimEnd());
            Cell(h, i.FoundDate is { } f ? Date(f) : "-", "date");
            Cell(h, i.RemittanceTrace ?? "-");
            Cell(h, i.AgeDays?.ToString(Invariant) ?? "-", "num");
            Cell(h, Money(i.Amount), "num");
            Cell(h, Money(i.Outstanding), "num");
            Cell(h, i.RootCause.ToString());
            Cell(h, i.CarcCodes.Count == 0 ? "-" : string.Join(' ', i.CarcCodes));
            Cell(h, i.Detail);
            h.Append("</tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }

    private static void Totals(StringBuilder h, string heading, string keyName, IReadOnlyList<ReportTotals> rows)
    {
        h.Append("<h3>").Append(E(heading)).Append("</h3>\n");
        if (rows.Count == 0)
        {
            h.Append("<p class=\"empty\">No money recouped, collected, refunded or open.</p>\n");
            return;
        }
        h.Append("<table>\n<thead><tr><th>").Append(E(keyName)).Append("</th><th class=\"num\">Recoupments</th><th class=\"num\">Recouped</th>")
            .Append("<th class=\"num\">Collected</th><th class=\"num\">Refunded</th><th class=\"num\">Open receivables</th><th class=\"num\">Owed</th>")
            .Append("<th class=\"num\">Unmatched</th><th class=\"num\">Unmatched amount</th></tr></thead>\n<tbody>\n");
        foreach (var t in rows)
        {
            h.Append("<tr>");
            Cell(h, t.Key);
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

    // ---- Charts ------------------------------------------------------------------------------------------------

    private static void MonthlyByPayerChart(StringBuilder h, RecoupmentReport r)
    {
        var series = r.RecoupedByMonthAndPayer;
        if (series.All(s => s.Recouped.Amount == 0))
        {
            h.Append("<p class=\"empty\">Nothing recouped.</p>\n");
            return;
        }
        // The largest payers get their own colour; the rest are stacked together as "Other payers".
        var payers = series.GroupBy(s => s.PayerId).OrderByDescending(g => g.Sum(s => s.Recouped.Amount)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).ToList();
        var shown = payers.Count <= MaxChartPayers + 1 ? payers : payers.Take(MaxChartPayers).ToList();
        const string other = "Other payers";
        string Band(string payer) => shown.Contains(payer) ? payer : other;
        var bands = shown.Concat(payers.Count > shown.Count ? [other] : []).ToList();
        var months = series.Select(s => s.Month).Distinct().ToList();
        var stacks = months.Select(m => bands.Select(b => series.Where(s => s.Month == m && Band(s.PayerId) == b).Sum(s => s.Recouped.Amount)).ToArray()).ToList();
        var top = NiceCeiling(stacks.Max(s => s.Sum()));

        const int left = 72, right = 12, topPad = 12, plot = 200, bottom = 40, barWidth = 30, gap = 26;
        var width = Math.Max(320, left + right + months.Count * (barWidth + gap));
        var height = topPad + plot + bottom;
        h.Append(Invariant, $"<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Recouped per month, by payer\">\n");
        Axis(h, left, topPad, plot, width - right, top);
        for (var m = 0; m < months.Count; m++)
        {
            var x = left + gap / 2 + m * (barWidth + gap);
            var y = (double)(topPad + plot);
            for (var b = 0; b < bands.Count; b++)
            {
                var amount = stacks[m][b];
                if (amount <= 0) continue;
                var barHeight = (double)(amount / top) * plot;
                y -= barHeight;
                h.Append(Invariant, $"<rect x=\"{x}\" y=\"{y:0.##}\" width=\"{barWidth}\" height=\"{barHeight:0.##}\" fill=\"{Palette[b % Palette.Length]}\">")
                    .Append("<title>").Append(E($"{months[m]} {bands[b]}: {Money(amount)} recouped")).Append("</title></rect>\n");
            }
            h.Append(Invariant, $"<text x=\"{x + barWidth / 2}\" y=\"{topPad + plot + 16}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#616e7c\">")
                .Append(E(months[m])).Append("</text>\n");
        }
        h.Append("</svg>\n<div class=\"legend\">");
        for (var b = 0; b < bands.Count; b++)
        {
            h.Append("<span><span class=\"swatch\" style=\"background:").Append(Palette[b % Palette.Length]).Append("\"></span>").Append(E(bands[b])).Append("</span>");
        }
        h.Append("</div>\n");
    }

    private static void RootCauseChart(StringBuilder h, RecoupmentReport r)
    {
        var rows = r.ByRootCause.Where(t => t.Recouped.Amount > 0).ToList();
        if (rows.Count == 0)
        {
            h.Append("<p class=\"empty\">Nothing recouped.</p>\n");
            return;
        }
        var top = rows.Max(t => t.Recouped.Amount);
        const int labelWidth = 170, barMax = 260, valueWidth = 170, rowHeight = 24;
        var width = labelWidth + barMax + valueWidth;
        var height = rows.Count * rowHeight + 8;
        h.Append(Invariant, $"<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Recouped by root cause\">\n");
        for (var i = 0; i < rows.Count; i++)
        {
            var t = rows[i];
            var y = 4 + i * rowHeight;
            var barWidth = Math.Max(1, (double)(t.Recouped.Amount / top) * barMax);
            h.Append(Invariant, $"<text x=\"{labelWidth - 8}\" y=\"{y + 16}\" font-size=\"12\" text-anchor=\"end\" fill=\"#1f2933\">").Append(E(t.Key)).Append("</text>\n");
            h.Append(Invariant, $"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{barWidth:0.##}\" height=\"{rowHeight - 8}\" fill=\"{Palette[0]}\">")
                .Append("<title>").Append(E($"{t.Key}: {Money(t.Recouped.Amount)} in {Count(t.Recouped.Count, "recoupment")}")).Append("</title></rect>\n");
            h.Append(Invariant, $"<text x=\"{labelWidth + barWidth + 6:0.##}\" y=\"{y + 16}\" font-size=\"12\" fill=\"#616e7c\">")
                .Append(E($"{Money(t.Recouped.Amount)} ({t.Recouped.Count.ToString("N0", Invariant)})")).Append("</text>\n");
        }
        h.Append("</svg>\n");
    }

    private static void DeadlineCalendar(StringBuilder h, RecoupmentReport r)
    {
        if (r.Deadlines.Count == 0)
        {
            h.Append("<p class=\"empty\">No appeal deadline on the worklist.</p>\n");
            return;
        }
        var months = r.Deadlines.Select(d => new DateOnly(d.Date.Year, d.Date.Month, 1)).Distinct().ToList();
        var byDay = r.Deadlines.ToDictionary(d => d.Date, d => d.Items);
        h.Append("<div class=\"legend\">")
            .Append("<span><span class=\"swatch\" style=\"background:#c53030\"></span>deadline passed</span>")
            .Append(Invariant, $"<span><span class=\"swatch\" style=\"background:#dd6b20\"></span>within {SoonDays} days</span>")
            .Append("<span><span class=\"swatch\" style=\"background:#2b6cb0\"></span>later</span>")
            .Append("<span>Each day: items due (amount outstanding). The outlined day is the as-of date.</span></div>\n");
        h.Append("<div class=\"calendar\">\n");
        foreach (var month in months.Take(MaxCalendarMonths)) MonthGrid(h, month, byDay, r.AsOf);
        h.Append("</div>\n");
        if (months.Count > MaxCalendarMonths)
        {
            var rest = r.Deadlines.Where(d => new DateOnly(d.Date.Year, d.Date.Month, 1) > months[MaxCalendarMonths - 1])
                .Aggregate(default(ReportTally), (t, d) => new ReportTally(t.Count + d.Items.Count, t.Amount + d.Items.Amount));
            h.Append("<p class=\"meta\">").Append(E($"{Count(rest.Count, "more item")} ({Money(rest.Amount)}) due after {months[MaxCalendarMonths - 1]:yyyy-MM}; see the worklist.")).Append("</p>\n");
        }
    }

    private static void MonthGrid(StringBuilder h, DateOnly month, Dictionary<DateOnly, ReportTally> byDay, DateOnly asOf)
    {
        const int cell = 58, cellHeight = 42, header = 40;
        var offset = ((int)month.DayOfWeek + 6) % 7; // Monday first
        var days = DateTime.DaysInMonth(month.Year, month.Month);
        var weeks = (offset + days + 6) / 7;
        var width = cell * 7 + 2;
        var height = header + weeks * cellHeight + 2;
        var name = month.ToString("MMMM yyyy", Invariant);
        var due = Enumerable.Range(1, days).Select(d => byDay.GetValueOrDefault(new DateOnly(month.Year, month.Month, d)))
            .Aggregate(default(ReportTally), (t, x) => new ReportTally(t.Count + x.Count, t.Amount + x.Amount));
        h.Append(Invariant, $"<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{E(name)}\">\n");
        h.Append("<text x=\"1\" y=\"14\" font-size=\"13\" font-weight=\"600\" fill=\"#1f2933\">")
            .Append(E($"{name}: {Count(due.Count, "item")}, {Money(due.Amount)}")).Append("</text>\n");
        string[] weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        for (var i = 0; i < 7; i++)
        {
            h.Append(Invariant, $"<text x=\"{1 + i * cell + cell / 2}\" y=\"{header - 6}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#616e7c\">{weekdays[i]}</text>\n");
        }
        for (var d = 1; d <= days; d++)
        {
            var date = new DateOnly(month.Year, month.Month, d);
            var slot = offset + d - 1;
            var x = 1 + slot % 7 * cell;
            var y = header + slot / 7 * cellHeight;
            var items = byDay.GetValueOrDefault(date);
            var fill = items.Count == 0 ? "#ffffff" : date < asOf ? "#c53030" : date.DayNumber - asOf.DayNumber <= SoonDays ? "#dd6b20" : "#2b6cb0";
            var stroke = date == asOf ? " stroke=\"#1f2933\" stroke-width=\"2\"" : " stroke=\"#d9e2ec\"";
            h.Append(Invariant, $"<rect x=\"{x}\" y=\"{y}\" width=\"{cell}\" height=\"{cellHeight}\" fill=\"{fill}\"{stroke}>");
            h.Append("<title>").Append(E(items.Count == 0
                ? Date(date)
                : $"{Date(date)}: {Count(items.Count, "item")} due, {Money(items.Amount)} outstanding")).Append("</title></rect>\n");
            var ink = items.Count == 0 ? "#616e7c" : "#ffffff";
            h.Append(Invariant, $"<text x=\"{x + 4}\" y=\"{y + 12}\" font-size=\"10\" fill=\"{ink}\">{d}</text>\n");
            if (items.Count > 0)
            {
                h.Append(Invariant, $"<text x=\"{x + cell - 4}\" y=\"{y + 14}\" font-size=\"12\" font-weight=\"600\" text-anchor=\"end\" fill=\"{ink}\">{items.Count}</text>\n");
                h.Append(Invariant, $"<text x=\"{x + cell / 2}\" y=\"{y + 34}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{ink}\">").Append(E(Compact(items.Amount))).Append("</text>\n");
            }
        }
        h.Append("</svg>\n");
    }

    private static void Axis(StringBuilder h, int left, int top, int plot, int right, decimal max)
    {
        for (var i = 0; i <= 4; i++)
        {
            var value = max * i / 4;
            var y = top + plot - plot * i / 4;
            h.Append(Invariant, $"<line x1=\"{left}\" y1=\"{y}\" x2=\"{right}\" y2=\"{y}\" stroke=\"{(i == 0 ? "#9aa5b1" : "#e4e7eb")}\"/>\n");
            h.Append(Invariant, $"<text x=\"{left - 6}\" y=\"{y + 4}\" font-size=\"11\" text-anchor=\"end\" fill=\"#616e7c\">").Append(E(Compact(value))).Append("</text>\n");
        }
    }

    /// <summary>1, 2, 2.5 or 5 times a power of ten, at least <paramref name="value"/>: a round top for an axis.</summary>
    private static decimal NiceCeiling(decimal value)
    {
        if (value <= 0) return 1;
        var magnitude = 1m;
        while (magnitude * 10 <= value) magnitude *= 10;
        while (magnitude > value) magnitude /= 10;
        foreach (var step in new[] { 1m, 2m, 2.5m, 5m, 10m })
        {
            if (step * magnitude >= value) return step * magnitude;
        }
        return 10 * magnitude;
    }

    private static string Compact(decimal amount) => amount switch
    {
        >= 1_000_000 => (amount / 1_000_000).ToString("0.#", Invariant) + "M",
        >= 10_000 => (amount / 1_000).ToString("0", Invariant) + "k",
        >= 1_000 => (amount / 1_000).ToString("0.#", Invariant) + "k",
        _ => amount.ToString("0", Invariant),
    };

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
