using Recoupment.Detection.Diagnostics;

namespace Recoupment.Detection.Era835;

/// <summary>The end of one 835 transaction (SE): totals, balancing result and the diagnostics found inside it.</summary>
public sealed class RemittanceEnd : RemittanceItem
{
    /// <summary>The remittance that ended.</summary>
    public RemittanceHeader Remittance { get; internal set; } = null!;
    /// <summary>Number of CLP segments.</summary>
    public int ClaimCount { get; internal set; }
    /// <summary>Number of SVC segments.</summary>
    public int ServiceLineCount { get; internal set; }
    /// <summary>Number of PLB adjustment pairs.</summary>
    public int ProviderAdjustmentCount { get; internal set; }
    /// <summary>Σ CLP04.</summary>
    public decimal TotalClaimPayments { get; internal set; }
    /// <summary>Σ of every PLB amount of every PLB segment.</summary>
    public decimal TotalProviderAdjustments { get; internal set; }
    /// <summary>Σ CLP04 − Σ PLB − BPR02: zero when the remittance balances.</summary>
    public decimal BalanceDifference { get; internal set; }
    /// <summary>True when BPR02 = Σ CLP04 − Σ PLB to the cent (and the amounts could be read).</summary>
    public bool IsBalanced { get; internal set; }
    /// <summary>False when BPR or an amount it depends on could not be read: whether the remittance balances is unknown.</summary>
    public bool IsBalanceKnown { get; internal set; }
    /// <summary>True when the transaction was closed by an SE (false when the input ended or another header came first).</summary>
    public bool HasTrailer { get; internal set; }
    /// <summary>A stable hash of the transaction's content (every segment between ST and SE, delimiters normalised), for duplicate detection.</summary>
    public string ContentHash { get; internal set; } = "";
    /// <summary>The diagnostics (X12 and 835) found inside the transaction: the first <see cref="Era835Parser.MaxDiagnosticsPerTransaction"/>; the diagnostic sink gets them all.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; internal set; } = [];
    /// <summary>Number of error diagnostics found inside the transaction (all of them, kept or not).</summary>
    public int ErrorCount { get; internal set; }
    /// <summary>True when the transaction had an error diagnostic.</summary>
    public bool HasErrors => ErrorCount > 0;
}
