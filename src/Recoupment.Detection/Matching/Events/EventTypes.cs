namespace Recoupment.Detection.Matching.Events;

/// <summary>A CLP02=22 reversal was paired with its original paid claim. Amount: the original payment the reversal negates.</summary>
public sealed record ClaimReversed : RecoupmentFamilyEvent;

/// <summary>The reprocessed claim after a reversal was linked; the note carries the delta. Amount: the corrected claim's payment.</summary>
public sealed record ClaimCorrected : RecoupmentFamilyEvent
{
    /// <summary>Corrected CLP04 minus original CLP04.</summary>
    public decimal Delta { get; init; }
}

/// <summary>Money on a claim was taken back; <see cref="RecoupmentEvent.Mode"/> says how. Amount: the money taken back.</summary>
public sealed record ClaimRecoupment : RecoupmentFamilyEvent
{
    /// <summary>Set when the recoupment came later than the jurisdiction's look-back limit allows (advisory).</summary>
    public string? LookbackViolation { get; init; }
}

/// <summary>A correction paid more than the original. Amount: the extra payment.</summary>
public sealed record ClaimAdditionalPayment : AdjustmentFamilyEvent;

/// <summary>A WO, FB, PI or AP with a negative amount: money owed back later. Amount: the amount owed.</summary>
public sealed record ReceivableOpened : RecoupmentFamilyEvent
{
    /// <summary>The receivable's identifier in the ledger.</summary>
    public string ReceivableId { get; init; } = "";
}

/// <summary>A positive WO/FB/WU/OB/PI/AP took money against a receivable or claim. Amount: this collection.</summary>
public sealed record RecoupmentCollected : RecoupmentFamilyEvent;

/// <summary>A receivable reached zero. Amount: the total collected on it.</summary>
public sealed record RecoupmentCompleted : RecoupmentFamilyEvent;

/// <summary>Collections exceeded the receivable. Amount: the excess.</summary>
public sealed record RecoupmentOverCollected : RecoupmentFamilyEvent;

/// <summary>An FB with a negative amount carried a shortfall forward. Amount: the balance carried.</summary>
public sealed record ForwardBalanceCreated : OffsetFamilyEvent;

/// <summary>A later FB with a positive amount took the balance. Amount: the amount applied.</summary>
public sealed record ForwardBalanceApplied : OffsetFamilyEvent;

/// <summary>One remittance applied an old FB and opened a new one. Amount: the new balance carried.</summary>
public sealed record ForwardBalanceRolled : OffsetFamilyEvent
{
    /// <summary>The reference of the balance that was applied.</summary>
    public string? FromReference { get; init; }
    /// <summary>The reference of the balance carried on.</summary>
    public string? ToReference { get; init; }
}

/// <summary>An FB was never applied within the configured window. Amount: the open balance.</summary>
public sealed record ForwardBalanceStale : DiagnosticFamilyEvent;

/// <summary>A takeback on one claim was funded by other claims' payments in the same remittance. Amount: the part so funded.</summary>
public sealed record CrossClaimOffset : OffsetFamilyEvent;

/// <summary>Money owed by one provider was taken from another under the same tax ID, or PLB code OB. Amount: the money taken.</summary>
public sealed record AffiliatedOffset : OffsetFamilyEvent
{
    /// <summary>The provider the money was taken from (PLB01).</summary>
    public string? FromProvider { get; init; }
    /// <summary>The provider that owed it.</summary>
    public string? ForProvider { get; init; }
}

/// <summary>PLB 72 acknowledged a provider's refund check against WO/FB. Amount: the refund.</summary>
public sealed record RefundAcknowledged : RefundFamilyEvent;

/// <summary>PLB B2 applied a refund the payer did not request. Amount: the refund.</summary>
public sealed record UnsolicitedRefundApplied : RefundFamilyEvent;

/// <summary>The payer wrote off a receivable (CS against WO/FB). Amount: the amount written off.</summary>
public sealed record ReceivableWrittenOff : AdjustmentFamilyEvent;

/// <summary>Any other PLB code (interest, withholding, capitation, passthroughs), categorised. Amount: the PLB amount without its sign.</summary>
public sealed record ProviderLevelAdjustment : AdjustmentFamilyEvent
{
    /// <summary>The category of the PLB code (Interest, Withholding, Capitation, Passthrough, ...).</summary>
    public string Category { get; init; } = "Other";
}

/// <summary>Why a recovery could not be paired with its original.</summary>
public enum UnmatchedReason
{
    /// <summary>The reference parsed, but no claim in the ledger matches it.</summary>
    OriginalNotInLedger,
    /// <summary>The reference could not be parsed into a claim key.</summary>
    ReferenceUnparseable,
}

/// <summary>A recovery whose original claim is not in the ledger, or whose reference cannot be parsed. Amount: the money it takes back.</summary>
public sealed record UnmatchedRecoupment : RecoupmentFamilyEvent
{
    /// <summary>Why it is unmatched.</summary>
    public UnmatchedReason Reason { get; init; }
}

/// <summary>A later remittance supplied the original of an earlier unmatched recovery. Amount: the recovered amount now linked.</summary>
public sealed record RecoupmentLinked : RecoupmentFamilyEvent;

/// <summary>The same service was paid twice; a recoupment is likely to follow. Amount: the second payment.</summary>
public sealed record PossibleDuplicatePayment : DiagnosticFamilyEvent;

/// <summary>The remittance does not balance; pairing still ran. Amount: the difference without its sign.</summary>
public sealed record BalancingError : DiagnosticFamilyEvent;

/// <summary>The same remittance was already processed. Amount: its BPR02.</summary>
public sealed record DuplicateRemittanceIgnored : DiagnosticFamilyEvent;
