using System.CommandLine;
using Recoupment.Detection.Csv;
using Recoupment.Detection.Sinks;

namespace Recoupment.Detection.Cli.Commands;

/// <summary>
/// <c>recoup events --ledger &lt;file.db | connection string&gt; [--json] [--out FILE]</c>: every event the ledger recorded, over every
/// run, in the order it recorded them, as the events CSV (DESIGN.md §4.3) or as JSON lines. After a scan was
/// interrupted, the events of its committed remittances are here (its own <c>--events</c> file may be partial, and the
/// rerun reports those remittances as duplicates).
/// </summary>
public static class EventsCommand
{
    /// <summary>Builds the <c>events</c> command.</summary>
    public static Command Create()
    {
        var ledger = LedgerFile.CreateOption("The ledger that recoup scan --ledger wrote: its SQLite file, or a PostgreSQL connection string (Host=...;Database=... or postgresql://...).");
        var json = new Option<bool>("--json") { Description = "Write JSON lines (one object per event, the same fields) instead of CSV." };
        var output = new Option<string>("--out") { Description = "Write the events to this file instead of standard output.", HelpName = "file" };
        var command = new Command("events",
            "Export every event a ledger recorded, over all runs (also those of an interrupted run), as the events CSV or JSON lines.")
        {
            ledger, json, output,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult.GetRequiredValue(ledger), parseResult.GetValue(json),
            parseResult.GetValue(output), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    /// <summary>Writes the events; returns 0, 1 when the ledger is missing or cannot be read, 2 when <paramref name="outPath"/> cannot be written.</summary>
    public static async Task<int> RunAsync(string ledgerPath, bool json, string? outPath, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        using var ledger = LedgerFile.TryOpenExisting(ledgerPath, error);
        if (ledger is null) return RecoupCli.InputErrors;
        var file = outPath is null ? null : LedgerFile.TryCreateOutput(outPath, error);
        if (outPath is not null && file is null) return RecoupCli.UsageError;
        try
        {
            var writer = file ?? output;
            var events = ledger.Ledger.Events();
            if (json)
            {
                using var lines = new EventJsonLinesWriter(writer, leaveOpen: true);
                lines.Write(events);
            }
            else
            {
                await using var csv = new EventCsvWriter(writer, leaveOpen: true);
                csv.Write(events);
            }
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (file is not null) await file.DisposeAsync().ConfigureAwait(false);
        }
        return RecoupCli.Success;
    }
}
