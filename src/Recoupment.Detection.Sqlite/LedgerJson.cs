using System.Text.Json;
using System.Text.Json.Serialization;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Sqlite;

/// <summary>
/// The <c>body</c> column of a claim: what does not change once the claim is in the ledger and needs no column of its
/// own, as compact JSON (short names, nulls and defaults left out). Written by <see cref="Write"/> straight from the
/// claim, read through the source-generated serializer.
/// </summary>
internal sealed class ClaimBody
{
    [JsonPropertyName("t")] public string? RemittanceTrace { get; set; }
    [JsonPropertyName("v")] public string? ProviderId { get; set; }
    [JsonPropertyName("s")] public string? StatusCode { get; set; }
    [JsonPropertyName("c")] public decimal Charge { get; set; }
    [JsonPropertyName("r")] public decimal? PatientResponsibility { get; set; }
    [JsonPropertyName("f")] public string? FilingIndicator { get; set; }
    [JsonPropertyName("o")] public string? OriginalReference { get; set; }
    [JsonPropertyName("i")] public string? PatientId { get; set; }
    [JsonPropertyName("ci")] public string? CorrectedPatientId { get; set; }
    [JsonPropertyName("ii")] public string? InsuredId { get; set; }
    [JsonPropertyName("rp")] public string? RenderingProviderId { get; set; }
    [JsonPropertyName("cob")] public bool HasCorrectedPriorityPayer { get; set; }
    [JsonPropertyName("sf")] public DateOnly? ServiceFrom { get; set; }
    [JsonPropertyName("st")] public DateOnly? ServiceTo { get; set; }
    [JsonPropertyName("n")] public int Position { get; set; }
    [JsonPropertyName("a")] public AdjustmentDto[]? Adjustments { get; set; }
    [JsonPropertyName("rm")] public string[]? Remarks { get; set; }
    [JsonPropertyName("l")] public LineDto[]? Lines { get; set; }

    /// <summary>Writes the body of a claim, in the shape this class reads.</summary>
    public static void Write(Utf8JsonWriter w, LedgerClaim c)
    {
        w.WriteStartObject();
        if (c.RemittanceTrace is { } trace) w.WriteString("t"u8, trace);
        if (c.ProviderId is { } provider) w.WriteString("v"u8, provider);
        w.WriteString("s"u8, c.StatusCode);
        w.WriteNumber("c"u8, c.Charge);
        if (c.PatientResponsibility is { } responsibility) w.WriteNumber("r"u8, responsibility);
        if (c.FilingIndicator is { } filing) w.WriteString("f"u8, filing);
        if (c.OriginalReference is { } f8) w.WriteString("o"u8, f8);
        if (c.PatientId is { } patient) w.WriteString("i"u8, patient);
        if (c.CorrectedPatientId is { } corrected) w.WriteString("ci"u8, corrected);
        if (c.InsuredId is { } insured) w.WriteString("ii"u8, insured);
        if (c.RenderingProviderId is { } rendering) w.WriteString("rp"u8, rendering);
        if (c.HasCorrectedPriorityPayer) w.WriteBoolean("cob"u8, true);
        if (c.ServiceFrom is { } from) WriteDate(w, "sf"u8, from);
        if (c.ServiceTo is { } to) WriteDate(w, "st"u8, to);
        if (c.Position != 0) w.WriteNumber("n"u8, c.Position);
        if (c.Adjustments.Count > 0)
        {
            w.WriteStartArray("a"u8);
            foreach (var a in c.Adjustments)
            {
                w.WriteStartObject();
                w.WriteString("g"u8, a.Group);
                w.WriteString("c"u8, a.Reason);
                w.WriteNumber("m"u8, a.Amount);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        if (c.RemarkCodes.Count > 0)
        {
            w.WriteStartArray("rm"u8);
            foreach (var remark in c.RemarkCodes) w.WriteStringValue(remark);
            w.WriteEndArray();
        }
        if (c.Lines.Count > 0)
        {
            w.WriteStartArray("l"u8);
            foreach (var l in c.Lines)
            {
                w.WriteStartObject();
                w.WriteString("p"u8, l.Procedure);
                if (l.Modifiers.Length > 0) w.WriteString("o"u8, l.Modifiers);
                if (l.Units is { } units) w.WriteNumber("u"u8, units);
                w.WriteNumber("c"u8, l.Charge);
                w.WriteNumber("d"u8, l.Paid);
                if (l.SubmittedProcedure is { } submitted) w.WriteString("s"u8, submitted);
                if (l.LineControlNumber is { } control) w.WriteString("n"u8, control);
                if (l.ServiceDate is { } date) WriteDate(w, "t"u8, date);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void WriteDate(Utf8JsonWriter w, ReadOnlySpan<byte> name, DateOnly date)
    {
        Span<byte> buffer = stackalloc byte[10];
        w.WriteString(name, buffer[..IsoDate.Format(date, buffer)]);
    }

    public IReadOnlyList<AdjustmentAmount> ToAdjustments()
    {
        if (Adjustments is not { Length: > 0 } source) return [];
        var result = new AdjustmentAmount[source.Length];
        for (var i = 0; i < result.Length; i++) result[i] = new AdjustmentAmount(source[i].Group ?? "", source[i].Reason ?? "", source[i].Amount);
        return result;
    }

    public IReadOnlyList<LedgerLine> ToLines()
    {
        if (Lines is not { Length: > 0 } source) return [];
        var result = new LedgerLine[source.Length];
        for (var i = 0; i < result.Length; i++) result[i] = source[i].ToLine();
        return result;
    }
}

/// <summary>An <see cref="AdjustmentAmount"/> in the JSON.</summary>
internal sealed class AdjustmentDto
{
    [JsonPropertyName("g")]
    public string? Group { get; set; }

    [JsonPropertyName("c")]
    public string? Reason { get; set; }

    [JsonPropertyName("m")]
    public decimal Amount { get; set; }
}

/// <summary>A <see cref="LedgerLine"/> in the JSON.</summary>
internal sealed class LineDto
{
    [JsonPropertyName("p")]
    public string? Procedure { get; set; }

    [JsonPropertyName("o")]
    public string? Modifiers { get; set; }

    [JsonPropertyName("u")]
    public decimal? Units { get; set; }

    [JsonPropertyName("c")]
    public decimal Charge { get; set; }

    [JsonPropertyName("d")]
    public decimal Paid { get; set; }

    [JsonPropertyName("s")]
    public string? SubmittedProcedure { get; set; }

    [JsonPropertyName("n")]
    public string? LineControlNumber { get; set; }

    [JsonPropertyName("t")]
    public DateOnly? ServiceDate { get; set; }

    public static LineDto From(LedgerLine line) => new()
    {
        Procedure = line.Procedure,
        Modifiers = line.Modifiers.Length == 0 ? null : line.Modifiers,
        Units = line.Units,
        Charge = line.Charge,
        Paid = line.Paid,
        SubmittedProcedure = line.SubmittedProcedure,
        LineControlNumber = line.LineControlNumber,
        ServiceDate = line.ServiceDate,
    };

    public LedgerLine ToLine() => new()
    {
        Procedure = Procedure ?? "",
        Modifiers = Modifiers ?? "",
        Units = Units,
        Charge = Charge,
        Paid = Paid,
        SubmittedProcedure = SubmittedProcedure,
        LineControlNumber = LineControlNumber,
        ServiceDate = ServiceDate,
    };
}

/// <summary>A whole claim as JSON: the reversal a pending reversal waits with (it is not itself in the ledger).</summary>
internal sealed class ClaimDto
{
    public long Id { get; set; }
    public string PayerId { get; set; } = "";
    public string PayeeId { get; set; } = "";
    public string DocumentId { get; set; } = "";
    public string? RemittanceTrace { get; set; }
    public DateOnly? RemittanceDate { get; set; }
    public string? ProviderId { get; set; }
    public string PatientControlNumber { get; set; } = "";
    public string StatusCode { get; set; } = "";
    public decimal Charge { get; set; }
    public decimal Paid { get; set; }
    public decimal? PatientResponsibility { get; set; }
    public string? FilingIndicator { get; set; }
    public string? PayerClaimNumber { get; set; }
    public string? OriginalReference { get; set; }
    public string? PatientId { get; set; }
    public string? CorrectedPatientId { get; set; }
    public string? InsuredId { get; set; }
    public string? RenderingProviderId { get; set; }
    public bool HasCorrectedPriorityPayer { get; set; }
    public DateOnly? ServiceFrom { get; set; }
    public DateOnly? ServiceTo { get; set; }
    public int Position { get; set; }
    public LedgerClaimState State { get; set; }
    public string? ReversedByDocumentId { get; set; }
    public long? CorrectionOfClaimId { get; set; }
    public bool PossibleDuplicate { get; set; }
    public AdjustmentDto[]? Adjustments { get; set; }
    public string[]? Remarks { get; set; }
    public LineDto[]? Lines { get; set; }

    public static ClaimDto From(LedgerClaim c) => new()
    {
        Id = c.Id,
        PayerId = c.Partition.PayerId,
        PayeeId = c.Partition.PayeeId,
        DocumentId = c.DocumentId,
        RemittanceTrace = c.RemittanceTrace,
        RemittanceDate = c.RemittanceDate,
        ProviderId = c.ProviderId,
        PatientControlNumber = c.PatientControlNumber,
        StatusCode = c.StatusCode,
        Charge = c.Charge,
        Paid = c.Paid,
        PatientResponsibility = c.PatientResponsibility,
        FilingIndicator = c.FilingIndicator,
        PayerClaimNumber = c.PayerClaimNumber,
        OriginalReference = c.OriginalReference,
        PatientId = c.PatientId,
        CorrectedPatientId = c.CorrectedPatientId,
        InsuredId = c.InsuredId,
        RenderingProviderId = c.RenderingProviderId,
        HasCorrectedPriorityPayer = c.HasCorrectedPriorityPayer,
        ServiceFrom = c.ServiceFrom,
        ServiceTo = c.ServiceTo,
        Position = c.Position,
        State = c.State,
        ReversedByDocumentId = c.ReversedByDocumentId,
        CorrectionOfClaimId = c.CorrectionOfClaimId,
        PossibleDuplicate = c.PossibleDuplicate,
        Adjustments = c.Adjustments.Count == 0 ? null : c.Adjustments.Select(a => new AdjustmentDto { Group = a.Group, Reason = a.Reason, Amount = a.Amount }).ToArray(),
        Remarks = c.RemarkCodes.Count == 0 ? null : [.. c.RemarkCodes],
        Lines = c.Lines.Count == 0 ? null : c.Lines.Select(LineDto.From).ToArray(),
    };

    public LedgerClaim ToClaim() => new()
    {
        Id = Id,
        Partition = new PartitionKey(PayerId, PayeeId),
        DocumentId = DocumentId,
        RemittanceTrace = RemittanceTrace,
        RemittanceDate = RemittanceDate,
        ProviderId = ProviderId,
        PatientControlNumber = PatientControlNumber,
        StatusCode = StatusCode,
        Charge = Charge,
        Paid = Paid,
        PatientResponsibility = PatientResponsibility,
        FilingIndicator = FilingIndicator,
        PayerClaimNumber = PayerClaimNumber,
        OriginalReference = OriginalReference,
        PatientId = PatientId,
        CorrectedPatientId = CorrectedPatientId,
        InsuredId = InsuredId,
        RenderingProviderId = RenderingProviderId,
        HasCorrectedPriorityPayer = HasCorrectedPriorityPayer,
        ServiceFrom = ServiceFrom,
        ServiceTo = ServiceTo,
        Position = Position,
        State = State,
        ReversedByDocumentId = ReversedByDocumentId,
        CorrectionOfClaimId = CorrectionOfClaimId,
        PossibleDuplicate = PossibleDuplicate,
        Adjustments = Adjustments is null ? [] : Adjustments.Select(a => new AdjustmentAmount(a.Group ?? "", a.Reason ?? "", a.Amount)).ToArray(),
        RemarkCodes = Remarks ?? [],
        Lines = Lines is null ? [] : Lines.Select(l => l.ToLine()).ToArray(),
    };
}

/// <summary>Source-generated JSON (no reflection): compact, nulls and defaults left out.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ClaimBody))]
[JsonSerializable(typeof(ClaimDto))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;

/// <summary>Reads and writes the JSON columns.</summary>
internal static class LedgerJson
{
    public static ClaimBody DeserializeBody(string json) =>
        JsonSerializer.Deserialize(json, LedgerJsonContext.Default.ClaimBody) ?? throw new InvalidDataException("A claim has no body.");

    public static string Serialize(LedgerClaim claim) => JsonSerializer.Serialize(ClaimDto.From(claim), LedgerJsonContext.Default.ClaimDto);

    public static LedgerClaim DeserializeClaim(string json) =>
        (JsonSerializer.Deserialize(json, LedgerJsonContext.Default.ClaimDto) ?? throw new InvalidDataException("A pending reversal has no claim.")).ToClaim();
}
