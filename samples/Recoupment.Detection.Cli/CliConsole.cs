using Spectre.Console;

namespace Recoupment.Detection.Cli;

/// <summary>Creates the Spectre.Console consoles the commands write to.</summary>
public static class CliConsole
{
    /// <summary>The width of tables and text when the output is not a terminal: tables are laid out to fit it.</summary>
    public const int RedirectedWidth = 100;

    /// <summary>
    /// A console over <paramref name="writer"/>: colours and Unicode borders on a terminal (laid out to its width); plain
    /// ASCII and no ANSI codes when the output is a file, a pipe or a test's writer, laid out to
    /// <see cref="RedirectedWidth"/> columns.
    /// </summary>
    public static IAnsiConsole Create(TextWriter writer) => Create(writer, RedirectedWidth);

    /// <summary>
    /// A console for diagnostics (standard error): as <see cref="Create(TextWriter)"/>, but when redirected every
    /// diagnostic stays on one line, however long, so that grep and diff see one line per diagnostic.
    /// </summary>
    public static IAnsiConsole CreateForDiagnostics(TextWriter writer) => Create(writer, 1000);

    /// <summary>
    /// Writes a sentence as it is, on one line (the terminal wraps it; files and pipes keep it whole): only tables are laid
    /// out to the console's width.
    /// </summary>
    public static void Line(this IAnsiConsole console, string text)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.Profile.Out.Writer.WriteLine(text);
    }

    /// <summary>True when <paramref name="writer"/> is the process's standard output or error and that is a terminal.</summary>
    public static bool IsTerminal(TextWriter writer) => new AnsiConsoleOutput(writer).IsTerminal;

    private static IAnsiConsole Create(TextWriter writer, int redirectedWidth)
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
            console.Profile.Width = redirectedWidth;
        }
        return console;
    }
}
