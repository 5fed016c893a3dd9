namespace Recoupment.Detection.Diagnostics;

/// <summary>
/// The stable diagnostic codes. Codes never change meaning once published; new problems get new codes.
/// <c>X12-SYN</c>: syntax and framing; <c>X12-ISA</c>: interchange header; <c>X12-ENV</c>: envelopes and counts;
/// <c>835-STR</c>: 835 structure; <c>835-BAL</c>: balancing; <c>835-VAL</c>: element values.
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>Non-X12 text (prose, junk) before the first ISA was skipped.</summary>
    public const string TextBeforeInterchange = "X12-SYN-001";
    /// <summary>A segment is longer than the configured maximum; it was skipped up to the next terminator.</summary>
    public const string SegmentTooLong = "X12-SYN-002";
    /// <summary>Text after an IEA that is not a new interchange was skipped.</summary>
    public const string TextAfterInterchange = "X12-SYN-003";
    /// <summary>A segment identifier is not 2 or 3 letters and digits; the segment was skipped.</summary>
    public const string InvalidSegmentId = "X12-SYN-004";
    /// <summary>The last segment of the input has no segment terminator.</summary>
    public const string MissingFinalTerminator = "X12-SYN-005";
    /// <summary>The input has no ISA; delimiters were inferred from the first segments.</summary>
    public const string DelimitersInferred = "X12-SYN-006";
    /// <summary>The input holds no X12 data at all.</summary>
    public const string NoX12Data = "X12-SYN-007";
    /// <summary>The input is hard-wrapped into fixed-length records (a line break every N bytes); it was read as if unwrapped.</summary>
    public const string FixedLengthRecords = "X12-SYN-008";
    /// <summary>The fixed-length wrapping stopped being regular; the rest of the input was read as it is.</summary>
    public const string FixedLengthRecordsEnded = "X12-SYN-009";

    /// <summary>The ISA segment is malformed (too few elements, invalid or clashing delimiters); the interchange was skipped.</summary>
    public const string MalformedIsa = "X12-ISA-001";
    /// <summary>An ISA element does not have its fixed width (106-byte ISA); read anyway.</summary>
    public const string IsaFieldWidth = "X12-ISA-002";
    /// <summary>ISA13 (or another ISA element with a fixed form) is not of the expected form.</summary>
    public const string IsaElementForm = "X12-ISA-003";

    /// <summary>A segment appears outside an interchange (no ISA before it).</summary>
    public const string MissingInterchangeHeader = "X12-ENV-001";
    /// <summary>An interchange was not closed by an IEA before the next ISA or the end of input.</summary>
    public const string MissingInterchangeTrailer = "X12-ENV-002";
    /// <summary>IEA02 does not equal ISA13.</summary>
    public const string InterchangeControlNumberMismatch = "X12-ENV-003";
    /// <summary>IEA01 does not equal the number of functional groups in the interchange.</summary>
    public const string InterchangeGroupCountMismatch = "X12-ENV-004";
    /// <summary>A functional group was not closed by a GE.</summary>
    public const string MissingGroupTrailer = "X12-ENV-005";
    /// <summary>GE02 does not equal GS06.</summary>
    public const string GroupControlNumberMismatch = "X12-ENV-006";
    /// <summary>GE01 does not equal the number of transaction sets in the group.</summary>
    public const string GroupTransactionCountMismatch = "X12-ENV-007";
    /// <summary>A transaction set was not closed by an SE.</summary>
    public const string MissingTransactionTrailer = "X12-ENV-008";
    /// <summary>SE02 does not equal ST02.</summary>
    public const string TransactionControlNumberMismatch = "X12-ENV-009";
    /// <summary>SE01 does not equal the number of segments ST through SE.</summary>
    public const string TransactionSegmentCountMismatch = "X12-ENV-010";
    /// <summary>A trailer (IEA, GE, SE) appears without its header.</summary>
    public const string UnexpectedTrailer = "X12-ENV-011";
    /// <summary>A transaction set (ST) appears outside a functional group (no GS).</summary>
    public const string MissingGroupHeader = "X12-ENV-012";
    /// <summary>A segment appears between transaction sets, inside a group but outside ST/SE.</summary>
    public const string SegmentOutsideTransaction = "X12-ENV-013";
    /// <summary>A count or control number element of an envelope segment is missing or not numeric.</summary>
    public const string InvalidEnvelopeElement = "X12-ENV-014";
    /// <summary>GS01 (functional identifier code) does not fit the transaction set, e.g. an 835 in a group that is not HP.</summary>
    public const string FunctionalIdentifierMismatch = "X12-ENV-015";

    /// <summary>A segment the 835 requires is missing (BPR, TRN, payer N1*PR, payee N1*PE).</summary>
    public const string MissingRequiredSegment = "835-STR-001";
    /// <summary>A segment is out of the 835 loop order (e.g. a payer N1 after the claims, a claim after the PLB).</summary>
    public const string SegmentOutOfOrder = "835-STR-002";
    /// <summary>A segment is not defined for the 835 at this position; it was ignored.</summary>
    public const string UnexpectedSegment = "835-STR-003";
    /// <summary>A claim (CLP) appears outside an LX header loop.</summary>
    public const string ClaimOutsideHeaderLoop = "835-STR-004";
    /// <summary>The transaction ended without its SE; what was read is still reported.</summary>
    public const string TruncatedTransaction = "835-STR-005";
    /// <summary>A required element is missing or not of its type (e.g. a non-numeric amount); the value is taken as empty or zero.</summary>
    public const string InvalidElement = "835-VAL-001";
    /// <summary>A date element is not a valid CCYYMMDD date.</summary>
    public const string InvalidDate = "835-VAL-002";
    /// <summary>A code element holds a value outside its code list (claim status, CAS group, procedure qualifier, PLB reason).</summary>
    public const string UnknownCode = "835-VAL-003";
    /// <summary>The payment (BPR) is unusual: a debit flag, or a zero payment outside notification (H) and prenotification (P).</summary>
    public const string UnusualPayment = "835-VAL-004";
    /// <summary>An amount is outside the plausible range (|amount| &lt; 10^11, at most two decimals by default); the claim or adjustment carrying it is skipped.</summary>
    public const string ImplausibleAmount = "835-VAL-005";
    /// <summary>The remittance does not balance: BPR02 ≠ Σ CLP04 − Σ PLB.</summary>
    public const string TransactionUnbalanced = "835-BAL-001";
    /// <summary>A claim does not balance: CLP03 − Σ CAS (claim and lines) ≠ CLP04.</summary>
    public const string ClaimUnbalanced = "835-BAL-002";
    /// <summary>A service line does not balance: SVC02 − Σ line CAS ≠ SVC03.</summary>
    public const string ServiceLineUnbalanced = "835-BAL-003";

    /// <summary>An input file could not be opened or read (missing, access denied, I/O error).</summary>
    public const string InputUnreadable = "X12-IO-001";
    /// <summary>A remittance reuses the trace number (TRN02) of another with different content; it is processed apart.</summary>
    public const string TraceNumberReused = "MATCH-DOC-001";
    /// <summary>The same claim (CLP07, status and amounts) appears twice in one remittance; only the first counts.</summary>
    public const string DuplicateClaimInRemittance = "MATCH-CLM-001";
    /// <summary>A zero-dollar reversal whose original is in neither the ledger nor its remittance: no money moved, no event.</summary>
    public const string ZeroReversalWithoutOriginal = "MATCH-CLM-002";
    /// <summary>A forward balance reference is not the TRN02 of the remittance that created it.</summary>
    public const string NonStandardReference = "MATCH-PLB-001";
    /// <summary>A PLB 72 refund acknowledgement has no WO or FB partner in its remittance.</summary>
    public const string RefundAcknowledgedUnpaired = "MATCH-PLB-002";

    /// <summary>Descriptions of every code, for documentation and tooling.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>
    {
        [TextBeforeInterchange] = "Non-X12 text before the first ISA was skipped.",
        [SegmentTooLong] = "Segment longer than the maximum segment length; skipped to the next terminator.",
        [TextAfterInterchange] = "Text after an IEA that does not start a new interchange was skipped.",
        [InvalidSegmentId] = "Segment identifier is not 2-3 letters or digits; segment skipped.",
        [MissingFinalTerminator] = "The last segment has no segment terminator.",
        [DelimitersInferred] = "No ISA header; delimiters were inferred from the data.",
        [NoX12Data] = "The input holds no X12 segments.",
        [FixedLengthRecords] = "Input wrapped into fixed-length records; read as if unwrapped.",
        [FixedLengthRecordsEnded] = "Fixed-length wrapping stopped being regular; the rest was read as it is.",
        [MalformedIsa] = "Malformed ISA header; the interchange could not be read.",
        [IsaFieldWidth] = "ISA element is not of its fixed width.",
        [IsaElementForm] = "ISA element is not of its expected form.",
        [MissingInterchangeHeader] = "Segment outside an ISA/IEA interchange.",
        [MissingInterchangeTrailer] = "Interchange not closed by IEA.",
        [InterchangeControlNumberMismatch] = "IEA02 does not match ISA13.",
        [InterchangeGroupCountMismatch] = "IEA01 does not match the number of functional groups.",
        [MissingGroupTrailer] = "Functional group not closed by GE.",
        [GroupControlNumberMismatch] = "GE02 does not match GS06.",
        [GroupTransactionCountMismatch] = "GE01 does not match the number of transaction sets.",
        [MissingTransactionTrailer] = "Transaction set not closed by SE.",
        [TransactionControlNumberMismatch] = "SE02 does not match ST02.",
        [TransactionSegmentCountMismatch] = "SE01 does not match the number of segments from ST to SE.",
        [UnexpectedTrailer] = "Trailer segment without its header.",
        [MissingGroupHeader] = "Transaction set outside a GS/GE functional group.",
        [SegmentOutsideTransaction] = "Segment outside an ST/SE transaction set.",
        [InvalidEnvelopeElement] = "Envelope count or control number missing or not numeric.",
        [FunctionalIdentifierMismatch] = "GS01 functional identifier code does not fit the transaction set.",
        [MissingRequiredSegment] = "A segment the 835 requires is missing.",
        [SegmentOutOfOrder] = "Segment out of the 835 loop order.",
        [UnexpectedSegment] = "Segment not defined for the 835 at this position; ignored.",
        [ClaimOutsideHeaderLoop] = "Claim outside an LX header number loop.",
        [TruncatedTransaction] = "The 835 transaction ended without SE.",
        [InvalidElement] = "Required element missing or not of its type.",
        [InvalidDate] = "Date element is not a valid CCYYMMDD date.",
        [ImplausibleAmount] = "Amount outside the plausible range; the claim or adjustment was skipped.",
        [UnknownCode] = "Code outside its code list.",
        [UnusualPayment] = "Unusual payment: debit flag, or zero payment outside notification.",
        [TransactionUnbalanced] = "The remittance does not balance: BPR02 differs from the claim payments less the provider adjustments.",
        [ClaimUnbalanced] = "A claim does not balance: charge less adjustments differs from the payment.",
        [InputUnreadable] = "The input could not be opened or read.",
        [TraceNumberReused] = "Trace number reused by a remittance with different content.",
        [DuplicateClaimInRemittance] = "The same claim appears twice in one remittance; the second is ignored.",
        [ZeroReversalWithoutOriginal] = "Zero-dollar reversal without an original; no money moved and no event was emitted.",
        [NonStandardReference] = "Forward balance reference is not the creating remittance's TRN02.",
        [RefundAcknowledgedUnpaired] = "PLB 72 without a WO or FB partner in the same remittance.",
        [ServiceLineUnbalanced] = "A service line does not balance: charge less adjustments differs from the payment.",
    };
}
