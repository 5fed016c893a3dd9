namespace Recoupment.Detection.Matching.Events;

/// <summary>The five families of events (DESIGN §1): what kind of money movement an event describes.</summary>
public enum EventFamily
{
    /// <summary>The payer takes back money it paid (reversals netted in a remittance, PLB collections).</summary>
    Recoupment,
    /// <summary>The provider returned the money itself (PLB 72, B2).</summary>
    Refund,
    /// <summary>One claim's or provider's overpayment was applied against money owed elsewhere.</summary>
    Offset,
    /// <summary>Other payment changes: additional payments, write-offs, provider-level adjustments.</summary>
    Adjustment,
    /// <summary>Problems and warnings about the data: balancing, duplicates, stale balances.</summary>
    Diagnostic,
}

/// <summary>How a recoupment or adjustment happened (the <c>mode</c> column).</summary>
public enum RecoupmentMode
{
    /// <summary>Not applicable.</summary>
    None,
    /// <summary>A reversal and its correction netted in the same remittance.</summary>
    Immediate,
    /// <summary>A reversal without a correction: the whole original payment was taken back.</summary>
    FullTakeback,
    /// <summary>A non-compliant negative claim payment without a reversal (CLP04 &lt; 0, CLP02 not 22).</summary>
    NetDelta,
    /// <summary>The takeback was deferred by a negative WO (or FB) and is collected later.</summary>
    Deferred,
    /// <summary>Money taken by a provider-level adjustment (PLB) against a claim with no open receivable.</summary>
    ProviderLevel,
    /// <summary>A provider-level adjustment that increases the payment.</summary>
    Increase,
    /// <summary>A provider-level adjustment that decreases the payment.</summary>
    Decrease,
}

/// <summary>How sure the engine is of a pairing.</summary>
public enum MatchConfidence
{
    /// <summary>Not applicable (no pairing involved).</summary>
    None,
    /// <summary>Exact key and amounts.</summary>
    High,
    /// <summary>Key match with an amount variance, or a non-compliant pattern.</summary>
    Medium,
    /// <summary>Amount-only fallback; never closes a receivable.</summary>
    Low,
}

/// <summary>Why money was taken back, from what changed between original and correction and from the CARC/RARC codes.</summary>
public enum RootCause
{
    /// <summary>Not applicable.</summary>
    None,
    /// <summary>The cause could not be determined.</summary>
    Unknown,
    /// <summary>Duplicate claim or payment (CARC 18, B13).</summary>
    Duplicate,
    /// <summary>Procedure coding: level of service, bundling, a changed procedure (SVC06).</summary>
    Coding,
    /// <summary>A modifier was missing, wrong or changed.</summary>
    Modifier,
    /// <summary>Units or frequency.</summary>
    Units,
    /// <summary>Missing or insufficient documentation; audit findings.</summary>
    Documentation,
    /// <summary>Not medically necessary.</summary>
    MedicalNecessity,
    /// <summary>Coordination of benefits: another payer is primary.</summary>
    CoordinationOfBenefits,
    /// <summary>Fee schedule or contract rate change.</summary>
    FeeSchedule,
    /// <summary>The patient was not eligible (retroactive termination).</summary>
    Eligibility,
    /// <summary>The payer reprocessed the claim (correction to a prior claim).</summary>
    PayerReprocessing,
}

/// <summary>
/// An event the engine emits: one row of the events CSV (DESIGN §4.3). Concrete types are grouped by family:
/// <see cref="RecoupmentFamilyEvent"/>, <see cref="RefundFamilyEvent"/>, <see cref="OffsetFamilyEvent"/>,
/// <see cref="AdjustmentFamilyEvent"/> and <see cref="DiagnosticFamilyEvent"/>.
/// Amounts are non-negative; direction is given by the event type.
/// </summary>
public abstract record RecoupmentEvent
{
    /// <summary>Stable identifier, derived from the remittance content and the event's place in it.</summary>
    public string EventId { get; init; } = "";
    /// <summary>The event type name (the record's type name, e.g. <c>ClaimReversed</c>).</summary>
    public string EventType => GetType().Name;
    /// <summary>The family of the event.</summary>
    public abstract EventFamily Family { get; }
    /// <summary>The payer key of the partition.</summary>
    public string PayerId { get; init; } = "";
    /// <summary>The payee key of the partition (tax ID, else NPI).</summary>
    public string PayeeId { get; init; } = "";
    /// <summary>The provider concerned: PLB01 for provider-level events, the payee NPI for claim events.</summary>
    public string? ProviderId { get; init; }
    /// <summary>TRN02 of the remittance the event was found in.</summary>
    public string? RemittanceTrace { get; init; }
    /// <summary>The remittance's payment date (BPR16, else DTM*405).</summary>
    public DateOnly? RemittanceDate { get; init; }
    /// <summary>CLP01 of the claim the event is about (for a PLB matched to a claim, the original's).</summary>
    public string? ClaimId { get; init; }
    /// <summary>CLP07 of the claim the event is about.</summary>
    public string? PayerClaimNumber { get; init; }
    /// <summary>CLP07 of the original paid claim.</summary>
    public string? OriginalPayerClaimNumber { get; init; }
    /// <summary>TRN02 of the remittance that paid the original.</summary>
    public string? OriginalRemittanceTrace { get; init; }
    /// <summary>CLP04 of the original paid claim.</summary>
    public decimal? OriginalPaidAmount { get; init; }
    /// <summary>The amount of the event (see DESIGN §4.4 per type), never negative.</summary>
    public decimal Amount { get; init; }
    /// <summary>What is left of a receivable after the event.</summary>
    public decimal? RemainingAmount { get; init; }
    /// <summary>The PLB adjustment reason code, for provider-level events.</summary>
    public string? PlbReasonCode { get; init; }
    /// <summary>The PLB reference (PLB03-2), for provider-level events.</summary>
    public string? PlbReference { get; init; }
    /// <summary>How the money moved.</summary>
    public RecoupmentMode Mode { get; init; }
    /// <summary>How sure the pairing is.</summary>
    public MatchConfidence Confidence { get; init; }
    /// <summary>Why the money was taken back.</summary>
    public RootCause RootCause { get; init; }
    /// <summary>The CARCs behind the event as GROUP-CODE, e.g. <c>CO-45</c>, in first-seen order.</summary>
    public IReadOnlyList<string> CarcCodes { get; init; } = [];
    /// <summary>The last day to appeal, from the payer class policy.</summary>
    public DateOnly? AppealDeadline { get; init; }
    /// <summary>The event this one follows from (e.g. the receivable a collection applies to).</summary>
    public string? RelatedEventId { get; init; }
    /// <summary>Free text: deltas, variances, flags (never patient data).</summary>
    public string? Note { get; init; }
}

/// <summary>Events of the Recoupment family.</summary>
public abstract record RecoupmentFamilyEvent : RecoupmentEvent
{
    /// <inheritdoc />
    public sealed override EventFamily Family => EventFamily.Recoupment;
}

/// <summary>Events of the Refund family.</summary>
public abstract record RefundFamilyEvent : RecoupmentEvent
{
    /// <inheritdoc />
    public sealed override EventFamily Family => EventFamily.Refund;
}

/// <summary>Events of the Offset family.</summary>
public abstract record OffsetFamilyEvent : RecoupmentEvent
{
    /// <inheritdoc />
    public sealed override EventFamily Family => EventFamily.Offset;
}

/// <summary>Events of the Adjustment family.</summary>
public abstract record AdjustmentFamilyEvent : RecoupmentEvent
{
    /// <inheritdoc />
    public sealed override EventFamily Family => EventFamily.Adjustment;
}

/// <summary>Events of the Diagnostic family.</summary>
public abstract record DiagnosticFamilyEvent : RecoupmentEvent
{
    /// <inheritdoc />
    public sealed override EventFamily Family => EventFamily.Diagnostic;
}
