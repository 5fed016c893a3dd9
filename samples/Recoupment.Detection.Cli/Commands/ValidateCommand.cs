using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Validation;
using Recoupment.Detection.X12;
using Spectre.Console;

namespace Recoupment.Detection.Cli.Commands;

/// <summary><c>recoup validate [--json] [--show-values] &lt;path&gt;...</c> (DESIGN.md §4.1).</summary>
public static class ValidateCommand
{
    /// <summary>Builds the <c>validate</c> command.</summary>
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object per input file, one per line." };
        var showValues = new Option<bool>("--show-values")
        {
            Description = "Let diagnostic messages quote element values. Off by default: 835 files carry patient data.",
        };
        var paths = InputFiles.CreateArgument();
        var command = new Command("validate",
            "Check syntax, envelopes (ISA/IEA, GS/GE, ST/SE counts and control numbers) and 835 balancing.")
        {
            json, showValues, paths,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetRequiredValue(paths), parseResult.GetValue(json), parseResult.GetValue(showValues),
            parseResult.InvocationConfiguration.Output, cancellationToken));
        return command;
    }

    /// <summary>Validates every input under <paramref name="paths"/> and writes JSON lines or a table; returns the exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> paths, bool json, bool showValues, TextWriter output,
        CancellationToken cancellationToken = default)
    {
        var options = X12ReaderOptions.Default with { IncludeValuesInMessages = showValues };
        var anyErrors = false;
        // The table needs every report; JSON lines are written and forgotten, so memory stays flat on big folders.
        var tableRows = json ? null : new List<ValidationReport>();
        foreach (var input in InputFiles.Expand(paths))
        {
            var report = await ValidateAsync(input, options, cancellationToken).ConfigureAwait(false);
            anyErrors |= !report.IsValid;
            if (tableRows is not null)
            {
                tableRows.Add(report);
                continue;
            }
            // One line per file as soon as it is done, so a pipeline can consume a long run incrementally.
            await output.WriteLineAsync(JsonSerializer.Serialize(ValidateFileJson.From(report), CliJsonContext.Lines.ValidateFileJson))
                .ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        // One line per file and per diagnostic, however long the paths, for grep (validate's rows are file paths: wrapping
        // them to 100 columns would only break them; --json is the form for programs).
        if (tableRows is not null)
        {
            var lines = CliConsole.CreateForDiagnostics(output);
            WriteTable(lines, lines, tableRows);
        }
        return anyErrors ? RecoupCli.InputErrors : RecoupCli.Success;
    }

    private static async Task<ValidationReport> ValidateAsync(InputFile input, X12ReaderOptions options, CancellationToken cancellationToken)
    {
        if (input.ProblemCode is not null) return Failed(input.Path, input.ProblemCode, input.Problem ?? "");
        try
        {
            return await FileValidator.ValidateFileAsync(input.Path, options, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return Failed(input.Path, InputFiles.PathNotFound, "File not found.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(input.Path, InputFiles.PathUnreadable, $"File could not be read: {e.Message}");
        }
    }

    private static ValidationReport Failed(string path, string code, string message) => new()
    {
        File = path,
        Diagnostics = [new Diagnostic(code, DiagnosticSeverity.Error, message) { File = path }],
    };

    private static void WriteTable(IAnsiConsole console, IAnsiConsole lines, IReadOnlyList<ValidationReport> reports)
    {
        var table = Tables.New(console, ("File", false), ("ISA", true), ("GS", true), ("ST", true), ("835", true), ("Segments", true), ("Claims", true),
            ("Lines", true), ("Adjustments", true), ("Errors", true), ("Warnings", true));
        foreach (var r in reports)
        {
            var errors = r.Errors.Count();
            var warnings = r.Warnings.Count();
            table.AddRow(
                new Text(r.File), Number(r.Interchanges), Number(r.FunctionalGroups), Number(r.Transactions), Number(r.Transactions835),
                Number(r.Segments), Number(r.Claims), Number(r.ServiceLines), Number(r.ProviderAdjustments),
                Number(errors, errors > 0 ? Color.Red : null), Number(warnings, warnings > 0 ? Color.Yellow : null));
        }
        console.Write(table);

        var totalErrors = reports.Sum(r => r.Errors.Count());
        var totalWarnings = reports.Sum(r => r.Warnings.Count());
        var failed = reports.Count(r => !r.IsValid);
        console.WriteLine(failed == 0
            ? $"{Plural(reports.Count, "file")}: no errors, {Plural(totalWarnings, "warning")}."
            : $"{CliFormat.Count(failed)} of {Plural(reports.Count, "file")} with errors: {Plural(totalErrors, "error")}, {Plural(totalWarnings, "warning")}.");

        foreach (var r in reports)
        {
            var shown = r.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info).ToList();
            if (shown.Count == 0) continue;
            lines.WriteLine();
            lines.Write(new Text(r.File, new Style(decoration: Decoration.Bold)));
            lines.WriteLine();
            WriteDiagnostics(lines, shown);
        }
    }

    /// <summary>Writes diagnostics as aligned lines: severity, code, location, control numbers, message.</summary>
    internal static void WriteDiagnostics(IAnsiConsole console, IReadOnlyList<Diagnostic> diagnostics)
    {
        // Aligned columns written by hand: a Grid would pad the message column with trailing blanks.
        var rows = diagnostics.Select(d => (d, Severity: d.IsError ? "error" : "warning", Location: Location(d), Control: ControlNumbers(d))).ToList();
        var severityWidth = rows.Max(r => r.Severity.Length);
        var codeWidth = rows.Max(r => r.d.Code.Length);
        var locationWidth = rows.Max(r => r.Location.Length);
        var controlWidth = rows.Max(r => r.Control.Length);
        foreach (var (d, severity, location, control) in rows)
        {
            var style = new Style(d.IsError ? Color.Red : Color.Yellow);
            console.Write(new Text("  " + severity.PadRight(severityWidth) + "  ", style));
            console.Write(new Text(d.Code.PadRight(codeWidth), style));
            console.Write(new Text($"  {location.PadRight(locationWidth)}  {control.PadRight(controlWidth)}  {d.Message}"));
            console.WriteLine();
        }
    }

    /// <summary>"byte N, segment N (ID##)", or "-" when the diagnostic is about the whole file.</summary>
    internal static string Location(Diagnostic d)
    {
        var parts = new List<string>();
        if (d.ByteOffset >= 0) parts.Add($"byte {d.ByteOffset.ToString(CultureInfo.InvariantCulture)}");
        if (d.SegmentIndex >= 0) parts.Add($"segment {d.SegmentIndex.ToString(CultureInfo.InvariantCulture)}");
        var location = parts.Count > 0 ? string.Join(", ", parts) : "-";
        if (d.SegmentId is not null) location += d.Element > 0 ? $" ({d.SegmentId}{d.Element:00})" : $" ({d.SegmentId})";
        return location;
    }

    /// <summary>The enclosing ISA13, GS06 and ST02 that are known, e.g. "ISA 000000905 GS 1 ST 0001".</summary>
    internal static string ControlNumbers(Diagnostic d)
    {
        var parts = new List<string>();
        if (d.InterchangeControlNumber is not null) parts.Add($"ISA {d.InterchangeControlNumber}");
        if (d.GroupControlNumber is not null) parts.Add($"GS {d.GroupControlNumber}");
        if (d.TransactionControlNumber is not null) parts.Add($"ST {d.TransactionControlNumber}");
        return parts.Count > 0 ? string.Join(' ', parts) : "-";
    }

    /// <summary>A right-aligned count with thousands separators, optionally coloured.</summary>
    internal static Text Number(long value, Color? color = null) =>
        new(value.ToString("N0", CultureInfo.InvariantCulture), color is null ? Style.Plain : new Style(color));

    /// <summary>"1 file", "2 files".</summary>
    internal static string Plural(long count, string noun) => CliFormat.Plural(count, noun);
}
