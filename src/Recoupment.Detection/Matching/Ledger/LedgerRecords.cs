namespace Recoupment.Detection.Matching.Ledger;

/// <summary>
/// The unit of matching: one payer and one payee (tax ID, else NPI). Partitions never see each other's data, so a
/// scaled-out deployment can run them apart and get the same answer. Claims are never paired across payers.
/// </summary>
/// <param name="PayerId">The payer key (TRN03, else N1*PR N104, else the payer name).</param>
/// <param name="PayeeId">The payee key (tax ID from REF*TJ or N1*PE FI, else the payee N104).</param>
public readonly record struct PartitionKey(string PayerId, string PayeeId)
{
    /// <inheritdoc />
    public override string ToString() => $"{PayerId}/{PayeeId}";
}

/// <summary>The kinds of keys a claim is indexed by (values are normalised by <see cref="ClaimKeys"/>).</summary>
public enum ClaimKeyKind
{
    /// <summary>CLP07, the payer claim control number.</summary>
    PayerClaimNumber,
    /// <summary>REF*F8, the original reference number the claim carries.</summary>
    OriginalReference,
    /// <summary>CLP01, the patient control number.</summary>
    PatientControlNumber,
    /// <summary>CLP01 + patient ID + first service date (R5 key 3).</summary>
    ServiceKey,
    /// <summary>CLP01 + first service date + charge: the same service billed again (duplicate payment detection).</summary>
    DuplicateKey,
    /// <summary>The claim payment amount to the cent (fallback matching only).</summary>
    PaidAmount,
}

/// <summary>A normalised key a ledger record is indexed by.</summary>
/// <param name="Kind">The kind of key.</param>
/// <param name="Value">The normalised value.</param>
public readonly record struct ClaimKey(ClaimKeyKind Kind, string Value);

/// <summary>A claim adjustment total by group and reason, as kept in the ledger.</summary>
/// <param name="Group">CAS01.</param>
/// <param name="Reason">The CARC.</param>
/// <param name="Amount">The summed amount at claim and line level.</param>
public readonly record struct AdjustmentAmount(string Group, string Reason, decimal Amount);

/// <summary>The part of a service line the ledger keeps, to explain what changed in a correction.</summary>
public sealed record LedgerLine
{
    /// <summary>SVC01 qualifier and code, e.g. <c>HC:99214</c>.</summary>
    public required string Procedure { get; init; }
    /// <summary>The modifiers joined by ':'; empty when none.</summary>
    public string Modifiers { get; init; } = "";
    /// <summary>SVC05 units paid.</summary>
    public decimal? Units { get; init; }
    /// <summary>SVC02.</summary>
    public decimal Charge { get; init; }
    /// <summary>SVC03.</summary>
    public decimal Paid { get; init; }
    /// <summary>SVC06 qualifier and code, when the payer adjudicated a different procedure than billed.</summary>
    public string? SubmittedProcedure { get; init; }
    /// <summary>REF*6R.</summary>
    public string? LineControlNumber { get; init; }
    /// <summary>DTM*472 or DTM*150.</summary>
    public DateOnly? ServiceDate { get; init; }
}

/// <summary>The state of a claim in the ledger.</summary>
public enum LedgerClaimState
{
    /// <summary>Paid (or denied) and not reversed.</summary>
    Active,
    /// <summary>Reversed by a later CLP02=22.</summary>
    Reversed,
}

/// <summary>A claim as the ledger keeps it: compact, with what matching and explanations need.</summary>
public sealed class LedgerClaim
{
    /// <summary>Identifier assigned by the ledger when the claim is added.</summary>
    public long Id { get; set; }
    /// <summary>The partition.</summary>
    public required PartitionKey Partition { get; init; }
    /// <summary>The remittance (document) the claim came in; set once its content hash is known.</summary>
    public required string DocumentId { get; set; }
    /// <summary>TRN02 of that remittance.</summary>
    public string? RemittanceTrace { get; init; }
    /// <summary>Payment date of that remittance.</summary>
    public DateOnly? RemittanceDate { get; init; }
    /// <summary>The provider paid (payee NPI).</summary>
    public string? ProviderId { get; init; }
    /// <summary>CLP01.</summary>
    public required string PatientControlNumber { get; init; }
    /// <summary>CLP02.</summary>
    public required string StatusCode { get; init; }
    /// <summary>CLP03.</summary>
    public decimal Charge { get; init; }
    /// <summary>CLP04.</summary>
    public decimal Paid { get; init; }
    /// <summary>CLP05.</summary>
    public decimal? PatientResponsibility { get; init; }
    /// <summary>CLP06, which gives the payer class (Medicare, Medicaid, commercial).</summary>
    public string? FilingIndicator { get; init; }
    /// <summary>CLP07.</summary>
    public string? PayerClaimNumber { get; init; }
    /// <summary>REF*F8.</summary>
    public string? OriginalReference { get; init; }
    /// <summary>NM1*QC NM109.</summary>
    public string? PatientId { get; init; }
    /// <summary>NM1*82 NM109: the rendering provider, when the claim names one (for the totals by rendering provider).</summary>
    public string? RenderingProviderId { get; init; }
    /// <summary>NM1*74 NM109 (corrected patient or insured ID).</summary>
    public string? CorrectedPatientId { get; init; }
    /// <summary>NM1*IL NM109.</summary>
    public string? InsuredId { get; init; }
    /// <summary>True when the claim names a corrected priority payer (NM1*PR): a COB signal.</summary>
    public bool HasCorrectedPriorityPayer { get; init; }
    /// <summary>First date of service.</summary>
    public DateOnly? ServiceFrom { get; init; }
    /// <summary>Last date of service.</summary>
    public DateOnly? ServiceTo { get; init; }
    /// <summary>CAS totals by group and reason, claim and line level.</summary>
    public IReadOnlyList<AdjustmentAmount> Adjustments { get; init; } = [];
    /// <summary>MIA/MOA/LQ remark codes.</summary>
    public IReadOnlyList<string> RemarkCodes { get; init; } = [];
    /// <summary>The service lines.</summary>
    public IReadOnlyList<LedgerLine> Lines { get; init; } = [];
    /// <summary>Zero-based position of the claim in its remittance.</summary>
    public int Position { get; init; }

    /// <summary>Active or reversed.</summary>
    public LedgerClaimState State { get; set; }
    /// <summary>The remittance that reversed the claim.</summary>
    public string? ReversedByDocumentId { get; set; }
    /// <summary>When the claim corrects an earlier version: that version's ledger id.</summary>
    public long? CorrectionOfClaimId { get; set; }
    /// <summary>True when the claim looked like a second payment of an already paid service.</summary>
    public bool PossibleDuplicate { get; set; }
}

/// <summary>What happened to a receivable.</summary>
public enum ReceivableStatus
{
    /// <summary>Money is still owed.</summary>
    Open,
    /// <summary>Collected in full by the payer.</summary>
    Completed,
    /// <summary>Closed by the provider's own refund check (PLB 72 acknowledgement).</summary>
    SatisfiedByProviderCheck,
    /// <summary>Written off by the payer (CS).</summary>
    WrittenOff,
}

/// <summary>
/// Money owed back to the payer: opened by WO, FB, PI or AP with a negative amount, collected by later positive entries
/// with the same reference (any of those codes: Medicare pairs FB(−) with WO(+)).
/// </summary>
public sealed class Receivable
{
    /// <summary>Identifier assigned by the ledger.</summary>
    public long Id { get; set; }
    /// <summary>The partition.</summary>
    public required PartitionKey Partition { get; init; }
    /// <summary>The PLB code that opened it (WO, FB, PI, AP).</summary>
    public required string Code { get; init; }
    /// <summary>PLB03-2 as given.</summary>
    public string? Reference { get; init; }
    /// <summary>PLB01 of the opening entry.</summary>
    public string? ProviderId { get; init; }
    /// <summary>The amount owed when opened.</summary>
    public decimal Amount { get; init; }
    /// <summary>Collected so far.</summary>
    public decimal Collected { get; set; }
    /// <summary>Open, completed, satisfied by check or written off.</summary>
    public ReceivableStatus Status { get; set; }
    /// <summary>The remittance date it was opened on.</summary>
    public DateOnly? OpenedDate { get; init; }
    /// <summary>The remittance it was opened in.</summary>
    public required string DocumentId { get; init; }
    /// <summary>TRN02 of that remittance.</summary>
    public string? RemittanceTrace { get; init; }
    /// <summary>The ReceivableOpened event.</summary>
    public required string OpenedEventId { get; init; }
    /// <summary>Forward-balance chain: the reference of the first FB of the chain.</summary>
    public string? ChainId { get; init; }
    /// <summary>CLP01 of the claim it recovers, when known.</summary>
    public string? ClaimId { get; init; }
    /// <summary>CLP07 of the claim it recovers, when known.</summary>
    public string? PayerClaimNumber { get; init; }
    /// <summary>CLP04 of the original claim, when known.</summary>
    public decimal? OriginalPaidAmount { get; init; }
    /// <summary>TRN02 of the remittance that paid the original, when known.</summary>
    public string? OriginalRemittanceTrace { get; init; }
    /// <summary>The appeal deadline of the recoupment behind it.</summary>
    public DateOnly? AppealDeadline { get; init; }
    /// <summary>True once a ForwardBalanceStale was emitted for it.</summary>
    public bool StaleReported { get; set; }

    /// <summary>What is still owed (never negative).</summary>
    public decimal Remaining => Math.Max(0, Amount - Collected);
}

/// <summary>An unmatched recovery kept until its original claim arrives (R22).</summary>
public sealed class SuspenseItem
{
    /// <summary>Identifier assigned by the ledger.</summary>
    public long Id { get; set; }
    /// <summary>The partition.</summary>
    public required PartitionKey Partition { get; init; }
    /// <summary>The UnmatchedRecoupment event.</summary>
    public required string EventId { get; init; }
    /// <summary>The money it takes back.</summary>
    public decimal Amount { get; init; }
    /// <summary>The remittance it was found in.</summary>
    public required string DocumentId { get; init; }
    /// <summary>TRN02 of that remittance.</summary>
    public string? RemittanceTrace { get; init; }
    /// <summary>That remittance's date.</summary>
    public DateOnly? RemittanceDate { get; init; }
    /// <summary>The PLB code, for a provider-level recovery.</summary>
    public string? PlbReasonCode { get; init; }
    /// <summary>The PLB reference, for a provider-level recovery.</summary>
    public string? PlbReference { get; init; }
    /// <summary>PLB01 or the payee NPI.</summary>
    public string? ProviderId { get; init; }
    /// <summary>CLP01 of the reversal, for an unmatched claim reversal.</summary>
    public string? ClaimId { get; init; }
    /// <summary>CLP07 of the reversal, for an unmatched claim reversal.</summary>
    public string? PayerClaimNumber { get; init; }
}

/// <summary>A matched reversal without a correction yet: the correction may still come within the window (R8, R9).</summary>
public sealed class PendingReversal
{
    /// <summary>Identifier assigned by the ledger.</summary>
    public long Id { get; set; }
    /// <summary>The partition.</summary>
    public required PartitionKey Partition { get; init; }
    /// <summary>The reversal claim itself.</summary>
    public required LedgerClaim Reversal { get; init; }
    /// <summary>The original it reversed (ledger id), when found.</summary>
    public long? OriginalClaimId { get; init; }
    /// <summary>The original's CLP04 (from the original, else the reversal negated).</summary>
    public decimal OriginalPaid { get; init; }
    /// <summary>TRN02 of the remittance that paid the original.</summary>
    public string? OriginalRemittanceTrace { get; init; }
    /// <summary>The ClaimReversed (or UnmatchedRecoupment) event.</summary>
    public required string ReversalEventId { get; init; }
    /// <summary>After this date a missing correction means a full takeback.</summary>
    public required DateOnly DueDate { get; init; }
}

/// <summary>A processed remittance (one 835 transaction), for idempotency (R2).</summary>
/// <param name="DocumentId">The identity: payer, TRN02, BPR02, BPR16 and content hash.</param>
/// <param name="Partition">Its partition.</param>
/// <param name="Trace">TRN02.</param>
/// <param name="TotalPayment">BPR02.</param>
/// <param name="Date">BPR16, else DTM*405.</param>
/// <param name="ContentHash">Hash of the content between ST and SE.</param>
/// <param name="File">The file it came from.</param>
public sealed record DocumentRecord(string DocumentId, PartitionKey Partition, string? Trace, decimal TotalPayment, DateOnly? Date, string ContentHash, string? File)
{
    /// <summary>The payer's name (N1*PR N102), so that reports can show names besides the payer key.</summary>
    public string? PayerName { get; init; }
    /// <summary>The payee's name (N1*PE N102).</summary>
    public string? PayeeName { get; init; }
    /// <summary>The payee's NPI (N1*PE XX), which ties <see cref="PayeeName"/> to the provider ids of events.</summary>
    public string? PayeeNpi { get; init; }
}
