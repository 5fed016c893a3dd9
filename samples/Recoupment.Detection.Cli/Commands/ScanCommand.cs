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
using Recoupment.Detection.PostgreSql;
using Recoupment.Detection.Sqlite;
using Recoupment.Detection.X12;
using Microsoft.Data.Sqlite;
using Spectre.Console;

namespace Recoupment.Detection.Cli.Commands;

/// <summary>What <c>recoup scan</c> was asked to do.</summary>
/// <param name="Paths">Files or folders to read.</param>
/// <param name="EventsCsv">Where to write the events CSV (DESIGN.md §4.3), or null.</param>
/// <param name="EventsJson">Where to write the events as JSON lines, or null.</param>
/// <param name="AsOf">The date the run stands for; the latest payment date read when null.</param>
/// <param name="ImmediateFullTakeback">A reversal without a correction is a full takeback at once, not after the correction window.</param>
/// <param name="ShowValues">Diagnostic messages may quote element values.</param>
/// <param name="Ledger">The ledger that persists between runs (a SQLite file or a PostgreSQL connection string), or null for a ledger in memory.</param>
public sealed record ScanSettings(
    IReadOnlyList<string> Paths,
    string? EventsCsv = null,
    string? EventsJson = null,
    DateOnly? AsOf = null,
    bool ImmediateFullTakeback = false,
    bool ShowValues = false,
    string? Ledger = null);

/// <summary>
/// <c>recoup scan [--ledger &lt;file.db | connection string&gt;] [--events &lt;events.csv&gt;] [--json &lt;events.jsonl&gt;] [--as-of yyyy-MM-dd]
/// [--immediate-full-takeback] [--show-values] &lt;path&gt;...</c> (DESIGN.md §4.2).
/// </summary>
/// <remarks>
/// <para>With <c>--ledger</c> the run stands as of the latest payment date the ledger holds, from this run or an
/// earlier one (or <c>--as-of</c>): reversals whose correction window ended by then become full takebacks, once. So runs
/// over files split by payment date give the events of one run over all of them; see <see cref="RunAsync"/>.</para>
/// </remarks>
public static class ScanCommand
{
    /// <summary>Builds the <c>scan</c> command.</summary>
    public static Command Create()
    {
        var ledger = new Option<string>("--ledger")
        {
            Description = "Keep the claim ledger in this SQLite file (created when missing), or in the PostgreSQL database of this connection string " +
                          "(Host=...;Database=... or postgresql://...; the tables are created when missing), instead of in memory: later runs match against " +
                          "the claims of earlier ones, remittances already in it are ignored as duplicates, and an interrupted run can simply be run again. " +
                          "Several scans may write to one PostgreSQL ledger at once.",
            HelpName = LedgerFile.HelpName,
        };
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
            ledger, events, json, asOf, immediate, showValues, paths,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new ScanSettings(parseResult.GetRequiredValue(paths), parseResult.GetValue(events), parseResult.GetValue(json),
                parseResult.GetValue(asOf), parseResult.GetValue(immediate), parseResult.GetValue(showValues), parseResult.GetValue(ledger)),
            parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    /// <summary>Scans, writes the requested event files and prints the summary; returns the exit code.</summary>
    /// <remarks>
    /// <para>With a ledger file, each remittance is committed with its events in one SQLite transaction, and the
    /// closing of time-expired items (<see cref="RecoupmentEngine.Complete"/>) in one more: a run that is killed keeps
    /// what it committed, and the same command run again ignores those remittances as duplicates and does the rest.
    /// The events of the interrupted part are then in the ledger (<c>recoup events</c>), not in this run's files.</para>
    /// <para>The run stands as of <see cref="ScanSettings.AsOf"/>, else the latest payment date in the ledger (this run's
    /// or an earlier run's). Runs over files split by payment date (the second run's files dated after the first's)
    /// give the events of one run over all files: a window that ends by the first run's last payment date would
    /// have ended in the one run too, before any later remittance of its partition. Only the moment differs: such a
    /// full takeback or stale forward balance comes at the end of the first run instead of with the partition's next
    /// remittance. Files dated before what the ledger holds (a backfill) are matched against the ledger as it stands,
    /// and the summary says how many there were.</para>
    /// </remarks>
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
        var postgres = PostgreSqlConnectionString.IsConnectionString(settings.Ledger);
        if (settings.Ledger is { } ledgerPath && !postgres && outputs.Contains(Path.GetFullPath(ledgerPath)))
        {
            await error.WriteLineAsync("recoup: --ledger names the same file as --events or --json.").ConfigureAwait(false);
            return RecoupCli.UsageError;
        }
        StreamWriter? csvFile = null, jsonFile = null;
        DurableLedger? durable = null;
        try
        {
            if (postgres)
            {
                // A server first: one that cannot be reached (or a connection string that is wrong) is found before
                // any output file is created, and nothing is written anywhere.
                try
                {
                    durable = DurableLedger.Open(settings.Ledger!);
                }
                catch (ArgumentException e)
                {
                    // A connection string that does not parse: the command line is wrong.
                    await error.WriteLineAsync($"recoup: --ledger: {e.Message}").ConfigureAwait(false);
                    return RecoupCli.UsageError;
                }
                catch (Exception e) when (LedgerFile.IsOpenFailure(e))
                {
                    await error.WriteLineAsync($"recoup: --ledger: {e.Message}").ConfigureAwait(false);
                    return RecoupCli.InputErrors;
                }
            }
            if (!TryCreate(settings.EventsCsv, "--events", error, out csvFile) || !TryCreate(settings.EventsJson, "--json", error, out jsonFile))
            {
                return RecoupCli.UsageError;
            }
            if (settings.Ledger is not null && !postgres)
            {
                try
                {
                    durable = DurableLedger.Open(settings.Ledger);
                }
                catch (Exception e) when (e is InvalidDataException or SqliteException or IOException or UnauthorizedAccessException or ArgumentException)
                {
                    await error.WriteLineAsync($"recoup: --ledger {settings.Ledger}: the ledger cannot be opened ({e.Message})").ConfigureAwait(false);
                    return RecoupCli.UsageError;
                }
            }
            // The one place the claim ledger is chosen: in memory, so each run starts empty, or with --ledger a SQLite
            // file or a PostgreSQL database that persists between runs (created when missing, migrated when older).
            var ledger = durable?.Ledger ?? new InMemoryClaimLedger();
            var before = LedgerState.Of(durable);

            // The event files and the ledger may sit in a folder being scanned: they are not input.
            var notInput = outputs.Concat(LedgerFiles(postgres ? null : settings.Ledger)).ToHashSet(StringComparer.Ordinal);
            var inputs = InputFiles.Expand(settings.Paths).Where(i => !notInput.Contains(Path.GetFullPath(i.Path))).ToList();
            var files = inputs.Where(i => i.ProblemCode is null).Select(i => i.Path).ToList();
            var matchingDiagnostics = new DiagnosticList();
            var engine = new RecoupmentEngine(ledger, RecoupmentOptions.Default with { ImmediateFullTakeback = settings.ImmediateFullTakeback }, matchingDiagnostics);
            var readerOptions = new Era835ReaderOptions { X12 = X12ReaderOptions.Default with { IncludeValuesInMessages = settings.ShowValues } };

            ScanResult result;
            using (var status = new ScanStatusLine(error, files.Count))
            {
                result = await new RemittanceScanner(engine, readerOptions).ScanAsync(files, status, settings.AsOf, cancellationToken).ConfigureAwait(false);
            }
            if (settings.AsOf is null && before.LatestPaymentDate is { } latest && (result.AsOf is null || result.AsOf < latest))
            {
                // A backfill (or a run with nothing new) stands as of what the ledger already holds, as one run would.
                result = result with { Events = [.. result.Events, .. engine.Complete(latest)], AsOf = latest };
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
                [.. result.Diagnostics, .. matchingDiagnostics], inputErrors, LedgerRun.From(durable, before));
            return inputErrors.Count > 0 ? RecoupCli.InputErrors : RecoupCli.Success;
        }
        finally
        {
            if (csvFile is not null) await csvFile.DisposeAsync().ConfigureAwait(false);
            if (jsonFile is not null) await jsonFile.DisposeAsync().ConfigureAwait(false);
            durable?.Dispose();
        }
    }

    /// <summary>The ledger file and the files SQLite keeps beside it.</summary>
    private static IEnumerable<string> LedgerFiles(string? ledger)
    {
        if (ledger is null) yield break;
        var full = Path.GetFullPath(ledger);
        yield return full;
        yield return full + "-wal";
        yield return full + "-shm";
        yield return full + "-journal";
    }

    /// <summary>What a durable ledger held before the run: its remittances and the latest payment date among them.</summary>
    private sealed record LedgerState(int Documents, DateOnly? LatestPaymentDate)
    {
        public static LedgerState Of(DurableLedger? ledger)
        {
            if (ledger is null) return new LedgerState(0, null);
            var documents = ledger.Documents();
            return new LedgerState(documents.Count, documents.Select(d => d.Record.Date).Max());
        }
    }

    /// <summary>What the summary says about a durable ledger after the run.</summary>
    private sealed record LedgerRun(string Path, LedgerStatistics Statistics, int Added, int Backfilled, DateOnly? HeldThrough)
    {
        public static LedgerRun? From(DurableLedger? ledger, LedgerState before)
        {
            if (ledger is null) return null;
            var added = ledger.Documents().Skip(before.Documents).ToList();
            var backfilled = before.LatestPaymentDate is { } latest ? added.Count(d => d.Record.Date < latest) : 0;
            return new LedgerRun(ledger.Name, ledger.Statistics(), added.Count, backfilled, before.LatestPaymentDate);
        }
    }

    /// <summary>Parses <c>--as-of</c>: a date as yyyy-MM-dd, else a usage error.</summary>
    internal static DateOnly? ParseDate(ArgumentResult result)
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
        IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<Diagnostic> inputErrors, LedgerRun? ledger)
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
        if (ledger is not null)
        {
            var s = ledger.Statistics;
            console.WriteLine($"Ledger {ledger.Path} (every run so far): {ValidateCommand.Plural(s.Documents, "remittance")} " +
                              $"({ledger.Added.ToString(CultureInfo.InvariantCulture)} added by this run), {ValidateCommand.Plural(s.Claims, "claim")}, {ValidateCommand.Plural(s.Events, "event")}; " +
                              $"open receivables {summary.OpenReceivables.Count.ToString(CultureInfo.InvariantCulture)} ({Amount(summary.OpenReceivables.Amount)}), " +
                              $"unmatched in suspense {summary.Suspense.Count.ToString(CultureInfo.InvariantCulture)} ({Amount(summary.Suspense.Amount)}). " +
                              $"The worklist: recoup report --ledger {ledger.Path}");
            if (ledger.Backfilled > 0)
            {
                console.WriteLine($"{ValidateCommand.Plural(ledger.Backfilled, "remittance")} of this run {(ledger.Backfilled == 1 ? "is" : "are")} dated before {Date(ledger.HeldThrough!.Value)}, " +
                                  "the latest payment date the ledger already held: matched against the ledger as it stood (a backfill), " +
                                  "so recoveries found earlier without their original are linked now (RecoupmentLinked).");
            }
        }

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
        new(Amount(amount), color is null ? Style.Plain : new Style(color));

    private static string Amount(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
