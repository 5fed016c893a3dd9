using System.CommandLine;
using Recoupment.Detection.Cases;
using Recoupment.Detection.Csv;
using Recoupment.Detection.Excel;
using Recoupment.Detection.Reporting;
using Spectre.Console;
using static Recoupment.Detection.Cli.CliFormat;

namespace Recoupment.Detection.Cli.Commands;

/// <summary>The forms <c>recoup report</c> writes.</summary>
public enum ReportFormat
{
    /// <summary>Tables for a terminal (plain ASCII when redirected).</summary>
    Table,
    /// <summary>One CSV file: the worklist rows, then the totals rows (<see cref="ReportCsv"/>).</summary>
    Csv,
    /// <summary>One self-contained HTML file with inline SVG charts (<see cref="RecoupmentReportHtml"/>).</summary>
    Html,
    /// <summary>An Excel workbook: the worklist and one sheet per totals table (<see cref="ReportWorkbook"/>); needs <c>--out</c>.</summary>
    Xlsx,
}

/// <summary>What <c>recoup report</c> was asked to do.</summary>
/// <param name="Ledger">The ledger a scan wrote: a SQLite file or a PostgreSQL connection string.</param>
/// <param name="Format">Table, CSV or HTML.</param>
/// <param name="Out">The file to write, or null for standard output.</param>
/// <param name="AsOf">The date ages and days left are counted to; today when null.</param>
public sealed record ReportSettings(string Ledger, ReportFormat Format = ReportFormat.Table, string? Out = null, DateOnly? AsOf = null);

/// <summary>
/// <c>recoup report --ledger &lt;file.db | connection string&gt; [--format table|csv|html] [--out FILE] [--as-of yyyy-MM-dd]</c>: the
/// worklist a billing team works from (open receivables and unmatched recoveries, soonest appeal deadline first) and
/// the totals by payer, root cause, CARC, provider and month.
/// </summary>
public static class ReportCommand
{
    /// <summary>Builds the <c>report</c> command.</summary>
    public static Command Create()
    {
        var ledger = LedgerFile.CreateOption("The ledger that recoup scan --ledger wrote: its SQLite file, or a PostgreSQL connection string (Host=...;Database=... or postgresql://...).");
        var format = new Option<string>("--format")
        {
            Description = "table (default; plain text when redirected), csv (worklist rows, then totals rows), html (one self-contained file with " +
                          "charts and a sortable, filterable worklist) or xlsx (an Excel workbook: the worklist and one sheet per totals table; needs --out).",
            HelpName = "table|csv|html|xlsx",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "csv", "html", "xlsx");
        var output = new Option<string>("--out") { Description = "Write the report to this file instead of standard output.", HelpName = "file" };
        var asOf = new Option<DateOnly?>("--as-of")
        {
            Description = "The date ages and days left to appeal are counted to. Default: today.",
            HelpName = "yyyy-MM-dd",
            CustomParser = ScanCommand.ParseDate,
        };
        var command = new Command("report",
            "The recoupment worklist from a ledger: open receivables and unmatched recoveries with age, amount, payer, original claim and appeal " +
            "deadline (soonest first), and totals by payer, root cause, CARC, provider and month.")
        {
            ledger, format, output, asOf,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new ReportSettings(parseResult.GetRequiredValue(ledger), Enum.Parse<ReportFormat>(parseResult.GetValue(format) ?? "table", ignoreCase: true),
                parseResult.GetValue(output), parseResult.GetValue(asOf)),
            parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    /// <summary>
    /// Writes the report; returns the exit code: 0 written, 1 the ledger is missing or cannot be read, 2 a usage error
    /// (an option, a date, or an <c>--out</c> file that cannot be written).
    /// </summary>
    public static async Task<int> RunAsync(ReportSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (settings.Format == ReportFormat.Xlsx && settings.Out is null)
        {
            await error.WriteLineAsync("recoup: --format xlsx writes a binary workbook: name the file with --out FILE.xlsx.").ConfigureAwait(false);
            return RecoupCli.UsageError;
        }

        RecoupmentReport report;
        using (var ledger = LedgerFile.TryOpenExisting(settings.Ledger, error))
        {
            if (ledger is null) return RecoupCli.InputErrors;
            var dates = ledger.Documents().Select(d => d.Record.Date).OfType<DateOnly>().ToList();
            report = RecoupmentReport.Create(ledger.Ledger, settings.AsOf ?? DateOnly.FromDateTime(DateTime.Now)) with
            {
                // The file as given, or the server and database (never a connection string's password).
                Source = ledger.Name,
                Remittances = ledger.Statistics().Documents,
                // The ledger's remittances, also those that gave no event.
                FirstPaymentDate = dates.Count > 0 ? dates.Min() : null,
                LatestPaymentDate = dates.Count > 0 ? dates.Max() : null,
            };
        }

        var file = settings.Out is null ? null : LedgerFile.TryCreateOutput(settings.Out, error);
        if (settings.Out is not null && file is null) return RecoupCli.UsageError;
        try
        {
            var writer = file ?? output;
            switch (settings.Format)
            {
                case ReportFormat.Csv:
                    ReportCsv.Write(report, writer);
                    break;
                case ReportFormat.Html:
                    RecoupmentReportHtml.Write(report, writer);
                    break;
                case ReportFormat.Xlsx:
                    ReportWorkbook.Write(report, file!.BaseStream);
                    break;
                default:
                    WriteTables(CliConsole.Create(writer), report);
                    break;
            }
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (file is not null) await file.DisposeAsync().ConfigureAwait(false);
        }
        if (file is not null)
        {
            await output.WriteLineAsync($"Report written to {settings.Out}: {Plural(report.Worklist.Count, "worklist item")}, as of {Date(report.AsOf)}.")
                .ConfigureAwait(false);
        }
        return RecoupCli.Success;
    }

    // ---- The table form ----------------------------------------------------------------------------------------

    // Tables fit 100 columns: the worklist shows what a biller acts on (deadline, payer, account, claim, amount, cause);
    // every other field is in the csv, html and xlsx forms.
    private static void WriteTables(IAnsiConsole console, RecoupmentReport r)
    {
        var range = r.FirstPaymentDate is { } first && r.LatestPaymentDate is { } last ? $", payment dates {Date(first)} to {Date(last)}" : "";
        console.Line($"Recoupment worklist as of {Date(r.AsOf)}. Ledger {r.Source}: {Plural(r.Remittances ?? 0, "remittance")}{range}, {Plural(r.EventCount, "event")}.");
        var overdue = r.Worklist.Where(i => i.IsOverdue).ToList();
        console.Line($"Open receivables: {Tally(r.Overall.OpenReceivables.Count, r.Overall.OpenReceivables.Amount)}. " +
                          $"Unmatched in suspense: {Tally(r.Overall.Unmatched.Count, r.Overall.Unmatched.Amount)}. " +
                          $"Recoupments to decide: {Tally(r.Recoupments.Count(), r.Recoupments.Sum(i => i.Outstanding))}. " +
                          $"Appeal deadline passed: {Tally(overdue.Count, overdue.Sum(i => i.Outstanding))}. " +
                          $"Reversals awaiting a correction: {Tally(r.PendingReversals.Count, r.PendingReversals.Amount)}.");
        console.WriteLine();

        Tables.Heading(console, "Worklist (soonest appeal deadline first)");
        if (r.Worklist.Count == 0)
        {
            console.Line("Nothing open: no receivable is owed, no recovery is unmatched and no recoupment waits for a decision.");
        }
        else
        {
            // The case status shows once the team has set one (recoup case list gives the case ids).
            var withCases = r.Worklist.Any(i => i.CaseStatus != CaseStatus.New);
            (string, bool)[] columns = [("Appeal by", false), ("Days", true), ("Payer", false), ("Account", false), ("Claim / PLB", false),
                ("Outstanding", true), ("Root cause", false)];
            var table = Tables.New(console, withCases ? [.. columns, ("Case", false)] : columns);
            // Dates and accounts are never broken; names and causes wrap at spaces; a long PLB reference folds at 18 columns.
            foreach (var column in new[] { 0, 3 }) table.Columns[column].NoWrap();
            table.Columns[4].Width(18);
            foreach (var i in r.Worklist)
            {
                var style = i.IsOverdue ? new Style(Color.Red) : i.DaysToDeadline is >= 0 and <= 30 ? new Style(Color.Yellow) : Style.Plain;
                var claim = i.OriginalPayerClaimNumber ?? (i.PlbReasonCode is null ? "-" : $"{i.PlbReasonCode} {i.PlbReference}".TrimEnd());
                List<Text> cells =
                [
                    new Text(i.AppealDeadline is { } d ? Date(d) : "-", style), new Text(i.DaysToDeadline is { } days ? Count(days) : "-", style),
                    new Text(i.PayerName ?? i.PayerId), new Text(i.PatientAccount ?? "-"), new Text(claim), new Text(Money(i.Outstanding)),
                    new Text(Words(i.RootCause.ToString())),
                ];
                if (withCases) cells.Add(new Text(CaseStatuses.Name(i.CaseStatus).Replace('_', ' ')));
                table.AddRow(cells);
            }
            console.Write(table);
        }

        Totals(console, "Totals by payer", "Payer", r.ByPayer);
        Totals(console, "Totals by root cause", "Root cause", r.ByRootCause);
        Totals(console, "Totals by CARC", "CARC", r.ByCarc);
        Totals(console, "Totals by provider", "Provider", r.ByProvider);
        Totals(console, "Totals by month", "Month", r.ByMonth);
        Totals(console, "Totals by procedure", "Procedure", r.ByProcedure);
        Totals(console, "Totals by rendering provider", "Rendering provider", r.ByRenderingProvider);
        Patterns(console, r.RepeatPatterns);
        Outcomes(console, r.Outcomes);

        console.WriteLine();
        foreach (var definition in RecoupmentReport.Definitions) console.Line(definition);
    }

    private static void Patterns(IAnsiConsole console, IReadOnlyList<RepeatPattern> patterns)
    {
        console.WriteLine();
        Tables.Heading(console, $"Repeat patterns (the same procedure and cause {RecoupmentReport.PatternMinimum}+ times within {RecoupmentReport.PatternWindowDays} days for one provider)");
        if (patterns.Count == 0)
        {
            console.Line("No repeat pattern.");
            return;
        }
        var table = Tables.New(console, ("Provider", false), ("Procedure", false), ("Cause", false), ("Recoupments", true), ("Recouped", true),
            ("From", false), ("To", false));
        foreach (var p in patterns)
        {
            table.AddRow(new Text(p.ProviderName is null ? p.ProviderId : $"{p.ProviderName} ({p.ProviderId})"), new Text(p.Procedure), new Text(p.Cause),
                new Text(Count(p.Recouped.Count)), new Text(Money(p.Recouped.Amount)), new Text(Date(p.First)), new Text(Date(p.Last)));
        }
        console.Write(table);
    }

    private static void Outcomes(IAnsiConsole console, ReportOutcomes o)
    {
        console.WriteLine();
        Tables.Heading(console, "Outcomes");
        console.Line(string.Join(", ", o.ByStatus.Select(s => $"{CaseStatuses.Name(s.Status).Replace('_', ' ')} {Tally(s.Cases.Count, s.Cases.Amount)}")) + ".");
        console.Line($"Recovered by won appeals: {Tally(o.RecoveredByWonAppeals.Count, o.RecoveredByWonAppeals.Amount)}.");
        foreach (var (heading, rows) in new[] { ("payer", o.AppealsByPayer), ("root cause", o.AppealsByRootCause) })
        {
            if (rows.Count == 0) continue;
            console.Line($"Appeal win rate by {heading}: " + string.Join("; ", rows.Select(a =>
                $"{(a.Name is null ? Words(a.Key) : $"{a.Name} ({a.Key})")} {a.Won.Count} won, {a.Lost.Count} lost ({a.WinRate!.Value.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)})")) + ".");
        }
    }

    // "Coordination of benefits": it wraps at its spaces.
    private static string Words(string name) => RecoupmentReport.CauseInWords(name);

    private static void Totals(IAnsiConsole console, string heading, string key, IReadOnlyList<ReportTotals> rows)
    {
        console.WriteLine();
        Tables.Heading(console, heading);
        if (rows.Count == 0)
        {
            console.Line("No money recouped, collected, refunded or open.");
            return;
        }
        var table = Tables.New(console, (key, false), ("Recoupments", true), ("Recouped", true), ("Collected", true), ("Refunded", true),
            ("Owed", true), ("Unmatched", true));
        foreach (var t in rows)
        {
            var label = t.Name is null ? t.Key : $"{t.Name} ({t.Key})";
            table.AddRow(new Text(key == "Root cause" ? Words(label) : label), new Text(Count(t.Recouped.Count)), new Text(Money(t.Recouped.Amount)),
                new Text(Money(t.Collected.Amount)), new Text(Money(t.Refunded.Amount)), new Text(Money(t.OpenReceivables.Amount)), new Text(Money(t.Unmatched.Amount)));
        }
        console.Write(table);
    }
}
