using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Matching;
using Spectre.Console;
using static Recoupment.Detection.Cli.CliFormat;

namespace Recoupment.Detection.Cli.Commands;

/// <summary>
/// What <c>recoup scan</c> prints: the summary on standard output (results), the inputs that could not be read and
/// the count of diagnostics on standard error (problems), and what an interruption kept.
/// </summary>
internal static class ScanOutput
{
    /// <summary>The summary: what was read, the money found, the ledger, by payer, the largest recoupments, where the events went.</summary>
    public static void WriteSummary(IAnsiConsole console, ScanSettings settings, RecoupConfig config, ScanResult result, ScanSummary summary,
        IReadOnlyDictionary<string, string> payerNames, ScanCommand.LedgerRun? ledger)
    {
        var asOf = result.AsOf is { } d ? Date(d) : null;
        console.Line($"Read {Plural(result.Files, "file")} ({Size(result.Bytes)}): {Plural(result.Remittances, "remittance")} with " +
                          $"{Plural(result.Claims, "claim")}" + (asOf is null ? "." : $", as of {asOf}."));
        if (config.Path is not null) console.Line($"Settings from {config.Path}.");
        // Counted in the line above (they were read), matched once: the figures below do not double.
        if (summary.AlreadyInLedger.Count > 0)
        {
            console.Line($"{Plural(summary.AlreadyInLedger.Count, "remittance")} {(summary.AlreadyInLedger.Count == 1 ? "was" : "were")} already in the ledger, " +
                              "committed by an earlier run (an interrupted run resumes this way): skipped.");
        }
        if (summary.Duplicates.Count > 0)
        {
            console.Line($"{Plural(summary.Duplicates.Count, "remittance")} ignored as duplicates: read twice by this run (the same file given twice, or a copy of it).");
        }
        console.WriteLine();

        var table = Tables.New(console, ("", false), ("Count", true), ("Amount", true));
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
        if (ledger is not null) Row(table, "Already in the ledger (skipped)", summary.AlreadyInLedger);
        console.Write(table);
        console.Line("Recouped: money taken back on claims. Offset: where some of it came from, so the two overlap.");
        console.Line("Refunded: money the provider sent back itself. " +
                          (asOf is null ? "Open items are as of the end of the run." : $"Open items are as of {asOf}."));
        if (ledger is not null)
        {
            var s = ledger.Statistics;
            console.Line($"Ledger {ledger.Path} (every run so far): {Plural(s.Documents, "remittance")} ({Count(ledger.Added)} added by this run), " +
                              $"{Plural(s.Claims, "claim")}, {Plural(s.Events, "event")}; open receivables {Tally(summary.OpenReceivables.Count, summary.OpenReceivables.Amount)}, " +
                              $"unmatched in suspense {Tally(summary.Suspense.Count, summary.Suspense.Amount)}. The worklist: recoup report --ledger {ledger.Path}");
            if (ledger.Backfilled > 0)
            {
                console.Line($"{Plural(ledger.Backfilled, "remittance")} of this run {(ledger.Backfilled == 1 ? "is" : "are")} dated before {Date(ledger.HeldThrough!.Value)}, " +
                                  "the latest payment date the ledger already held: matched against the ledger as it stood (a backfill), " +
                                  "so recoveries found earlier without their original are linked now (RecoupmentLinked).");
            }
        }

        if (summary.ByPayer.Count > 0)
        {
            console.WriteLine();
            Tables.Heading(console, "By payer");
            var payers = Tables.New(console, ("Payer", false), ("Recouped", true), ("Refunded", true), ("Offset", true), ("Unmatched", true), ("Open receivables", true));
            foreach (var (payer, t) in summary.ByPayer)
            {
                payers.AddRow(new Text(payerNames.TryGetValue(payer, out var name) ? $"{name} ({payer})" : payer), MoneyText(t.Recouped.Amount),
                    MoneyText(t.Refunded.Amount), MoneyText(t.Offset.Amount), MoneyText(t.Unmatched.Amount, t.Unmatched.Count > 0 ? Color.Yellow : null),
                    MoneyText(t.OpenReceivables.Amount));
            }
            console.Write(payers);
        }

        if (summary.Largest.Count > 0)
        {
            console.WriteLine();
            Tables.Heading(console, "Largest recoupments");
            var largest = Tables.New(console, ("Claim", false), ("Original ICN", false), ("Amount", true), ("Mode", false), ("Root cause", false), ("Appeal by", false));
            foreach (var e in summary.Largest)
            {
                largest.AddRow(new Text(e.ClaimId ?? "-"), new Text(e.OriginalPayerClaimNumber ?? "-"), MoneyText(e.Amount),
                    new Text(e.Mode.ToString()), new Text(e.RootCause.ToString()), new Text(e.AppealDeadline is { } a ? Date(a) : "-"));
            }
            console.Write(largest);
        }

        console.WriteLine();
        var written = new List<string>();
        if (settings.EventsCsv is not null) written.Add(settings.EventsCsv);
        if (settings.EventsJson is not null) written.Add(settings.EventsJson);
        console.Line(written.Count > 0
            ? $"{Plural(result.Events.Count, "event")} written to {string.Join(" and ", written)}."
            : $"{Plural(result.Events.Count, "event")}; write them with --events <file.csv> or --json <file.jsonl>.");
    }

    /// <summary>On standard error: how many errors and warnings reading and matching reported, and the inputs that could not be read.</summary>
    public static void WriteProblems(IAnsiConsole console, ScanSettings settings, IReadOnlyList<Diagnostic> diagnostics, IReadOnlyList<Diagnostic> inputErrors)
    {
        var problems = diagnostics.Where(x => x.Severity != DiagnosticSeverity.Info).ToList();
        if (problems.Count > 0)
        {
            var errors = problems.Count(x => x.IsError);
            var where = settings.Warnings is not null
                ? $"each is listed with its location in {settings.Warnings}."
                : "recoup scan --warnings <file.csv> lists each with its location.";
            console.Line($"recoup: reading and matching reported {Plural(errors, "error")} and {Plural(problems.Count - errors, "warning")} " +
                              $"({string.Join(", ", problems.GroupBy(x => x.Code).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{Count(g.Count())}"))}); {where}");
        }

        if (inputErrors.Count > 0)
        {
            console.Write(new Text($"recoup: could not read {Plural(inputErrors.Count, "input")} (the rest was scanned):", new Style(Color.Red, decoration: Decoration.Bold)));
            console.WriteLine();
            foreach (var byFile in inputErrors.GroupBy(x => x.File))
            {
                console.Write(new Text(byFile.Key ?? "-", new Style(decoration: Decoration.Bold)));
                console.WriteLine();
                ValidateCommand.WriteDiagnostics(console, byFile.ToList());
            }
        }
    }

    /// <summary>On standard error, after Ctrl+C or SIGTERM: what the ledger kept, and that running the command again resumes.</summary>
    public static async Task WriteInterruptedAsync(TextWriter error, ScanSettings settings, ScanCommand.LedgerRun? ledger)
    {
        string text;
        if (ledger is null)
        {
            text = "recoup: interrupted. Nothing was kept: the ledger was in memory (scan --ledger <file.db> keeps the work of a run, and a rerun resumes it).";
        }
        else
        {
            text = $"recoup: interrupted. The ledger {ledger.Path} kept {Plural(ledger.Added, "remittance")} of this run, each committed with its events " +
                   $"({Plural(ledger.Statistics.Documents, "remittance")} in all). Run the same command again to resume: the remittances already in the " +
                   "ledger are skipped, and the rest is done.";
            if (settings.EventsCsv is not null || settings.EventsJson is not null)
            {
                text += $" This run's event files are empty; recoup events --ledger {ledger.Path} exports the events the ledger kept.";
            }
        }
        await error.WriteLineAsync(text).ConfigureAwait(false);
    }

    private static void Row(Table table, string label, Tally tally, bool bold = false, bool warn = false)
    {
        var style = new Style(warn && tally.Count > 0 ? Color.Yellow : null, decoration: bold ? Decoration.Bold : Decoration.None);
        table.AddRow(new Text(label, style), new Text(Count(tally.Count)), MoneyText(tally.Amount, warn && tally.Count > 0 ? Color.Yellow : null));
    }

    private static Text MoneyText(decimal amount, Color? color = null) => new(Money(amount), color is null ? Style.Plain : new Style(color));
}
