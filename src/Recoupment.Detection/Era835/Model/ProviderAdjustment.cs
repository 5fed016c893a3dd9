namespace Recoupment.Detection.Era835;

/// <summary>
/// One PLB adjustment pair. Sign convention: a positive amount decreases the payment (money taken by the payer);
/// a negative amount increases it.
/// </summary>
public sealed record ProviderAdjustment
{
    /// <summary>PLB01: provider identifier (usually the NPI); may be an affiliated provider under the same TIN.</summary>
    public required string ProviderId { get; init; }
    /// <summary>PLB02: fiscal period date.</summary>
    public DateOnly? FiscalPeriodDate { get; init; }
    /// <summary>Adjustment reason code (PLB03-1, 05-1 ...): WO, FB, 72, L6, CS ... Unknown codes pass through.</summary>
    public required string ReasonCode { get; init; }
    /// <summary>Provider adjustment identifier (PLB03-2, ...): the reference to parse (ICN, TRN02, check number, free text).</summary>
    public string? Reference { get; init; }
    /// <summary>The amount (PLB04, 06 ...): positive takes money, negative gives money.</summary>
    public decimal Amount { get; init; }
    /// <summary>One-based number of the PLB segment within its transaction.</summary>
    public int SegmentNumber { get; init; }
    /// <summary>One-based position of the pair within its PLB segment (1 to 6).</summary>
    public int Position { get; init; }
}

/// <summary>One PLB segment: up to six adjustment pairs for one provider and fiscal period.</summary>
public sealed class ProviderAdjustmentSegment : RemittanceItem
{
    /// <summary>The remittance the adjustments belong to.</summary>
    public RemittanceHeader Remittance { get; internal set; } = null!;
    /// <summary>The adjustment pairs, in order.</summary>
    public IReadOnlyList<ProviderAdjustment> Adjustments { get; internal set; } = [];
}
