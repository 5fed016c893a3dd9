using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Validation;

namespace Recoupment.Detection.Cli.Commands;

/// <summary>One line of <c>recoup validate --json</c> (DESIGN.md §4.1); the property names are the contract.</summary>
public sealed record ValidateFileJson(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("interchanges")] long Interchanges,
    [property: JsonPropertyName("functional_groups")] long FunctionalGroups,
    [property: JsonPropertyName("transactions")] long Transactions,
    [property: JsonPropertyName("transactions_835")] long Transactions835,
    [property: JsonPropertyName("segments")] long Segments,
    [property: JsonPropertyName("claims")] long Claims,
    [property: JsonPropertyName("service_lines")] long ServiceLines,
    [property: JsonPropertyName("provider_adjustments")] long ProviderAdjustments,
    [property: JsonPropertyName("errors")] IReadOnlyList<DiagnosticJson> Errors,
    [property: JsonPropertyName("warnings")] IReadOnlyList<DiagnosticJson> Warnings)
{
    /// <summary>The JSON line of a validation report.</summary>
    public static ValidateFileJson From(ValidationReport report) => new(
        report.File, report.Interchanges, report.FunctionalGroups, report.Transactions, report.Transactions835,
        report.Segments, report.Claims, report.ServiceLines, report.ProviderAdjustments,
        report.Errors.Select(DiagnosticJson.From).ToList(),
        report.Warnings.Select(DiagnosticJson.From).ToList());
}

/// <summary>One error or warning of a <see cref="ValidateFileJson"/>.</summary>
public sealed record DiagnosticJson(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("byte_offset")] long ByteOffset,
    [property: JsonPropertyName("segment_index")] long SegmentIndex,
    [property: JsonPropertyName("segment_id")] string? SegmentId,
    [property: JsonPropertyName("element")] int Element,
    [property: JsonPropertyName("interchange_control_number")] string? InterchangeControlNumber,
    [property: JsonPropertyName("transaction_control_number")] string? TransactionControlNumber)
{
    /// <summary>The JSON shape of a diagnostic.</summary>
    public static DiagnosticJson From(Diagnostic d) => new(
        d.Code, d.Message, d.ByteOffset, d.SegmentIndex, d.SegmentId, d.Element, d.InterchangeControlNumber, d.TransactionControlNumber);
}

/// <summary>Source-generated serialization for the CLI's JSON output (no reflection, trim-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(ValidateFileJson))]
public sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context for JSON lines: quotes and non-ASCII file names are written as they are, not as \u escapes, so the
    /// lines stay greppable. The output is data for pipelines, never embedded in HTML.
    /// </summary>
    public static CliJsonContext Lines { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
