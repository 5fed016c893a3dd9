using Spectre.Console;

namespace Recoupment.Detection.Cli;

/// <summary>Creates the Spectre.Console console the commands render tables to.</summary>
public static class CliConsole
{
    /// <summary>
    /// A console over <paramref name="writer"/>: colours and Unicode borders on a terminal; plain ASCII, no ANSI codes
    /// and no line wrapping when the output is a file, a pipe or a test's writer.
    /// </summary>
    public static IAnsiConsole Create(TextWriter writer)
    {
        var output = new AnsiConsoleOutput(writer);
        var terminal = output.IsTerminal;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = output,
            // Detection alone looks at TERM and may emit ANSI into a redirected stream; only a terminal gets it.
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Capabilities.Unicode = false;
            // Redirected output is read by grep and diff: keep each row and message on one line.
            console.Profile.Width = 1000;
        }
        return console;
    }
}
