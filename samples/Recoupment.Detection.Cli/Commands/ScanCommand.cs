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

namespace Recoupment.Detection.Cli.Commands;

/// <summary>What <c>recoup scan</c> was asked to do.</summary>
/// <param name="Paths">Files or folders to read.</param>
/// <param name="EventsCsv">Where to write the events CSV (DESIGN.md §4.3), or null.</param>
/// <param name="EventsJson">Where to write the events as JSON lines, or null.</param>
/// <param name="AsOf">The date the run stands for; the latest payment date read when null.</param>
/// <param name="ImmediateFullTakeback">A reversal without a correction is a full takeback at once, not after the correction window.</param>
/// <param name="ShowValues">Diagnostic messages may quote element values.</param>
/// <param name="Ledger">The ledger that persists between runs (a SQLite file or a PostgreSQL connection string), or null for a ledger in memory.</param>
/// <param name="Warnings">Where to write every diagnostic with its location (CSV), or null.</param>
/// <param name="Config">The configuration file (<see cref="RecoupConfig"/>); null to use recoup.json in the current folder, if any.</param>
public sealed record ScanSettings(
    IReadOnlyList<string> Paths,
    string? EventsCsv = null,
    string? EventsJson = null,
    DateOnly? AsOf = null,
    bool ImmediateFullTakeback = false,
    bool ShowValues = false,
    string? Ledger = null,
    string? Warnings = null,
    string? Config = null);

/// <summary>
/// <c>recoup scan [--ledger &lt;file.db | connection string&gt;] [--events &lt;events.csv&gt;] [--json &lt;events.jsonl&gt;] [--warnings &lt;file.csv&gt;]
/// [--config &lt;recoup.json&gt;] [--as-of yyyy-MM-dd] [--immediate-full-takeback] [--show-values] &lt;path&gt;...</c> (DESIGN.md §4.2).
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
                          "the claims of earlier ones, remittances already in it are skipped, and an interrupted run resumes when run again. " +
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
        var warnings = new Option<string>("--warnings")
        {
            Description = "Write every error and warning of reading and matching to this CSV file, each with its location (file, byte offset, " +
                          "segment, control numbers).",
            HelpName = "file.csv",
        };
        var config = new Option<string>("--config")
        {
            Description = $"Read payer classes, appeal, correction and stale windows and state look-back limits from this JSON file. Default: " +
                          $"{RecoupConfig.DefaultFileName} in the current folder when it exists.",
            HelpName = RecoupConfig.DefaultFileName,
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
            ledger, events, json, warnings, config, asOf, immediate, showValues, paths,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            new ScanSettings(parseResult.GetRequiredValue(paths), parseResult.GetValue(events), parseResult.GetValue(json),
                parseResult.GetValue(asOf), parseResult.GetValue(immediate), parseResult.GetValue(showValues), parseResult.GetValue(ledger),
                parseResult.GetValue(warnings), parseResult.GetValue(config)),
            parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    /// <summary>Scans, writes the requested files, prints the summary on <paramref name="output"/> and the problems on <paramref name="error"/>; returns the exit code.</summary>
    /// <remarks>
    /// <para>With a ledger file, each remittance is committed with its events in one SQLite transaction, and the
    /// closing of time-expired items (<see cref="RecoupmentEngine.Complete"/>) in one more: a run that is interrupted
    /// (Ctrl+C, SIGTERM: exit code 130) or killed keeps what it committed, and the same command run again skips those
    /// remittances and does the rest. The events of the interrupted part are then in the ledger (<c>recoup events</c>),
    /// not in this run's files.</para>
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

        // Check the outputs first: a path that cannot be written is a usage error, found before a long scan, not after.
        var named = new (string Option, string? Path)[] { ("--events", settings.EventsCsv), ("--json", settings.EventsJson), ("--warnings", settings.Warnings) }
            .Where(o => o.Path is not null).Select(o => (o.Option, Full: Path.GetFullPath(o.Path!))).ToList();
        foreach (var clash in named.GroupBy(o => o.Full, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            await error.WriteLineAsync($"recoup: {string.Join(" and ", clash.Select(o => o.Option))} name the same file.").ConfigureAwait(false);
            return RecoupCli.UsageError;
        }
        var postgres = PostgreSqlConnectionString.IsConnectionString(settings.Ledger);
        if (settings.Ledger is { } ledgerPath && !postgres && named.FirstOrDefault(o => o.Full == Path.GetFullPath(ledgerPath)) is { Option: { } same })
        {
            await error.WriteLineAsync($"recoup: --ledger names the same file as {same}.").ConfigureAwait(false);
            return RecoupCli.UsageError;
        }
        RecoupConfig config;
        try
        {
            config = RecoupConfig.Find(settings.Config, Environment.CurrentDirectory);
        }
        catch (RecoupConfigException e)
        {
            foreach (var problem in e.Problems) await error.WriteLineAsync($"recoup: {e.Path}: {problem}").ConfigureAwait(false);
            return RecoupCli.UsageError;
        }

        StreamWriter? csvFile = null, jsonFile = null, warningsFile = null;
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
            if (!TryCreate(settings.EventsCsv, "--events", error, out csvFile) || !TryCreate(settings.EventsJson, "--json", error, out jsonFile)
                || !TryCreate(settings.Warnings, "--warnings", error, out warningsFile))
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

            // The output files and the ledger may sit in a folder being scanned: they are not input.
            var notInput = named.Select(o => o.Full).Concat(LedgerFiles(postgres ? null : settings.Ledger)).ToHashSet(StringComparer.Ordinal);
            var inputs = InputFiles.Expand(settings.Paths).Where(i => !notInput.Contains(Path.GetFullPath(i.Path))).ToList();
            var files = inputs.Where(i => i.ProblemCode is null).Select(i => i.Path).ToList();
            var matchingDiagnostics = new DiagnosticList();
            var options = settings.ImmediateFullTakeback ? config.Options with { ImmediateFullTakeback = true } : config.Options;
            var engine = new RecoupmentEngine(ledger, options, matchingDiagnostics);
            var readerOptions = new Era835ReaderOptions { X12 = X12ReaderOptions.Default with { IncludeValuesInMessages = settings.ShowValues } };

            ScanResult result;
            try
            {
                var progress = new ScanProgressDisplay();
                var scan = new RemittanceScanner(engine, readerOptions).ScanAsync(files, progress, settings.AsOf, cancellationToken);
                await progress.ShowAsync(CliConsole.Create(error), scan, files.Count, TotalBytes(files)).ConfigureAwait(false);
                result = await scan.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await ScanOutput.WriteInterruptedAsync(error, settings, LedgerRun.From(durable, before)).ConfigureAwait(false);
                return RecoupCli.Interrupted;
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
            IReadOnlyList<Diagnostic> diagnostics = [.. result.Diagnostics, .. matchingDiagnostics];
            if (warningsFile is not null)
            {
                DiagnosticCsv.Write(Located(inputErrors, diagnostics), warningsFile);
            }

            var summary = ScanSummary.From(result.Events, ledger, before.Holds);
            ScanOutput.WriteSummary(CliConsole.Create(output), settings, config, result, summary, Reporting.PartyNames.Of(ledger).Payers, LedgerRun.From(durable, before));
            ScanOutput.WriteProblems(CliConsole.CreateForDiagnostics(error), settings, diagnostics, inputErrors);
            return inputErrors.Count > 0 ? RecoupCli.InputErrors : RecoupCli.Success;
        }
        finally
        {
            if (csvFile is not null) await csvFile.DisposeAsync().ConfigureAwait(false);
            if (jsonFile is not null) await jsonFile.DisposeAsync().ConfigureAwait(false);
            if (warningsFile is not null) await warningsFile.DisposeAsync().ConfigureAwait(false);
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

    /// <summary>The size of the files to read, for the progress bar (a file that cannot be measured counts 0).</summary>
    private static long TotalBytes(IEnumerable<string> files)
    {
        long total = 0;
        foreach (var file in files)
        {
            try
            {
                total += new FileInfo(file).Length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Reading it will report the problem.
            }
        }
        return total;
    }

    /// <summary>Every diagnostic for --warnings: inputs that could not be read first, then reading and matching, by file and position.</summary>
    private static IEnumerable<Diagnostic> Located(IReadOnlyList<Diagnostic> inputErrors, IReadOnlyList<Diagnostic> diagnostics) =>
        inputErrors.Concat(diagnostics.Where(d => !inputErrors.Contains(d))
            .OrderBy(d => d.File, StringComparer.Ordinal)
            .ThenBy(d => d.ByteOffset)
            .ThenBy(d => d.SegmentIndex));

    /// <summary>What a durable ledger held before the run: its remittances and the latest payment date among them.</summary>
    internal sealed class LedgerState
    {
        // Payer, trace, amount and date: what a DuplicateRemittanceIgnored event tells of the remittance it skipped.
        private readonly HashSet<(string Payer, string? Trace, decimal Amount, DateOnly? Date)> _remittances = [];

        private LedgerState(int documents, DateOnly? latest)
        {
            Documents = documents;
            LatestPaymentDate = latest;
        }

        public int Documents { get; }

        public DateOnly? LatestPaymentDate { get; }

        public static LedgerState Of(DurableLedger? ledger)
        {
            if (ledger is null) return new LedgerState(0, null);
            var documents = ledger.Documents();
            var state = new LedgerState(documents.Count, documents.Select(d => d.Record.Date).Max());
            foreach (var d in documents) state._remittances.Add((d.Record.Partition.PayerId, d.Record.Trace, Math.Abs(d.Record.TotalPayment), d.Record.Date));
            return state;
        }

        /// <summary>True when the remittance a run skipped was in the ledger before the run (committed by an earlier, maybe interrupted, run).</summary>
        public bool Holds(DuplicateRemittanceIgnored skipped) =>
            _remittances.Contains((skipped.PayerId, skipped.RemittanceTrace, skipped.Amount, skipped.RemittanceDate));
    }

    /// <summary>What the summary says about a durable ledger after the run.</summary>
    internal sealed record LedgerRun(string Path, LedgerStatistics Statistics, int Added, int Backfilled, DateOnly? HeldThrough)
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
}
