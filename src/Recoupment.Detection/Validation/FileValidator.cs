using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Validation;

/// <summary>What <see cref="FileValidator"/> found in one input: counts and located diagnostics.</summary>
public sealed record ValidationReport
{
    /// <summary>The input's name (path).</summary>
    public required string File { get; init; }
    /// <summary>ISA headers.</summary>
    public long Interchanges { get; init; }
    /// <summary>GS headers.</summary>
    public long FunctionalGroups { get; init; }
    /// <summary>ST headers of any transaction set.</summary>
    public long Transactions { get; init; }
    /// <summary>ST headers of 835 transaction sets.</summary>
    public long Transactions835 { get; init; }
    /// <summary>Every segment, ISA through IEA.</summary>
    public long Segments { get; init; }
    /// <summary>CLP segments of 835 transactions.</summary>
    public long Claims { get; init; }
    /// <summary>SVC segments of 835 transactions.</summary>
    public long ServiceLines { get; init; }
    /// <summary>PLB adjustment pairs (one PLB segment holds up to six).</summary>
    public long ProviderAdjustments { get; init; }
    /// <summary>Every diagnostic, in the order found.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
    /// <summary>The error diagnostics.</summary>
    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);
    /// <summary>The warning diagnostics.</summary>
    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);
    /// <summary>True when no error was found.</summary>
    public bool IsValid => !Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>
/// Checks one input end to end: syntax, envelopes (ISA/IEA, GS/GE, ST/SE counts and control numbers) and, for 835
/// transactions, structure and balancing. Streams the input; memory does not grow with its size.
/// </summary>
public static class FileValidator
{
    /// <summary>Validates a stream.</summary>
    /// <param name="stream">The input.</param>
    /// <param name="fileName">Name reported in the report and in every diagnostic.</param>
    /// <param name="options">Reader options (maximum segment length, whether messages may quote values).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async ValueTask<ValidationReport> ValidateAsync(Stream stream, string fileName, X12ReaderOptions options = default,
        CancellationToken cancellationToken = default)
    {
        var diagnostics = new DiagnosticList();
        long claims = 0, lines = 0, adjustments = 0;
        var parser = new Era835Parser(item =>
        {
            if (item is not RemittanceEnd end) return;
            claims += end.ClaimCount;
            lines += end.ServiceLineCount;
            adjustments += end.ProviderAdjustmentCount;
        }, diagnostics);
        var state = await X12StreamReader.ReadAsync(stream, parser, new X12ReaderState(options, parser.Sink, fileName), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        parser.Complete(state.BytesConsumedTotal, state.Statistics.Segments);
        var stats = state.Statistics;
        return new ValidationReport
        {
            File = fileName,
            Interchanges = stats.Interchanges,
            FunctionalGroups = stats.FunctionalGroups,
            Transactions = stats.Transactions,
            Transactions835 = stats.Transactions835,
            Segments = stats.Segments,
            Claims = claims,
            ServiceLines = lines,
            ProviderAdjustments = adjustments,
            Diagnostics = diagnostics,
        };
    }

    /// <summary>Validates a file.</summary>
    public static async ValueTask<ValidationReport> ValidateFileAsync(string path, X12ReaderOptions options = default, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return await ValidateAsync(stream, path, options, cancellationToken).ConfigureAwait(false);
    }
}
