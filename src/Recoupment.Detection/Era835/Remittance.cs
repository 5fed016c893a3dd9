using Recoupment.Detection.Diagnostics;

namespace Recoupment.Detection.Era835;

/// <summary>A whole 835 transaction in memory, for small files and tests. Large inputs should stream items instead.</summary>
public sealed class Remittance
{
    /// <summary>The header.</summary>
    public required RemittanceHeader Header { get; init; }
    /// <summary>The claims, in file order.</summary>
    public required IReadOnlyList<ClaimPayment> Claims { get; init; }
    /// <summary>Every PLB adjustment pair of every PLB segment, in file order.</summary>
    public required IReadOnlyList<ProviderAdjustment> ProviderAdjustments { get; init; }
    /// <summary>The end: totals and balancing.</summary>
    public required RemittanceEnd End { get; init; }
    /// <summary>The diagnostics found inside the transaction.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => End.Diagnostics;
}
