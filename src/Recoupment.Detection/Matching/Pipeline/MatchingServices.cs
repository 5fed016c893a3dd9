using System.Globalization;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Matching.Policies;
using Lists = Recoupment.Detection.Era835.CodeLists.CodeLists;

namespace Recoupment.Detection.Matching.Pipeline;

/// <summary>
/// What every stage of the engine shares: the ledger, the options and the diagnostics sink, and the policies computed
/// from them (amount tolerance R25, appeal deadlines and look-back limits R26, suspense R22). No state of its own.
/// </summary>
internal sealed class MatchingServices(IClaimLedger ledger, RecoupmentOptions options, IDiagnosticSink? diagnostics)
{
    public IClaimLedger Ledger { get; } = ledger;

    public RecoupmentOptions Options { get; } = options;

    /// <summary>R25: amounts equal within the configured tolerance (0.00 by default).</summary>
    public bool Same(decimal a, decimal b) => Math.Abs(a - b) <= Options.AmountTolerance;

    public void Report(RemittanceDocument document, string code, DiagnosticSeverity severity, string message) =>
        diagnostics?.Report(new Diagnostic(code, severity, message) { File = document.File });

    // ---- Policies (R26) -------------------------------------------------------------------------------------------

    private PayerClass PayerClassOf(string payerId, string? filingIndicator)
    {
        if (filingIndicator is not null && Lists.ClaimFilingIndicators.CategoryOf(filingIndicator) is { } category
            && Enum.TryParse<PayerClass>(category, out var fromClaim))
        {
            return fromClaim;
        }
        return Options.PayerClasses.TryGetValue(payerId, out var configured) ? configured : PayerClass.Commercial;
    }

    public DateOnly? AppealDeadline(string payerId, string? filingIndicator, DateOnly? noticeDate) =>
        Options.Appeals.DeadlineFor(PayerClassOf(payerId, filingIndicator), noticeDate);

    public string? AppealNote(string payerId, string? filingIndicator, DateOnly? noticeDate) =>
        Options.Appeals.StopRecoupmentBy(PayerClassOf(payerId, filingIndicator), noticeDate) is { } stopBy
            ? $"Appeal by {stopBy:yyyy-MM-dd} to stop the recoupment."
            : null;

    public string? LookbackViolation(string payerId, DateOnly? paidOn, DateOnly? recoupedOn)
    {
        if (!Options.PayerJurisdictions.TryGetValue(payerId, out var state)) return null;
        return Options.Lookback.Violation(state, paidOn, recoupedOn) is { } limit
            ? $"RecoupmentOutsideLookback: {limit.State} allows {limit.Days} days after payment"
            : null;
    }

    // ---- Suspense (R22) -----------------------------------------------------------------------------------------

    /// <summary>Keeps an unmatched recovery under its keys, so that the original's later arrival links it.</summary>
    public void Suspend(DocumentContext context, UnmatchedRecoupment unmatched, IReadOnlyCollection<string> keys)
    {
        if (keys.Count == 0) return;
        Ledger.AddSuspense(new SuspenseItem
        {
            Partition = context.Document.Partition,
            EventId = unmatched.EventId,
            Amount = unmatched.Amount,
            DocumentId = context.Document.DocumentId,
            RemittanceTrace = context.Document.Trace,
            RemittanceDate = context.Document.Date,
            PlbReasonCode = unmatched.PlbReasonCode,
            PlbReference = unmatched.PlbReference,
            ProviderId = unmatched.ProviderId,
            ClaimId = unmatched.ClaimId,
            PayerClaimNumber = unmatched.PayerClaimNumber,
        }, keys.Distinct().ToList());
    }

    // ---- Text ---------------------------------------------------------------------------------------------------

    public static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    public static string? Join(params string?[] parts)
    {
        var text = string.Join(" ", parts.Where(p => !string.IsNullOrEmpty(p)));
        return text.Length == 0 ? null : text;
    }
}

/// <summary>Facts about single claims that several stages rely on.</summary>
internal static class ClaimFacts
{
    /// <summary>Statuses of a claim that pays (or reduces) as primary, secondary or tertiary.</summary>
    public static readonly HashSet<string> PaidStatuses = ["1", "2", "3", "19", "20", "21"];

    /// <summary>R8: statuses a correction may carry (22 tolerated, RFI-288).</summary>
    public static readonly HashSet<string> CorrectionStatuses = ["1", "2", "3", "4", "19", "20", "21", "23", "22"];

    /// <summary>CLP02 = 22 that reverses money (negative amounts), or a zero-dollar one; a 22 with positive amounts is a mislabelled correction.</summary>
    public static bool IsReversal(LedgerClaim c) => c.StatusCode == "22" && (c.Paid < 0 || c.Charge < 0 || (c.Paid == 0 && c.Charge == 0));

    /// <summary>R5 key 3: CLP01 + patient (each of QC, 74 and IL) + first date of service.</summary>
    public static HashSet<string> ServiceKeys(LedgerClaim claim)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var patient in new[] { claim.PatientId, claim.CorrectedPatientId, claim.InsuredId })
        {
            if (ClaimKeys.ServiceKey(claim.PatientControlNumber, patient, claim.ServiceFrom) is { } key) keys.Add(key);
        }
        return keys;
    }

    /// <summary>The normalised claim numbers, without blanks and repeats.</summary>
    public static List<string> Numbers(params string?[] numbers) =>
        numbers.Select(ClaimKeys.Normalize).Where(k => k.Length > 0).Distinct().ToList();
}
