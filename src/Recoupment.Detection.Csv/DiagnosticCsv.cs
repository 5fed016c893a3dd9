using System.Globalization;
using CsvHelper;
using Recoupment.Detection.Diagnostics;

namespace Recoupment.Detection.Csv;

/// <summary>
/// Diagnostics as CSV, one row each with its location: file, byte offset, segment index, segment ID and element, and
/// the enclosing ISA13, GS06 and ST02. Empty where a location is not known (-1 offsets are written empty). Messages are
/// as the reader wrote them: without element values unless values were enabled.
/// </summary>
public static class DiagnosticCsv
{
    /// <summary>The column names, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "severity", "code", "file", "byte_offset", "segment_index", "segment_id", "element", "interchange_control_number",
        "group_control_number", "transaction_control_number", "message",
    ];

    /// <summary>Writes a header row and one row per diagnostic, in the order given.</summary>
    /// <param name="diagnostics">The diagnostics.</param>
    /// <param name="writer">Where the CSV goes.</param>
    /// <param name="leaveOpen">When false, <paramref name="writer"/> is disposed at the end.</param>
    public static void Write(IEnumerable<Diagnostic> diagnostics, TextWriter writer, bool leaveOpen = true)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentNullException.ThrowIfNull(writer);
        using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen);
        csv.WriteHeader([.. Columns]);
        foreach (var d in diagnostics)
        {
            csv.WriteRecord(
            [
                d.Severity.ToString().ToLowerInvariant(), d.Code, d.File ?? "", Position(d.ByteOffset), Position(d.SegmentIndex), d.SegmentId ?? "",
                d.Element > 0 ? d.Element.ToString(CultureInfo.InvariantCulture) : "", d.InterchangeControlNumber ?? "", d.GroupControlNumber ?? "",
                d.TransactionControlNumber ?? "", d.Message,
            ]);
        }
        csv.Flush();
    }

    private static string Position(long value) => value >= 0 ? value.ToString(CultureInfo.InvariantCulture) : "";
}
