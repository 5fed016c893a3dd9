using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Recoupment.Detection.Cli.Commands;

namespace Recoupment.Detection.Cli;

/// <summary>The <c>recoup</c> command line: builds the command tree and runs it against the given writers.</summary>
public static class RecoupCli
{
    /// <summary>Exit code: the command ran and found no errors.</summary>
    public const int Success = 0;
    /// <summary>Exit code: some input had errors or could not be read.</summary>
    public const int InputErrors = 1;
    /// <summary>Exit code: the command line itself was wrong.</summary>
    public const int UsageError = 2;

    /// <summary>Builds the root command. Each command lives in its own file under <c>Commands/</c>.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("recoup: validates X12 835 remittance files and finds recoupments.");
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(EventsCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to <paramref name="stdout"/> and <paramref name="stderr"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var parseResult = CreateRootCommand().Parse(args);

        // System.CommandLine exits with 1 on parse errors; our contract reserves 1 for input errors and uses 2.
        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var error in parseResult.Errors) await stderr.WriteLineAsync($"recoup: {error.Message}").ConfigureAwait(false);
            await stderr.WriteLineAsync($"Run '{CommandPath(parseResult)} --help' for usage.").ConfigureAwait(false);
            return UsageError;
        }

        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    private static string CommandPath(ParseResult parseResult)
    {
        // The root command is named after the host executable; always show it as "recoup".
        var names = new List<string>();
        for (SymbolResult? r = parseResult.CommandResult; r is CommandResult c; r = c.Parent)
        {
            names.Add(c.Command is RootCommand ? "recoup" : c.Command.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
    }
}
