namespace Recoupment.Detection.Era835;

/// <summary>
/// One item of an 835 as the streaming reader hands it out, in file order: a <see cref="RemittanceHeader"/>, then each
/// <see cref="ClaimPayment"/> with its service lines, then each <see cref="ProviderAdjustmentSegment"/>, then the
/// <see cref="RemittanceEnd"/> with totals and balancing. A 1 GB transaction never sits in memory.
/// </summary>
public abstract class RemittanceItem
{
    /// <summary>Byte offset, from the start of the input, of the segment that starts the item.</summary>
    public long ByteOffset { get; internal set; }

    /// <summary>Zero-based index in the input of the segment that starts the item.</summary>
    public long SegmentIndex { get; internal set; }
}

/// <summary>A qualified reference (REF segment): qualifier and value.</summary>
/// <param name="Qualifier">REF01, e.g. F8 (original reference number) or 6R (line item control number).</param>
/// <param name="Value">REF02.</param>
public sealed record Reference(string Qualifier, string Value);

/// <summary>A qualified amount (AMT segment).</summary>
/// <param name="Qualifier">AMT01, e.g. AU (coverage), B6 (allowed), I (interest).</param>
/// <param name="Amount">AMT02.</param>
public sealed record QualifiedAmount(string Qualifier, decimal Amount);

/// <summary>A qualified quantity (QTY segment).</summary>
/// <param name="Qualifier">QTY01, e.g. CA (covered days).</param>
/// <param name="Quantity">QTY02.</param>
public sealed record QualifiedQuantity(string Qualifier, decimal Quantity);

/// <summary>A contact (PER segment): function, name and up to three communication numbers.</summary>
public sealed record Contact(string? FunctionCode, string? Name, IReadOnlyList<Reference> Numbers);

/// <summary>A postal address (N3/N4).</summary>
public sealed record Address
{
    /// <summary>N301.</summary>
    public string? Line1 { get; init; }
    /// <summary>N302.</summary>
    public string? Line2 { get; init; }
    /// <summary>N401.</summary>
    public string? City { get; init; }
    /// <summary>N402.</summary>
    public string? State { get; init; }
    /// <summary>N403.</summary>
    public string? PostalCode { get; init; }
    /// <summary>N404.</summary>
    public string? Country { get; init; }
}

/// <summary>A claim or service-line adjustment: one CAS triplet with its group code.</summary>
/// <param name="Group">CAS01: CO, CR (4010 reversals), OA, PI or PR.</param>
/// <param name="Reason">The CARC (CAS02, 05, 08...). Unknown and retired codes pass through.</param>
/// <param name="Amount">The adjustment amount; negative on reversals.</param>
/// <param name="Quantity">The adjustment quantity, when given.</param>
public sealed record ClaimAdjustment(string Group, string Reason, decimal Amount, decimal? Quantity);

/// <summary>A remark code (LQ segment or MIA/MOA remark element).</summary>
/// <param name="Qualifier">HE (RARC) or RX (NCPDP reject code); MIA/MOA remarks use HE.</param>
/// <param name="Code">The remark code, e.g. MA67.</param>
public sealed record RemarkCode(string Qualifier, string Code);
