using System.CommandLine;
using Recoupment.Detection.Cases;
using Recoupment.Detection.Csv;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Reporting;
using Spectre.Console;
using static Recoupment.Detection.Cli.CliFormat;

namespace Recoupment.Detection.Cli.Commands;

/// <summary>
/// <c>recoup case list|set|show</c>: the worklist cases of a ledger and what the billing team decided about them (see
/// docs/cases.md). <c>list</c> shows the cases (open ones unless <c>--status</c> says otherwise), <c>set</c> appends a
/// status change to a case's history (checked against the transition table: an unknown case or a change not allowed is
/// an error, exit 2, and nothing is written), <c>show</c> prints one case with its events and its history.
/// </summary>
public static class CaseCommand
{
    private const string LedgerHelp = "The ledger that recoup scan --ledger wrote: its SQLite file, or a PostgreSQL connection string.";

    /// <summary>Builds the <c>case</c> command and its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("case", "Track worklist cases to their outcome: list them, set a status (accepted, disputed, appealed, won...), show one with its history.");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateSet());
        command.Subcommands.Add(CreateShow());
        return command;
    }

    private static Option<DateOnly?> AsOfOption() => new("--as-of")
    {
        Description = "The date ages and days left to appeal are counted to. Default: today.",
        HelpName = "yyyy-MM-dd",
        CustomParser = ScanCommand.ParseDate,
    };

    private static Command CreateList()
    {
        var ledger = LedgerFile.CreateOption(LedgerHelp);
        var status = new Option<string[]>("--status")
        {
            Description = $"Only cases in these statuses ({string.Join(", ", CaseStatuses.Names)}); repeat the option or separate with commas. Default: the cases on the worklist.",
            HelpName = "status",
            AllowMultipleArgumentsPerToken = true,
        };
        var payer = new Option<string>("--payer") { Description = "Only cases of this payer (its key, or part of its name).", HelpName = "payer" };
        var dueWithin = new Option<int?>("--due-within") { Description = "Only cases whose appeal deadline is at most this many days away (passed ones included).", HelpName = "days" };
        var format = new Option<string>("--format") { Description = "table (default) or csv (case_id, status, then the worklist columns).", HelpName = "table|csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv");
        var asOf = AsOfOption();
        var command = new Command("list", "The cases of a ledger, soonest appeal deadline first, with their status and latest note.") { ledger, status, payer, dueWithin, format, asOf };
        command.SetAction(parseResult => List(parseResult.GetRequiredValue(ledger), parseResult.GetValue(status) ?? [], parseResult.GetValue(payer),
            parseResult.GetValue(dueWithin), parseResult.GetValue(format) == "csv", parseResult.GetValue(asOf),
            parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error));
        return command;
    }

    private static Command CreateSet()
    {
        var caseId = new Argument<string>("case_id") { Description = "The case (recoup case list shows the ids)." };
        var ledger = LedgerFile.CreateOption(LedgerHelp);
        var status = new Option<string>("--status") { Description = $"The new status: {string.Join(", ", CaseStatuses.Names)}.", HelpName = "status", Required = true };
        var note = new Option<string>("--note") { Description = "What was decided or done (kept in the case's history).", HelpName = "text" };
        var by = new Option<string>("--by") { Description = "Who made the change. Default: the user name.", HelpName = "name" };
        var command = new Command("set", "Append a status change to a case's history (the transition table is in docs/cases.md).") { caseId, ledger, status, note, by };
        command.SetAction(parseResult => Set(parseResult.GetRequiredValue(caseId), parseResult.GetRequiredValue(ledger), parseResult.GetRequiredValue(status),
            parseResult.GetValue(note), parseResult.GetValue(by), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error));
        return command;
    }

    private static Command CreateShow()
    {
        var caseId = new Argument<string>("case_id") { Description = "The case (recoup case list shows the ids)." };
        var ledger = LedgerFile.CreateOption(LedgerHelp);
        var asOf = AsOfOption();
        var command = new Command("show", "One case: the worklist item, its events and its history.") { caseId, ledger, asOf };
        command.SetAction(parseResult => Show(parseResult.GetRequiredValue(caseId), parseResult.GetRequiredValue(ledger), parseResult.GetValue(asOf),
            parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Lists cases; returns 0, 1 when the ledger cannot be read, 2 for an unknown status.</summary>
    public static int List(string ledgerPath, IReadOnlyList<string> statuses, string? payer, int? dueWithin, bool csv, DateOnly? asOf, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var wanted = new HashSet<CaseStatus>();
        foreach (var name in statuses.SelectMany(s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!CaseStatuses.TryParse(name, out var s)) return UnknownStatus(name, error);
            wanted.Add(s);
        }
        using var ledger = LedgerFile.TryOpenExisting(ledgerPath, error);
        if (ledger is null) return RecoupCli.InputErrors;
        var cases = new CaseBook(ledger.Ledger).All(asOf ?? DateOnly.FromDateTime(DateTime.Now))
            .Where(c => wanted.Count == 0 ? c.IsOnWorklist : wanted.Contains(c.CaseStatus))
            .Where(c => payer is null || string.Equals(c.PayerId, payer, StringComparison.OrdinalIgnoreCase)
                        || c.PayerName?.Contains(payer, StringComparison.OrdinalIgnoreCase) == true)
            .Where(c => dueWithin is not { } days || c.DaysToDeadline <= days)
            .ToList();
        if (csv)
        {
            ReportCsv.WriteCases(cases, output);
            return RecoupCli.Success;
        }
        var console = CliConsole.Create(output);
        if (cases.Count == 0)
        {
            console.Line("No case matches.");
            return RecoupCli.Success;
        }
        var table = Tables.New(console, ("Case", false), ("Status", false), ("Appeal by", false), ("Payer", false), ("Account", false),
            ("Outstanding", true), ("Note", false));
        foreach (var column in new[] { 0, 2 }) table.Columns[column].NoWrap();
        foreach (var c in cases)
        {
            table.AddRow(new Text(c.CaseId), new Text(CaseStatuses.Name(c.CaseStatus)), new Text(c.AppealDeadline is { } d ? Date(d) : "-"),
                new Text(c.PayerName ?? c.PayerId), new Text(c.PatientAccount ?? "-"), new Text(Money(c.Outstanding)), new Text(c.CaseNote ?? ""));
        }
        console.Write(table);
        console.Line($"{Plural(cases.Count, "case")}.");
        return RecoupCli.Success;
    }

    /// <summary>Changes a case's status; returns 0, 1 when the ledger cannot be read, 2 for an unknown case, status or a change not allowed.</summary>
    public static int Set(string caseId, string ledgerPath, string status, string? note, string? by, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (!CaseStatuses.TryParse(status, out var to)) return UnknownStatus(status, error);
        using var ledger = LedgerFile.TryOpenExisting(ledgerPath, error);
        if (ledger is null) return RecoupCli.InputErrors;
        var book = new CaseBook(ledger.Ledger);
        try
        {
            var before = book.Find(caseId, DateOnly.FromDateTime(DateTime.Now))?.CaseStatus ?? CaseStatus.New;
            var entry = book.Set(caseId, to, note, by ?? Environment.UserName);
            output.WriteLine($"Case {entry.CaseId}: {CaseStatuses.Name(before)} -> {CaseStatuses.Name(entry.Status)}" +
                             (CaseStatuses.IsClosed(entry.Status) ? " (closed: it leaves the worklist)." : "."));
            return RecoupCli.Success;
        }
        catch (CaseChangeException e)
        {
            error.WriteLine($"recoup: {e.Message}");
            return RecoupCli.UsageError;
        }
    }

    /// <summary>Shows a case; returns 0, 1 when the ledger cannot be read, 2 for an unknown case.</summary>
    public static int Show(string caseId, string ledgerPath, DateOnly? asOf, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        using var ledger = LedgerFile.TryOpenExisting(ledgerPath, error);
        if (ledger is null) return RecoupCli.InputErrors;
        var book = new CaseBook(ledger.Ledger);
        var item = book.Find(caseId, asOf ?? DateOnly.FromDateTime(DateTime.Now));
        if (item is null)
        {
            error.WriteLine($"recoup: No case {caseId.Trim()} in the ledger (recoup case list shows the cases).");
            return RecoupCli.UsageError;
        }
        var console = CliConsole.Create(output);
        console.Line($"Case {item.CaseId}: {CaseStatuses.Name(item.CaseStatus)}{(item.IsClosed ? " (closed)" : "")}.");
        console.Line($"{item.Detail}. Payer {item.PayerName ?? item.PayerId}, account {item.PatientAccount ?? "-"}, claim {item.OriginalPayerClaimNumber ?? "-"}, " +
                     $"amount {Money(item.Amount)}, outstanding {Money(item.Outstanding)}, found {(item.FoundDate is { } f ? Date(f) : "-")}, " +
                     $"appeal by {(item.AppealDeadline is { } d ? Date(d) : "-")}, root cause {RecoupmentReport.CauseInWords(item.RootCause.ToString())}" +
                     $"{(item.CarcCodes.Count > 0 ? $" ({string.Join(", ", item.CarcCodes)})" : "")}.");
        console.WriteLine();

        Tables.Heading(console, "Events");
        var events = EventsOf(ledger.Ledger.Events(), item.EventId);
        var eventTable = Tables.New(console, ("Date", false), ("Event", false), ("Amount", true), ("Remaining", true), ("Event id", false));
        foreach (var e in events)
        {
            eventTable.AddRow(new Text(e.RemittanceDate is { } date ? Date(date) : "-"), new Text(e.EventType), new Text(Money(e.Amount)),
                new Text(e.RemainingAmount is { } r ? Money(r) : "-"), new Text(e.EventId));
        }
        console.Write(eventTable);
        console.WriteLine();

        Tables.Heading(console, "History");
        var history = book.History(item.CaseId);
        if (history.Count == 0)
        {
            console.Line("No change yet: the case is new.");
            return RecoupCli.Success;
        }
        var historyTable = Tables.New(console, ("When (UTC)", false), ("Status", false), ("By", false), ("Note", false));
        historyTable.Columns[0].NoWrap();
        foreach (var h in history)
        {
            historyTable.AddRow(new Text(h.At.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)),
                new Text(CaseStatuses.Name(h.Status)), new Text(h.By ?? "-"), new Text(h.Note ?? ""));
        }
        console.Write(historyTable);
        return RecoupCli.Success;
    }

    /// <summary>The event that opened the case and those that follow from it (collections, applications), in ledger order.</summary>
    private static List<RecoupmentEvent> EventsOf(IReadOnlyList<RecoupmentEvent> events, string eventId)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal) { eventId };
        var result = new List<RecoupmentEvent>();
        foreach (var e in events)
        {
            if (ids.Contains(e.EventId) || (e.RelatedEventId is { } related && ids.Contains(related)))
            {
                ids.Add(e.EventId);
                result.Add(e);
            }
        }
        return result;
    }

    private static int UnknownStatus(string name, TextWriter error)
    {
        error.WriteLine($"recoup: --status {name}: not a case status (one of {string.Join(", ", CaseStatuses.Names)}).");
        return RecoupCli.UsageError;
    }
}
