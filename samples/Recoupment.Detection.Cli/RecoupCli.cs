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
    /// <summary>Exit code: interrupted by Ctrl+C (SIGINT) or SIGTERM, 128 + 2 as shells report a SIGINT; what was committed stays, a rerun resumes.</summary>
    public const int Interrupted = 130;

    /// <summary>Builds the root command. Each command lives in its own file under <c>Commands/</c>.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("recoup: validates X12 835 remittance files and finds recoupments.");
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(ScanCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(EventsCommand.Create());
        root.Subcommands.Add(CaseCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>, writing results to <paramref name="stdout"/> and errors and warnings to
    /// <paramref name="stderr"/>; returns the exit code. <paramref name="cancellationToken"/> is Ctrl+C: the command
    /// stops, says what it kept, and the exit code is <see cref="Interrupted"/>.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        var parseResult = CreateRootCommand().Parse(args);

        // System.CommandLine exits with 1 on parse errors; our contract reserves 1 for input errors and uses 2.
        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var error in parseResult.Errors) await stderr.WriteLineAsync($"recoup: {error.Message}").ConfigureAwait(false);
            foreach (var suggestion in TypoSuggestions(parseResult)) await stderr.WriteLineAsync($"recoup: {suggestion}").ConfigureAwait(false);
            await stderr.WriteLineAsync($"Run '{CommandPath(parseResult)} --help' for usage.").ConfigureAwait(false);
            return UsageError;
        }

        // Ctrl+C is the caller's token (Program.cs turns SIGINT and SIGTERM into it), not System.CommandLine's own handler.
        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, ProcessTerminationTimeout = null };
        try
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("recoup: interrupted.").ConfigureAwait(false);
            return Interrupted;
        }
    }

    /// <summary>"'scna': did you mean 'scan'?" for each mistyped command or option of the command line.</summary>
    internal static IEnumerable<string> TypoSuggestions(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        var options = command.Options.Concat(parseResult.RootCommandResult.Command.Options.Where(o => o.Recursive))
            .SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct().ToList();
        var commands = command.Subcommands.SelectMany(c => c.Aliases.Prepend(c.Name)).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in parseResult.Tokens.Select(t => t.Value))
        {
            if (!seen.Add(token)) continue;
            string hint;
            if (token.StartsWith('-') && token.Length > 1)
            {
                if (options.Contains(token) || token is "-h" or "-?" or "--help") continue;
                hint = Suggestions.DidYouMean(token, options);
            }
            else if (commands.Count > 0 && !commands.Contains(token) && parseResult.UnmatchedTokens.Contains(token))
            {
                hint = Suggestions.DidYouMean(token, commands);
            }
            else
            {
                continue;
            }
            if (hint.Length > 0) yield return $"'{token}': {char.ToLowerInvariant(hint[0])}{hint[1..]}";
        }
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
