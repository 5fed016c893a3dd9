namespace Recoupment.Detection.Era835;

/// <summary>Loop 2110: one service line (SVC) with its dates, adjustments, references, amounts and remarks.</summary>
public sealed class ServiceLine
{
    /// <summary>SVC01: the adjudicated procedure.</summary>
    public ProcedureIdentifier Procedure { get; internal set; } = ProcedureIdentifier.Empty;
    /// <summary>SVC02: line item charge amount.</summary>
    public decimal ChargeAmount { get; internal set; }
    /// <summary>SVC03: line item provider payment amount.</summary>
    public decimal PaymentAmount { get; internal set; }
    /// <summary>SVC04: NUBC revenue code.</summary>
    public string? RevenueCode { get; internal set; }
    /// <summary>SVC05: units of service paid.</summary>
    public decimal? UnitsPaid { get; internal set; }
    /// <summary>SVC06: the procedure as submitted, present when the payer adjudicated a different code (a coding change signal).</summary>
    public ProcedureIdentifier? SubmittedProcedure { get; internal set; }
    /// <summary>SVC07: original units of service submitted.</summary>
    public decimal? OriginalUnits { get; internal set; }

    /// <summary>DTM*472: service date.</summary>
    public DateOnly? ServiceDate { get; internal set; }
    /// <summary>DTM*150: service period start.</summary>
    public DateOnly? ServicePeriodStart { get; internal set; }
    /// <summary>DTM*151: service period end.</summary>
    public DateOnly? ServicePeriodEnd { get; internal set; }

    /// <summary>Line-level CAS adjustments.</summary>
    public IReadOnlyList<ClaimAdjustment> Adjustments { get; internal set; } = [];
    /// <summary>REF segments of the line (6R line item control number, 1S, APC, BB, 0K, ...).</summary>
    public IReadOnlyList<Reference> References { get; internal set; } = [];
    /// <summary>AMT segments of the line (B6 allowed, KH deduction, ...).</summary>
    public IReadOnlyList<QualifiedAmount> Amounts { get; internal set; } = [];
    /// <summary>QTY segments of the line.</summary>
    public IReadOnlyList<QualifiedQuantity> Quantities { get; internal set; } = [];
    /// <summary>LQ remark codes of the line.</summary>
    public IReadOnlyList<RemarkCode> Remarks { get; internal set; } = [];

    /// <summary>REF*6R: the provider's line item control number, the best line-level matching key.</summary>
    public string? LineItemControlNumber => References.FirstOrDefault(r => r.Qualifier == "6R")?.Value;

    /// <summary>AMT*B6: allowed amount.</summary>
    public decimal? AllowedAmount => Amounts.FirstOrDefault(a => a.Qualifier == "B6")?.Amount;

    /// <summary>Byte offset of the SVC segment.</summary>
    public long ByteOffset { get; internal set; }
}

/// <summary>A procedure composite (SVC01 or SVC06): qualifier, code, up to four modifiers and a description.</summary>
public sealed record ProcedureIdentifier
{
    /// <summary>No procedure.</summary>
    public static ProcedureIdentifier Empty { get; } = new() { Qualifier = "", Code = "" };

    /// <summary>Product/service ID qualifier: HC (HCPCS/CPT), AD, ER, HP, IV, N4 (NDC), N6, NU (revenue code), UI, WK.</summary>
    public required string Qualifier { get; init; }
    /// <summary>The procedure, revenue or drug code.</summary>
    public required string Code { get; init; }
    /// <summary>Up to four procedure modifiers.</summary>
    public IReadOnlyList<string> Modifiers { get; init; } = [];
    /// <summary>Component 7: description.</summary>
    public string? Description { get; init; }

    /// <inheritdoc />
    public override string ToString() => Modifiers.Count == 0 ? $"{Qualifier}:{Code}" : $"{Qualifier}:{Code}:{string.Join(':', Modifiers)}";
}
