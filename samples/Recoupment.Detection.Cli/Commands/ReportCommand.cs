using System.CommandLine;
using System.Globalization;
using Recoupment.Detection.Csv;
using Recoupment.Detection.Reporting;
using Spectre.Console;

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
            Description = "table (default; plain text when redirected), csv (worklist rows, then totals rows) or html (one self-contained file with charts).",
            HelpName = "table|csv|html",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "csv", "html");
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

    private static void WriteTables(IAnsiConsole console, RecoupmentReport r)
    {
        var range = r.FirstPaymentDate is { } first && r.LatestPaymentDate is { } last ? $", payment dates {Date(first)} to {Date(last)}" : "";
        console.WriteLine($"Recoupment worklist as of {Date(r.AsOf)}. Ledger {r.Source}: {Plural(r.Remittances ?? 0, "remittance")}{range}, {Plural(r.EventCount, "event")}.");
        var overdue = r.Worklist.Where(i => i.IsOverdue).ToList();
        console.WriteLine($"Open receivables: {Tally(r.Overall.OpenReceivables)}. Unmatched in suspense: {Tally(r.Overall.Unmatched)}. " +
                          $"Appeal deadline passed: {overdue.Count.ToString(CultureInfo.InvariantCulture)} ({Money(overdue.Sum(i => i.Outstanding))}). " +
                          $"Reversals awaiting a correction: {Tally(r.PendingReversals)}.");
        console.WriteLine();

        Heading(console, "Worklist (soonest appeal deadline first)");
        if (r.Worklist.Count == 0)
        {
            console.WriteLine("Nothing open: no receivable is owed and no recovery is unmatched.");
        }
        else
        {
            var table = NewTable(console, ["Appeal by", "Days left", "Item", "Payer", "Provider", "Original claim", "Claim", "PLB", "Found", "Age", "Amount", "Outstanding", "Root cause", "CARCs"],
                rightAligned: [1, 9, 10, 11]);
            foreach (var i in r.Worklist)
            {
                var style = i.IsOverdue ? new Style(Color.Red) : i.DaysToDeadline is >= 0 and <= 30 ? new Style(Color.Yellow) : Style.Plain;
                table.AddRow(
                    new Text(i.AppealDeadline is { } d ? Date(d) : "-", style), new Text(i.DaysToDeadline?.ToString(CultureInfo.InvariantCulture) ?? "-", style),
                    new Text(i.Detail), new Text(i.PayerId), new Text(i.ProviderId ?? "-"), new Text(i.OriginalPayerClaimNumber ?? "-"), new Text(i.ClaimId ?? "-"),
                    new Text(i.PlbReasonCode is null ? "-" : $"{i.PlbReasonCode} {i.PlbReference}".TrimEnd()), new Text(i.FoundDate is { } f ? Date(f) : "-"),
                    new Text(i.AgeDays?.ToString(CultureInfo.InvariantCulture) ?? "-"), new Text(Money(i.Amount)), new Text(Money(i.Outstanding)),
                    new Text(i.RootCause.ToString()), new Text(i.CarcCodes.Count == 0 ? "-" : string.Join(' ', i.CarcCodes)));
            }
            console.Write(table);
        }

        Totals(console, "Totals by payer", "Payer", r.ByPayer);
        Totals(console, "Totals by root cause", "Root cause", r.ByRootCause);
        Totals(console, "Totals by CARC", "CARC", r.ByCarc);
        Totals(console, "Totals by provider", "Provider", r.ByProvider);
        Totals(console, "Totals by month", "Month", r.ByMonth);

        console.WriteLine();
        foreach (var definition in RecoupmentReport.Definitions) console.WriteLine(definition);
    }

    private static void Totals(IAnsiConsole console, string heading, string key, IReadOnlyList<ReportTotals> rows)
    {
        console.WriteLine();
        Heading(console, heading);
        if (rows.Count == 0)
        {
            console.WriteLine("No money recouped, collected, refunded or open.");
            return;
        }
        var table = NewTable(console, [key, "Recoupments", "Recouped", "Collected", "Refunded", "Open receivables", "Owed", "Unmatched", "Unmatched amount"],
            rightAligned: [1, 2, 3, 4, 5, 6, 7, 8]);
        foreach (var t in rows)
        {
            table.AddRow(new Text(t.Key), Count(t.Recouped.Count), new Text(Money(t.Recouped.Amount)), new Text(Money(t.Collected.Amount)),
                new Text(Money(t.Refunded.Amount)), Count(t.OpenReceivables.Count), new Text(Money(t.OpenReceivables.Amount)), Count(t.Unmatched.Count),
                new Text(Money(t.Unmatched.Amount)));
        }
        console.Write(table);
    }

    private static void Heading(IAnsiConsole console, string text)
    {
        console.Write(new Text(text, new Style(decoration: Decoration.Bold)));
        console.WriteLine();
    }

    private static Table NewTable(IAnsiConsole console, string[] headings, int[] rightAligned)
    {
        // Box-drawing characters on a terminal; plain ASCII in files and pipes (as scan and validate do).
        var table = new Table { Border = console.Profile.Capabilities.Unicode ? TableBorder.Rounded : TableBorder.Ascii };
        for (var i = 0; i < headings.Length; i++)
        {
            var column = new TableColumn(headings[i]);
            if (rightAligned.Contains(i)) column.RightAligned();
            table.AddColumn(column);
        }
        return table;
    }

    private static Text Count(int count) => new(count.ToString("N0", CultureInfo.InvariantCulture));

    private static string Tally(ReportTally tally) => $"{tally.Count.ToString(CultureInfo.InvariantCulture)} ({Money(tally.Amount)})";

    private static string Plural(long count, string noun) => ValidateCommand.Plural(count, noun);

    private static string Money(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
