using Spectre.Console;

namespace Recoupment.Detection.Cli;

/// <summary>
/// The tables every command prints: rounded borders on a terminal, plain ASCII in files and pipes, numbers
/// right-aligned and never wrapped. Tables fit the console's width (<see cref="CliConsole.RedirectedWidth"/> columns
/// when redirected): text columns wrap when they must.
/// </summary>
public static class Tables
{
    /// <summary>A table with these columns; <c>Right</c> marks a numeric column (right-aligned, not wrapped).</summary>
    public static Table New(IAnsiConsole console, params (string Heading, bool Right)[] columns)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(columns);
        var table = new Table { Border = console.Profile.Capabilities.Unicode ? TableBorder.Rounded : TableBorder.Ascii };
        foreach (var (heading, right) in columns)
        {
            var column = new TableColumn(heading);
            if (right) column.RightAligned().NoWrap();
            table.AddColumn(column);
        }
        return table;
    }

    /// <summary>A bold heading line above a table.</summary>
    public static void Heading(IAnsiConsole console, string text)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.Write(new Text(text, new Style(decoration: Decoration.Bold)));
        console.WriteLine();
    }
}
