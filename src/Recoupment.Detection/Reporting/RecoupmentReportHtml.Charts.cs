using System.Globalization;
using System.Text;

namespace Recoupment.Detection.Reporting;

/// <summary>The inline SVG charts of the HTML report: recouped per month by payer, by root cause, and the appeal-deadline calendar.</summary>
public static partial class RecoupmentReportHtml
{
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
        var payers = series.GroupBy(s => s.PayerId).OrderByDescending(g => g.Aggregate(0m, (sum, s) => ReportTally.SaturatingAdd(sum, s.Recouped.Amount))).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).ToList();
        var shown = payers.Count <= MaxChartPayers + 1 ? payers : payers.Take(MaxChartPayers).ToList();
        const string other = "Other payers";
        string Band(string payer) => shown.Contains(payer) ? payer : other;
        var bands = shown.Concat(payers.Count > shown.Count ? [other] : []).ToList();
        var months = series.Select(s => s.Month).Distinct().ToList();
        var stacks = months.Select(m => bands.Select(b => series.Where(s => s.Month == m && Band(s.PayerId) == b).Aggregate(0m, (sum, s) => ReportTally.SaturatingAdd(sum, s.Recouped.Amount))).ToArray()).ToList();
        var top = NiceCeiling(stacks.Max(s => s.Aggregate(0m, ReportTally.SaturatingAdd)));

        const int left = 56, right = 12, topPad = 12, plot = 200, bottom = 40, barWidth = 26, gap = 16;
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
                    .Append("<title>").Append(E($"{months[m]} {(bands[b] == other ? other : r.PayerLabel(bands[b]))}: {Money(amount)} recouped")).Append("</title></rect>\n");
            }
            // "Jan" under each bar, the year under the first bar and under each January: narrow bars keep their labels apart.
            var (monthName, year) = MonthLabel(months[m]);
            h.Append(Invariant, $"<text x=\"{x + barWidth / 2}\" y=\"{topPad + plot + 16}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#616e7c\">")
                .Append(E(monthName)).Append("</text>\n");
            if (m == 0 || monthName == "Jan")
            {
                h.Append(Invariant, $"<text x=\"{x + barWidth / 2}\" y=\"{topPad + plot + 30}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#616e7c\">")
                    .Append(E(year)).Append("</text>\n");
            }
        }
        // The legend wraps at the chart's width, so that the next chart can stand beside this one.
        h.Append(Invariant, $"</svg>\n<div class=\"legend\" style=\"max-width:{width}px\">");
        for (var b = 0; b < bands.Count; b++)
        {
            h.Append("<span><span class=\"swatch\" style=\"background:").Append(Palette[b % Palette.Length]).Append("\"></span>").Append(E(bands[b] == other ? other : r.PayerLabel(bands[b]))).Append("</span>");
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
        const int labelWidth = 160, barMax = 220, valueWidth = 150, rowHeight = 24;
        var width = labelWidth + barMax + valueWidth;
        var height = rows.Count * rowHeight + 8;
        h.Append(Invariant, $"<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Recouped by root cause\">\n");
        for (var i = 0; i < rows.Count; i++)
        {
            var t = rows[i];
            var y = 4 + i * rowHeight;
            var barWidth = Math.Max(1, (double)(t.Recouped.Amount / top) * barMax);
            h.Append(Invariant, $"<text x=\"{labelWidth - 8}\" y=\"{y + 16}\" font-size=\"12\" text-anchor=\"end\" fill=\"#1f2933\">").Append(E(Words(t.Key))).Append("</text>\n");
            h.Append(Invariant, $"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{barWidth:0.##}\" height=\"{rowHeight - 8}\" fill=\"{Palette[0]}\">")
                .Append("<title>").Append(E($"{Words(t.Key)}: {Money(t.Recouped.Amount)} in {Count(t.Recouped.Count, "recoupment")}")).Append("</title></rect>\n");
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
        // The months ahead are the ones to plan: from the as-of month on. Earlier deadlines are summed up in one line.
        var first = new DateOnly(r.AsOf.Year, r.AsOf.Month, 1);
        var months = r.Deadlines.Where(d => d.Date >= first).Select(d => new DateOnly(d.Date.Year, d.Date.Month, 1)).Distinct().ToList();
        var byDay = r.Deadlines.ToDictionary(d => d.Date, d => d.Items);
        h.Append("<div class=\"legend\">")
            .Append("<span><span class=\"swatch\" style=\"background:#c53030\"></span>deadline passed</span>")
            .Append(Invariant, $"<span><span class=\"swatch\" style=\"background:#dd6b20\"></span>within {SoonDays} days</span>")
            .Append("<span><span class=\"swatch\" style=\"background:#2b6cb0\"></span>later</span>")
            .Append("<span>Each day: items due (amount outstanding). The outlined day is the as-of date.</span></div>\n");
        var earlier = Sum(r.Deadlines.Where(d => d.Date < first));
        if (earlier.Count > 0)
        {
            h.Append("<p class=\"meta\">").Append(E($"{Count(earlier.Count, "item")} ({Money(earlier.Amount)}) had their deadline before {first:MMMM yyyy}: " +
                                                    "they are first in the worklist, in red.")).Append("</p>\n");
        }
        if (months.Count == 0) return;
        h.Append("<div class=\"calendar\">\n");
        foreach (var month in months.Take(MaxCalendarMonths)) MonthGrid(h, month, byDay, r.AsOf);
        h.Append("</div>\n");
        if (months.Count > MaxCalendarMonths)
        {
            var rest = Sum(r.Deadlines.Where(d => new DateOnly(d.Date.Year, d.Date.Month, 1) > months[MaxCalendarMonths - 1]));
            h.Append("<p class=\"meta\">").Append(E($"{Count(rest.Count, "more item")} ({Money(rest.Amount)}) due after {months[MaxCalendarMonths - 1]:yyyy-MM}; see the worklist.")).Append("</p>\n");
        }
    }

    /// <summary>"2026-03" as ("Mar", "2026"); anything else (the "(none)" month) as itself.</summary>
    private static (string Month, string Year) MonthLabel(string month) =>
        DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", Invariant, DateTimeStyles.None, out var date)
            ? (date.ToString("MMM", Invariant), date.ToString("yyyy", Invariant))
            : (month, "");

    private static ReportTally Sum(IEnumerable<DeadlineDay> days) =>
        days.Aggregate(default(ReportTally), (t, d) => new ReportTally(t.Count + d.Items.Count, ReportTally.SaturatingAdd(t.Amount, d.Items.Amount)));

    private static void MonthGrid(StringBuilder h, DateOnly month, Dictionary<DateOnly, ReportTally> byDay, DateOnly asOf)
    {
        const int cell = 46, cellHeight = 36, header = 36;
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
                h.Append(Invariant, $"<text x=\"{x + cell / 2}\" y=\"{y + 30}\" font-size=\"10\" text-anchor=\"middle\" fill=\"{ink}\">").Append(E(Compact(items.Amount))).Append("</text>\n");
            }
        }
        h.Append("</svg>\n");
    }

    private static void Axis(StringBuilder h, int left, int top, int plot, int right, decimal max)
    {
        for (var i = 0; i <= 4; i++)
        {
            var value = i == 4 ? max : max / 4 * i; // divided first: max may be near decimal.MaxValue
            var y = top + plot - plot * i / 4;
            h.Append(Invariant, $"<line x1=\"{left}\" y1=\"{y}\" x2=\"{right}\" y2=\"{y}\" stroke=\"{(i == 0 ? "#9aa5b1" : "#e4e7eb")}\"/>\n");
            h.Append(Invariant, $"<text x=\"{left - 6}\" y=\"{y + 4}\" font-size=\"11\" text-anchor=\"end\" fill=\"#616e7c\">").Append(E(Compact(value))).Append("</text>\n");
        }
    }

    /// <summary>1, 2, 2.5 or 5 times a power of ten, at least <paramref name="value"/>: a round top for an axis.</summary>
    private static decimal NiceCeiling(decimal value)
    {
        if (value <= 0) return 1;
        // Beyond this a rounder ceiling would overflow; the value itself is the top of the axis.
        if (value > decimal.MaxValue / 10) return value;
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
}
