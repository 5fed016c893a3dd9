using System.Globalization;

namespace Recoupment.Detection.Matching.Events;

/// <summary>
/// An event flattened into the columns of the events CSV (DESIGN §4.3), in that order. The CSV and JSON lines sinks
/// both write this shape, so the two formats always agree.
/// </summary>
public sealed record EventRow
{
    /// <summary>The column names, in contract order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "event_id", "event_type", "family", "payer_id", "payee_id", "provider_id", "remittance_trace", "remittance_date",
        "claim_id", "payer_claim_number", "original_payer_claim_number", "original_remittance_trace", "original_paid_amount",
        "amount", "remaining_amount", "plb_reason_code", "plb_reference", "mode", "confidence", "root_cause", "carc_codes",
        "appeal_deadline", "related_event_id", "note",
    ];

    /// <summary>event_id.</summary>
    public string EventId { get; init; } = "";
    /// <summary>event_type.</summary>
    public string EventType { get; init; } = "";
    /// <summary>family.</summary>
    public string Family { get; init; } = "";
    /// <summary>payer_id.</summary>
    public string PayerId { get; init; } = "";
    /// <summary>payee_id.</summary>
    public string PayeeId { get; init; } = "";
    /// <summary>provider_id.</summary>
    public string ProviderId { get; init; } = "";
    /// <summary>remittance_trace.</summary>
    public string RemittanceTrace { get; init; } = "";
    /// <summary>remittance_date (yyyy-MM-dd).</summary>
    public string RemittanceDate { get; init; } = "";
    /// <summary>claim_id.</summary>
    public string ClaimId { get; init; } = "";
    /// <summary>payer_claim_number.</summary>
    public string PayerClaimNumber { get; init; } = "";
    /// <summary>original_payer_claim_number.</summary>
    public string OriginalPayerClaimNumber { get; init; } = "";
    /// <summary>original_remittance_trace.</summary>
    public string OriginalRemittanceTrace { get; init; } = "";
    /// <summary>original_paid_amount (two decimals).</summary>
    public string OriginalPaidAmount { get; init; } = "";
    /// <summary>amount (two decimals, non-negative).</summary>
    public string Amount { get; init; } = "";
    /// <summary>remaining_amount (two decimals).</summary>
    public string RemainingAmount { get; init; } = "";
    /// <summary>plb_reason_code.</summary>
    public string PlbReasonCode { get; init; } = "";
    /// <summary>plb_reference.</summary>
    public string PlbReference { get; init; } = "";
    /// <summary>mode.</summary>
    public string Mode { get; init; } = "";
    /// <summary>confidence.</summary>
    public string Confidence { get; init; } = "";
    /// <summary>root_cause.</summary>
    public string RootCause { get; init; } = "";
    /// <summary>carc_codes, separated by ';'.</summary>
    public string CarcCodes { get; init; } = "";
    /// <summary>appeal_deadline (yyyy-MM-dd).</summary>
    public string AppealDeadline { get; init; } = "";
    /// <summary>related_event_id.</summary>
    public string RelatedEventId { get; init; } = "";
    /// <summary>note.</summary>
    public string Note { get; init; } = "";

    /// <summary>Flattens an event.</summary>
    public static EventRow From(RecoupmentEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new EventRow
        {
            EventId = e.EventId,
            EventType = e.EventType,
            Family = e.Family.ToString(),
            PayerId = e.PayerId,
            PayeeId = e.PayeeId,
            ProviderId = e.ProviderId ?? "",
            RemittanceTrace = e.RemittanceTrace ?? "",
            RemittanceDate = Date(e.RemittanceDate),
            ClaimId = e.ClaimId ?? "",
            PayerClaimNumber = e.PayerClaimNumber ?? "",
            OriginalPayerClaimNumber = e.OriginalPayerClaimNumber ?? "",
            OriginalRemittanceTrace = e.OriginalRemittanceTrace ?? "",
            OriginalPaidAmount = Money(e.OriginalPaidAmount),
            Amount = Money(e.Amount),
            RemainingAmount = Money(e.RemainingAmount),
            PlbReasonCode = e.PlbReasonCode ?? "",
            PlbReference = e.PlbReference ?? "",
            Mode = e.Mode == RecoupmentMode.None ? "" : e.Mode.ToString(),
            Confidence = e.Confidence == MatchConfidence.None ? "" : e.Confidence.ToString(),
            RootCause = e.RootCause == Events.RootCause.None ? "" : e.RootCause.ToString(),
            CarcCodes = string.Join(';', e.CarcCodes),
            AppealDeadline = Date(e.AppealDeadline),
            RelatedEventId = e.RelatedEventId ?? "",
            Note = e.Note ?? "",
        };
    }

    /// <summary>The values in contract column order.</summary>
    public IReadOnlyList<string> Values() =>
    [
        EventId, EventType, Family, PayerId, PayeeId, ProviderId, RemittanceTrace, RemittanceDate, ClaimId, PayerClaimNumber,
        OriginalPayerClaimNumber, OriginalRemittanceTrace, OriginalPaidAmount, Amount, RemainingAmount, PlbReasonCode, PlbReference,
        Mode, Confidence, RootCause, CarcCodes, AppealDeadline, RelatedEventId, Note,
    ];

    /// <summary>A non-negative amount with two decimals, as the contract writes it.</summary>
    public static string Money(decimal? amount) => amount is { } a ? Math.Abs(a).ToString("0.00", CultureInfo.InvariantCulture) : "";

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
