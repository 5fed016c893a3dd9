using System.Text.Json;
using System.Text.Json.Serialization;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Sqlite;

/// <summary>The parts of a claim kept as one compact JSON column: adjustment totals, remark codes and service lines.</summary>
internal sealed class ClaimDetail
{
    [JsonPropertyName("a")]
    public AdjustmentDto[]? Adjustments { get; set; }

    [JsonPropertyName("r")]
    public string[]? Remarks { get; set; }

    [JsonPropertyName("l")]
    public LineDto[]? Lines { get; set; }

    public static ClaimDetail From(LedgerClaim claim)
    {
        var detail = new ClaimDetail();
        if (claim.Adjustments.Count > 0)
        {
            var adjustments = new AdjustmentDto[claim.Adjustments.Count];
            for (var i = 0; i < adjustments.Length; i++)
            {
                var a = claim.Adjustments[i];
                adjustments[i] = new AdjustmentDto { Group = a.Group, Reason = a.Reason, Amount = a.Amount };
            }
            detail.Adjustments = adjustments;
        }
        if (claim.RemarkCodes.Count > 0) detail.Remarks = [.. claim.RemarkCodes];
        if (claim.Lines.Count > 0)
        {
            var lines = new LineDto[claim.Lines.Count];
            for (var i = 0; i < lines.Length; i++) lines[i] = LineDto.From(claim.Lines[i]);
            detail.Lines = lines;
        }
        return detail;
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

/// <summary>An <see cref="AdjustmentAmount"/> in the detail JSON.</summary>
internal sealed class AdjustmentDto
{
    [JsonPropertyName("g")]
    public string? Group { get; set; }

    [JsonPropertyName("c")]
    public string? Reason { get; set; }

    [JsonPropertyName("m")]
    public decimal Amount { get; set; }
}

/// <summary>A <see cref="LedgerLine"/> in the detail JSON.</summary>
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
    public bool HasCorrectedPriorityPayer { get; set; }
    public DateOnly? ServiceFrom { get; set; }
    public DateOnly? ServiceTo { get; set; }
    public int Position { get; set; }
    public LedgerClaimState State { get; set; }
    public string? ReversedByDocumentId { get; set; }
    public long? CorrectionOfClaimId { get; set; }
    public bool PossibleDuplicate { get; set; }
    public ClaimDetail? Detail { get; set; }

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
        HasCorrectedPriorityPayer = c.HasCorrectedPriorityPayer,
        ServiceFrom = c.ServiceFrom,
        ServiceTo = c.ServiceTo,
        Position = c.Position,
        State = c.State,
        ReversedByDocumentId = c.ReversedByDocumentId,
        CorrectionOfClaimId = c.CorrectionOfClaimId,
        PossibleDuplicate = c.PossibleDuplicate,
        Detail = ClaimDetail.From(c),
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
        HasCorrectedPriorityPayer = HasCorrectedPriorityPayer,
        ServiceFrom = ServiceFrom,
        ServiceTo = ServiceTo,
        Position = Position,
        State = State,
        ReversedByDocumentId = ReversedByDocumentId,
        CorrectionOfClaimId = CorrectionOfClaimId,
        PossibleDuplicate = PossibleDuplicate,
        Adjustments = Detail?.ToAdjustments() ?? [],
        RemarkCodes = Detail?.Remarks ?? [],
        Lines = Detail?.ToLines() ?? [],
    };
}

/// <summary>Source-generated JSON (no reflection): compact, nulls and defaults left out.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ClaimDetail))]
[JsonSerializable(typeof(ClaimDto))]
internal sealed partial class LedgerJsonContext : JsonSerializerContext;

/// <summary>Reads and writes the JSON columns.</summary>
internal static class LedgerJson
{
    public static string Serialize(ClaimDetail detail) =>
        detail.Adjustments is null && detail.Remarks is null && detail.Lines is null ? "{}" : JsonSerializer.Serialize(detail, LedgerJsonContext.Default.ClaimDetail);

    public static ClaimDetail DeserializeDetail(string json) =>
        json.Length <= 2 ? new ClaimDetail() : JsonSerializer.Deserialize(json, LedgerJsonContext.Default.ClaimDetail) ?? new ClaimDetail();

    public static string Serialize(LedgerClaim claim) => JsonSerializer.Serialize(ClaimDto.From(claim), LedgerJsonContext.Default.ClaimDto);

    public static LedgerClaim DeserializeClaim(string json) =>
        (JsonSerializer.Deserialize(json, LedgerJsonContext.Default.ClaimDto) ?? throw new InvalidDataException("A pending reversal has no claim.")).ToClaim();
}
