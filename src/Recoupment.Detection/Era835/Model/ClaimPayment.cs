namespace Recoupment.Detection.Era835;

/// <summary>
/// Loop 2100: one claim payment (CLP) with its adjustments, names, dates, references and service lines.
/// The reader allocates one of these per claim; nothing else per element.
/// </summary>
public sealed class ClaimPayment : RemittanceItem
{
    /// <summary>The remittance the claim belongs to.</summary>
    public RemittanceHeader Remittance { get; internal set; } = null!;
    /// <summary>The LX loop the claim is in, if any.</summary>
    public ClaimGroup? Group { get; internal set; }

    /// <summary>CLP01: patient control number, the provider's claim ID.</summary>
    public string PatientControlNumber { get; internal set; } = "";
    /// <summary>CLP02: claim status code (1, 2, 3, 4, 19, 20, 21, 22 reversal, 23, 25).</summary>
    public string StatusCode { get; internal set; } = "";
    /// <summary>CLP03: total claim charge amount (negated on reversals).</summary>
    public decimal ChargeAmount { get; internal set; }
    /// <summary>CLP04: claim payment amount; negative on reversals.</summary>
    public decimal PaymentAmount { get; internal set; }
    /// <summary>CLP05: patient responsibility amount.</summary>
    public decimal? PatientResponsibilityAmount { get; internal set; }
    /// <summary>CLP06: claim filing indicator code.</summary>
    public string? FilingIndicatorCode { get; internal set; }
    /// <summary>CLP07: payer claim control number (ICN/DCN); the primary matching key.</summary>
    public string? PayerClaimControlNumber { get; internal set; }
    /// <summary>CLP08: facility type code.</summary>
    public string? FacilityTypeCode { get; internal set; }
    /// <summary>CLP09: claim frequency type code (1 original, 7 replacement, 8 void).</summary>
    public string? FrequencyCode { get; internal set; }
    /// <summary>CLP10: patient status code.</summary>
    public string? PatientStatusCode { get; internal set; }
    /// <summary>CLP11: DRG code.</summary>
    public string? DrgCode { get; internal set; }
    /// <summary>CLP12: DRG weight.</summary>
    public decimal? DrgWeight { get; internal set; }
    /// <summary>CLP13: discharge fraction.</summary>
    public decimal? DischargeFraction { get; internal set; }
    /// <summary>CLP14: yes/no condition or response code.</summary>
    public string? YesNoCondition { get; internal set; }

    /// <summary>True for a reversal of a previous payment (CLP02 = 22).</summary>
    public bool IsReversal => StatusCode == "22";

    /// <summary>Claim-level CAS adjustments.</summary>
    public IReadOnlyList<ClaimAdjustment> Adjustments { get; internal set; } = [];
    /// <summary>NM1 names of the claim (QC patient, IL insured, 74 corrected patient, 82 rendering, TT crossover, PR corrected priority payer, GB other subscriber).</summary>
    public IReadOnlyList<PersonOrEntity> Names { get; internal set; } = [];
    /// <summary>REF segments of the claim (F8, 1L, EA, 6P, 9A, BB, G1, ...).</summary>
    public IReadOnlyList<Reference> References { get; internal set; } = [];
    /// <summary>AMT segments of the claim.</summary>
    public IReadOnlyList<QualifiedAmount> Amounts { get; internal set; } = [];
    /// <summary>QTY segments of the claim.</summary>
    public IReadOnlyList<QualifiedQuantity> Quantities { get; internal set; } = [];
    /// <summary>PER segments of the claim.</summary>
    public IReadOnlyList<Contact> Contacts { get; internal set; } = [];
    /// <summary>Loop 2110 service lines.</summary>
    public IReadOnlyList<ServiceLine> ServiceLines { get; internal set; } = [];

    /// <summary>MIA: inpatient adjudication information.</summary>
    public AdjudicationInformation? InpatientAdjudication { get; internal set; }
    /// <summary>MOA: outpatient adjudication information.</summary>
    public AdjudicationInformation? OutpatientAdjudication { get; internal set; }

    /// <summary>DTM*232: claim statement period start.</summary>
    public DateOnly? StatementFrom { get; internal set; }
    /// <summary>DTM*233: claim statement period end.</summary>
    public DateOnly? StatementTo { get; internal set; }
    /// <summary>DTM*036: coverage expiration date.</summary>
    public DateOnly? CoverageExpiration { get; internal set; }
    /// <summary>DTM*050: claim received date.</summary>
    public DateOnly? ReceivedDate { get; internal set; }

    /// <summary>The first name with the given NM101 entity code (QC, IL, 74, 82, TT, PR, GB), or null.</summary>
    public PersonOrEntity? Name(string entityCode) => Names.FirstOrDefault(n => n.EntityCode == entityCode);

    /// <summary>The first REF value with the given qualifier, or null.</summary>
    public string? ReferenceValue(string qualifier) => References.FirstOrDefault(r => r.Qualifier == qualifier)?.Value;

    /// <summary>REF*F8: the original reference number (the original ICN when a payer reissues a claim).</summary>
    public string? OriginalReferenceNumber => ReferenceValue("F8");

    /// <summary>NM1*QC NM109: the patient's identifier.</summary>
    public string? PatientId => Name("QC")?.Id;

    /// <summary>The first date of service: the statement start, else the earliest line service date.</summary>
    public DateOnly? FirstServiceDate =>
        StatementFrom ?? ServiceLines.Select(l => l.ServiceDate ?? l.ServicePeriodStart).Where(d => d.HasValue).Min();

    /// <summary>The sum of every CAS amount at claim and service-line level.</summary>
    public decimal TotalAdjustmentAmount => Adjustments.Sum(a => a.Amount) + ServiceLines.Sum(l => l.Adjustments.Sum(a => a.Amount));

    /// <summary>Every CARC used on the claim or its lines, in first-seen order.</summary>
    public IEnumerable<string> ReasonCodes => Adjustments.Concat(ServiceLines.SelectMany(l => l.Adjustments)).Select(a => a.Reason).Distinct();

    /// <summary>Every remark code of the claim (MIA/MOA) and its lines (LQ), in first-seen order.</summary>
    public IEnumerable<string> RemarkCodes =>
        (InpatientAdjudication?.RemarkCodes ?? []).Concat(OutpatientAdjudication?.RemarkCodes ?? [])
        .Concat(ServiceLines.SelectMany(l => l.Remarks.Select(r => r.Code))).Distinct();
}

/// <summary>An NM1 name: a person or an organisation with its identifier.</summary>
public sealed record PersonOrEntity
{
    /// <summary>NM101: entity identifier code (QC, IL, 74, 82, TT, PR, GB).</summary>
    public required string EntityCode { get; init; }
    /// <summary>NM102: 1 person, 2 non-person entity.</summary>
    public string? EntityType { get; init; }
    /// <summary>NM103: last or organisation name.</summary>
    public string? LastName { get; init; }
    /// <summary>NM104: first name.</summary>
    public string? FirstName { get; init; }
    /// <summary>NM105: middle name or initial.</summary>
    public string? MiddleName { get; init; }
    /// <summary>NM107: name suffix.</summary>
    public string? Suffix { get; init; }
    /// <summary>NM108: identification code qualifier (MI member ID, HN, XX NPI, FI TIN, C corrected insured ID...).</summary>
    public string? IdQualifier { get; init; }
    /// <summary>NM109: identifier.</summary>
    public string? Id { get; init; }
}

/// <summary>MIA or MOA: inpatient or outpatient adjudication information.</summary>
public sealed record AdjudicationInformation
{
    /// <summary>The amounts and quantities by element position (MIA01 covered days is position 1; MOA02 HCPCS payable amount is 2).</summary>
    public required IReadOnlyDictionary<int, decimal> Values { get; init; }
    /// <summary>The remark codes (RARC) of the segment.</summary>
    public required IReadOnlyList<string> RemarkCodes { get; init; }
}
