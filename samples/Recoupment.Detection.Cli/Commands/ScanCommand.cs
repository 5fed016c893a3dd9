using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using Recoupment.Detection.Csv;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Sinks;
using Recoupment.Detection.X12;
using Spectre.Console;

namespace Recoupment.Detection.Cli.Commands;

/// <summary>What <c>recoup scan</c> was asked to do.</summary>
/// <param name="Paths">Files or folders to read.</param>
/// <param name="EventsCsv">Where to write the events CSV (DESIGN.md §4.3), or null.</param>
/// <param name="EventsJson">Where to write the events as JSON lines, or null.</param>
/// <param name="AsOf">The date the run stands for; the latest payment date read when null.</param>
/// <param name="ImmediateFullTakeback">A reversal without a correction is a full takeback at once, not after the correction window.</param>
/// <param name="ShowValues">Diagnostic messages may quote element values.</param>
public sealed record ScanSettings(
    IReadOnlyList<string> Paths,
    string? EventsCsv = null,
    string? EventsJson = null,
    DateOnly? AsOf = null,
    bool ImmediateFullTakeback = false,
    bool ShowValues = false);

/// <summary>
/// <c>recoup scan [--events &lt;events.csv&gt;] [--json &lt;events.jsonl&gt;] [--as-of yyyy-MM-dd]
/// [--immediate-full-takeback] [--show-values] &lt;path&gt;...</c> (DESIGN.md §4.2).
/// </summary>
public static class ScanCommand
{
    /// <summary>Builds the <c>scan</c> command.</summary>
    public static Command Create()
    {
        var events = new Option<string>("--events")
        {
            Description = "Write every event to this CSV file (one row per event, the 24 columns of the events contract).",
            HelpName = "events.csv",
        };
        var json = new Option<string>("--json")
        {
            Description = "Write every event to this file as JSON lines (one object per event, the same fields).",
            HelpName = "events.jsonl",
        };
        var asOf = new Option<DateOnly?>("--as-of")
        {
            Description = "The date the run stands for: reversals whose correction window ended by then become full takebacks. Default: the latest payment date read.",
            HelpName = "yyyy-MM-dd",
            CustomParser = ParseDate,
        };
        var immediate = new Option<bool>("--immediate-full-takeback")
        {
            Description = "Treat a reversal without a correction in its remittance as a full takeback at once, instead of waiting 60 days for a correction.",
        };
        var showValues = new Option<bool>("--show-values")
        {
            Description = "Let diagnostic messages quote element values. Off by default: 835 files carry patient data.",
        };
        var paths = InputFiles.CreateArgument();
        var command = new Command("scan",
            "Find recoupments: read every 835 under the paths in payment-date order, pair each takeback with its original claim, and summarise.")
        {
            events, json, asOf, immediate, showValues, paths,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new ScanSettings(parseResult.GetRequiredValue(paths), parseResult.GetValue(events), parseResult.GetValue(json),
                parseResult.GetValue(asOf), parseResult.GetValue(immediate), parseResult.GetValue(showValues)),
            parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    /// <summary>Scans, writes the requested event files and prints the summary; returns the exit code.</summary>
    public static async Task<int> RunAsync(ScanSettings settings, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        // Open the outputs first: a path that cannot be written is a usage error, found before a long scan, not after.
        var outputs = new[] { settings.EventsCsv, settings.EventsJson }.OfType<string>().Select(Path.GetFullPath).ToList();
        if (outputs.Count == 2 && outputs[0] == outputs[1])
        {
            await error.WriteLineAsync("recoup: --events and --json name the same file.").ConfigureAwait(false);
            return RecoupCli.UsageError;
        }
        StreamWriter? csvFile = null, jsonFile = null;
        try
        {
            if (!TryCreate(settings.EventsCsv, "--events", error, out csvFile) || !TryCreate(settings.EventsJson, "--json", error, out jsonFile))
            {
                return RecoupCli.UsageError;
            }

            // The event files may sit in a folder being scanned (they were just created, empty): they are not input.
            var inputs = InputFiles.Expand(settings.Paths).Where(i => !outputs.Contains(Path.GetFullPath(i.Path))).ToList();
            var files = inputs.Where(i => i.ProblemCode is null).Select(i => i.Path).ToList();
            var ledger = CreateLedger(settings);
            var matchingDiagnostics = new DiagnosticList();
            var engine = new RecoupmentEngine(ledger, RecoupmentOptions.Default with { ImmediateFullTakeback = settings.ImmediateFullTakeback }, matchingDiagnostics);
            var readerOptions = new Era835ReaderOptions { X12 = X12ReaderOptions.Default with { IncludeValuesInMessages = settings.ShowValues } };

            ScanResult result;
            using (var status = new ScanStatusLine(error, files.Count))
            {
                result = await new RemittanceScanner(engine, readerOptions).ScanAsync(files, status, settings.AsOf, cancellationToken).ConfigureAwait(false);
            }

            if (csvFile is not null)
            {
                await using var csv = new EventCsvWriter(csvFile, leaveOpen: true);
                csv.Write(result.Events);
            }
            if (jsonFile is not null)
            {
                using var lines = new EventJsonLinesWriter(jsonFile, leaveOpen: true);
                lines.Write(result.Events);
            }

            var inputErrors = inputs.Where(i => i.ProblemCode is not null)
                .Select(i => new Diagnostic(i.ProblemCode!, DiagnosticSeverity.Error, i.Problem ?? "") { File = i.Path })
                .Concat(result.ReadErrors)
                .ToList();
            WriteSummary(CliConsole.Create(output), settings, result, ScanSummary.From(result.Events, ledger),
                [.. result.Diagnostics, .. matchingDiagnostics], inputErrors);
            return inputErrors.Count > 0 ? RecoupCli.InputErrors : RecoupCli.Success;
        }
        finally
        {
            if (csvFile is not null) await csvFile.DisposeAsync().ConfigureAwait(false);
            if (jsonFile is not null) await jsonFile.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The one place the claim ledger is chosen. In memory for now, so each run starts empty; a <c>--ledger
    /// &lt;file.db&gt;</c> option will open a SQLite ledger here that persists between runs.
    /// </summary>
    private static IClaimLedger CreateLedger(ScanSettings settings)
    {
        return new InMemoryClaimLedger();
    }

    private static DateOnly? ParseDate(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (DateOnly.TryParseExact(token, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        result.AddError($"--as-of takes a date as yyyy-MM-dd, not '{token}'.");
        return null;
    }

    private static bool TryCreate(string? path, string option, TextWriter error, out StreamWriter? writer)
    {
        writer = null;
        if (path is null) return true;
        try
        {
            writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"recoup: {option} {path}: the file cannot be written ({e.Message})");
            return false;
        }
    }

    // ---- The summary -------------------------------------------------------------------------------------------

    private static void WriteSummary(IAnsiConsole console, ScanSettings settings, ScanResult result, ScanSummary summary,
        IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<Diagnostic> inputErrors)
    {
        var asOf = result.AsOf is { } d ? Date(d) : null;
        console.WriteLine($"Read {ValidateCommand.Plural(result.Files, "file")} ({ScanStatusLine.Size(result.Bytes)}): " +
                          $"{ValidateCommand.Plural(result.Remittances, "remittance")} with {ValidateCommand.Plural(result.Claims, "claim")}" +
                          (asOf is null ? "." : $", as of {asOf}."));
        if (summary.Duplicates.Count > 0)
        {
            // Counted in the line above (they were read), matched once: the figures below do not double.
            console.WriteLine($"{ValidateCommand.Plural(summary.Duplicates.Count, "remittance")} ignored as duplicates: already read (the same file given twice, or a copy of it).");
        }
        console.WriteLine();

        var table = NewTable(console, "", "Count", "Amount");
        Row(table, "Recouped on claims", summary.Recouped, bold: true);
        Row(table, "Refunded by the provider", summary.Refunded, bold: true);
        Row(table, "Offset", summary.Offset, bold: true);
        Row(table, "  against other claims in the remittance", summary.CrossClaimOffsets);
        Row(table, "  forward balances applied", summary.ForwardBalancesApplied);
        Row(table, "  from an affiliated provider", summary.AffiliatedOffsets);
        Row(table, "Unmatched: original claim not found", summary.Unmatched, bold: true, warn: true);
        Row(table, "Open receivables (still owed)", summary.OpenReceivables, bold: true);
        Row(table, "Reversals awaiting a correction", summary.PendingReversals);
        Row(table, "Balancing errors", summary.BalancingErrors, warn: true);
        Row(table, "Duplicate remittances ignored", summary.Duplicates);
        console.Write(table);
        console.WriteLine("Recouped: money taken back on claims. Offset: where some of it came from, so the two overlap.");
        console.WriteLine("Refunded: money the provider sent back itself. " +
                          (asOf is null ? "Open items are as of the end of the run." : $"Open items are as of {asOf}."));

        if (summary.ByPayer.Count > 0)
        {
            console.WriteLine();
            console.Write(new Text("By payer", new Style(decoration: Decoration.Bold)));
            console.WriteLine();
            var payers = NewTable(console, "Payer", "Recouped", "Refunded", "Offset", "Unmatched", "Open receivables");
            foreach (var (payer, t) in summary.ByPayer)
            {
                payers.AddRow(new Text(payer), Money(t.Recouped.Amount), Money(t.Refunded.Amount), Money(t.Offset.Amount),
                    Money(t.Unmatched.Amount, t.Unmatched.Count > 0 ? Color.Yellow : null), Money(t.OpenReceivables.Amount));
            }
            console.Write(payers);
        }

        if (summary.Largest.Count > 0)
        {
            console.WriteLine();
            console.Write(new Text("Largest recoupments", new Style(decoration: Decoration.Bold)));
            console.WriteLine();
            var largest = NewTable(console, "Claim", "Original ICN", "Amount", "Mode", "Root cause", "Appeal by");
            largest.Columns[1].LeftAligned();
            foreach (var column in largest.Columns.Skip(3)) column.LeftAligned();
            foreach (var e in summary.Largest)
            {
                largest.AddRow(new Text(e.ClaimId ?? "-"), new Text(e.OriginalPayerClaimNumber ?? "-"), Money(e.Amount),
                    new Text(e.Mode.ToString()), new Text(e.RootCause.ToString()), new Text(e.AppealDeadline is { } a ? Date(a) : "-"));
            }
            console.Write(largest);
        }

        console.WriteLine();
        var written = new List<string>();
        if (settings.EventsCsv is not null) written.Add(settings.EventsCsv);
        if (settings.EventsJson is not null) written.Add(settings.EventsJson);
        console.WriteLine(written.Count > 0
            ? $"{ValidateCommand.Plural(result.Events.Count, "event")} written to {string.Join(" and ", written)}."
            : $"{ValidateCommand.Plural(result.Events.Count, "event")}; write them with --events <file.csv> or --json <file.jsonl>.");

        var problems = diagnostics.Where(x => x.Severity != DiagnosticSeverity.Info).ToList();
        if (problems.Count > 0)
        {
            var errors = problems.Count(x => x.IsError);
            console.WriteLine($"Reading and matching reported {ValidateCommand.Plural(errors, "error")} and {ValidateCommand.Plural(problems.Count - errors, "warning")} " +
                              $"({string.Join(", ", problems.GroupBy(x => x.Code).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}"))}); " +
                              "recoup validate locates the reading ones.");
        }

        if (inputErrors.Count > 0)
        {
            console.WriteLine();
            console.Write(new Text($"Could not read {ValidateCommand.Plural(inputErrors.Count, "input")} (the rest was scanned):", new Style(Color.Red, decoration: Decoration.Bold)));
            console.WriteLine();
            foreach (var byFile in inputErrors.GroupBy(x => x.File))
            {
                console.Write(new Text(byFile.Key ?? "-", new Style(decoration: Decoration.Bold)));
                console.WriteLine();
                ValidateCommand.WriteDiagnostics(console, byFile.ToList());
            }
        }
    }

    private static Table NewTable(IAnsiConsole console, params string[] headings)
    {
        // Box-drawing characters on a terminal; plain ASCII in files and pipes (as validate does).
        var table = new Table { Border = console.Profile.Capabilities.Unicode ? TableBorder.Rounded : TableBorder.Ascii };
        table.AddColumn(headings[0]);
        foreach (var heading in headings.Skip(1)) table.AddColumn(new TableColumn(heading).RightAligned());
        return table;
    }

    private static void Row(Table table, string label, Tally tally, bool bold = false, bool warn = false)
    {
        var style = new Style(warn && tally.Count > 0 ? Color.Yellow : null, decoration: bold ? Decoration.Bold : Decoration.None);
        table.AddRow(new Text(label, style), ValidateCommand.Number(tally.Count), Money(tally.Amount, warn && tally.Count > 0 ? Color.Yellow : null));
    }

    private static Text Money(decimal amount, Color? color = null) =>
        new(amount.ToString("N2", CultureInfo.InvariantCulture), color is null ? Style.Plain : new Style(color));

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
