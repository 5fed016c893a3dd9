using Recoupment.Detection.Matching.Policies;

namespace Recoupment.Detection.Matching;

/// <summary>
/// Options of the matching engine, with documented defaults. Change them with <c>with</c>:
/// <c>RecoupmentOptions.Default with { CorrectionWindowDays = 90 }</c>.
/// </summary>
public sealed record RecoupmentOptions
{
    /// <summary>The defaults.</summary>
    public static RecoupmentOptions Default { get; } = new();

    /// <summary>Absolute tolerance on the amount tests of reversals, receivables and refunds (R6, R15, R18). Default 0.00: to the cent.</summary>
    public decimal AmountTolerance { get; init; }

    /// <summary>Days after a reversal within which a correction may still arrive in a later remittance (R8). Default 60.</summary>
    public int CorrectionWindowDays { get; init; } = 60;

    /// <summary>Days after which an unapplied forward balance is reported stale (R16). Default 120.</summary>
    public int ForwardBalanceStaleDays { get; init; } = 120;

    /// <summary>When true, a reversal without a correction in its remittance is a full takeback at once instead of after the window. Default false.</summary>
    public bool ImmediateFullTakeback { get; init; }

    /// <summary>Amount-only fallback for unmatched provider-level recoveries (R23, confidence Low, never closes a receivable). Default off.</summary>
    public bool LowConfidenceFallback { get; init; }

    /// <summary>How far back the amount-only fallback looks, in days. Default 730 (24 months).</summary>
    public int FallbackLookbackDays { get; init; } = 730;

    /// <summary>Appeal windows per payer class.</summary>
    public AppealPolicy Appeals { get; init; } = AppealPolicy.Default;

    /// <summary>State look-back limits.</summary>
    public LookbackPolicy Lookback { get; init; } = LookbackPolicy.Default;

    /// <summary>The state whose look-back law applies to a payer, by payer key (e.g. a NY-licensed commercial payer → "NY").</summary>
    public IReadOnlyDictionary<string, string> PayerJurisdictions { get; init; } = new Dictionary<string, string>();

    /// <summary>Payer classes by payer key, when CLP06 does not tell (PLB-only recoveries).</summary>
    public IReadOnlyDictionary<string, PayerClass> PayerClasses { get; init; } = new Dictionary<string, PayerClass>();
}
