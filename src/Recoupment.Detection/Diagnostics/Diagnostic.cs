namespace Recoupment.Detection.Diagnostics;

/// <summary>How bad a <see cref="Diagnostic"/> is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Informational: nothing is wrong, but the caller may want to know.</summary>
    Info = 0,
    /// <summary>The input deviates from the standard but was read as the sender meant it.</summary>
    Warning = 1,
    /// <summary>The input is wrong; what could be read was still read.</summary>
    Error = 2,
}

/// <summary>
/// A located problem found while reading or matching. Expected data problems are diagnostics, never exceptions.
/// Messages name positions and codes, never element values, unless the caller opted in
/// (835 files carry protected health information).
/// </summary>
/// <param name="Code">Stable code, e.g. <c>X12-ENV-003</c> or <c>835-BAL-001</c>; see <see cref="DiagnosticCodes"/>.</param>
/// <param name="Severity">Error, warning or info.</param>
/// <param name="Message">Human-readable text without element values (unless values were enabled).</param>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message)
{
    /// <summary>Name of the file the problem was found in, when the reader knows it.</summary>
    public string? File { get; init; }

    /// <summary>Zero-based byte offset from the start of the input of the segment (or byte) concerned; -1 when unknown.</summary>
    public long ByteOffset { get; init; } = -1;

    /// <summary>Zero-based index of the segment in the input (the first segment read is 0); -1 when unknown.</summary>
    public long SegmentIndex { get; init; } = -1;

    /// <summary>Identifier of the segment concerned, e.g. <c>SE</c>.</summary>
    public string? SegmentId { get; init; }

    /// <summary>One-based element position inside the segment (CLP04 is 4); 0 when the whole segment is meant.</summary>
    public int Element { get; init; }

    /// <summary>ISA13 of the enclosing interchange.</summary>
    public string? InterchangeControlNumber { get; init; }

    /// <summary>GS06 of the enclosing functional group.</summary>
    public string? GroupControlNumber { get; init; }

    /// <summary>ST02 of the enclosing transaction set.</summary>
    public string? TransactionControlNumber { get; init; }

    /// <summary>True for <see cref="DiagnosticSeverity.Error"/>.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <inheritdoc />
    public override string ToString()
    {
        var where = ByteOffset >= 0 ? $" at byte {ByteOffset}" : "";
        var seg = SegmentId is null ? "" : Element > 0 ? $" ({SegmentId}{Element:00})" : $" ({SegmentId})";
        return $"{Severity} {Code}{where}{seg}: {Message}";
    }
}

/// <summary>Receives diagnostics as they are found.</summary>
public interface IDiagnosticSink
{
    /// <summary>Called once per diagnostic, in the order found.</summary>
    void Report(Diagnostic diagnostic);
}

/// <summary>A list of diagnostics that is also a sink; the usual way to collect them.</summary>
public sealed class DiagnosticList : List<Diagnostic>, IDiagnosticSink
{
    /// <inheritdoc />
    public void Report(Diagnostic diagnostic) => Add(diagnostic);

    /// <summary>Number of errors collected so far.</summary>
    public int ErrorCount => this.Count(d => d.IsError);

    /// <summary>True when at least one error was collected.</summary>
    public bool HasErrors => this.Any(d => d.IsError);
}
