using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Matching.Pipeline;

/// <summary>A reversal and what it pairs with (R5–R9), decided once by <see cref="ClaimPairing"/>.</summary>
internal sealed class ReversalPlan
{
    public required LedgerClaim Reversal { get; init; }

    /// <summary>The original payment: in the ledger, or earlier in the same remittance.</summary>
    public LedgerClaim? Original { get; init; }

    /// <summary>The correction (reprocessed claim): in the same remittance, or (<see cref="CorrectionIsEarlier"/>) in the ledger.</summary>
    public LedgerClaim? Correction { get; init; }

    public MatchConfidence Confidence { get; init; } = MatchConfidence.High;

    /// <summary>R6: how the reversal's amounts differ from the original's, when they do.</summary>
    public string? Variance { get; init; }

    /// <summary>The correction came in an earlier remittance than the reversal (R8, R24).</summary>
    public bool CorrectionIsEarlier { get; init; }

    /// <summary>The original was paid earlier in this same remittance with exactly these amounts: the pair cancels, no money moved.</summary>
    public bool CancelsInRemittance { get; init; }

    /// <summary>The original payment: from the original, else the reversal negated (it carries the original amounts).</summary>
    public decimal OriginalPaid => Original?.Paid ?? -Reversal.Paid;

    /// <summary>R9: corrected CLP04 less the original payment the reversal took back.</summary>
    public decimal Delta => CancelsInRemittance ? 0 : Correction is null ? Reversal.Paid : Correction.Paid + Reversal.Paid;

    /// <summary>The money this pair takes back (zero when the correction paid as much or more, or the pair cancels).</summary>
    public decimal Takeback => Math.Max(0, -Delta);
}

/// <summary>What a claim of the remittance is, once paired.</summary>
internal enum ClaimRole : byte
{
    /// <summary>Nothing to do (a negative claim of a status that is neither a reversal nor a net delta).</summary>
    None,
    /// <summary>An ordinary paid or denied claim (R28 duplicates, late corrections of pending reversals, back-links).</summary>
    Paid,
    /// <summary>R28: the same claim again in the same remittance; counted once.</summary>
    Repeated,
    /// <summary>A payment its own remittance reverses (pay-then-reverse).</summary>
    CancelledOriginal,
    /// <summary>A CLP02 = 22 reversal.</summary>
    Reversal,
    /// <summary>The correction of a reversal of this remittance (R8).</summary>
    Correction,
    /// <summary>R10: a negative payment on an ordinary status, without a reversal.</summary>
    NetDelta,
}

/// <summary>
/// How the claims of one remittance pair up: each claim's role, its reversal plan, its keys. Immutable once built by
/// <see cref="ClaimPairing"/>; the later stages only read it.
/// </summary>
internal sealed class ClaimPlan
{
    private readonly IReadOnlyList<LedgerClaim> _claims;
    private readonly ClaimRole[] _roles;
    private readonly ReversalPlan?[] _pairs;
    private readonly LedgerClaim?[] _netDeltaOriginals;
    private readonly IReadOnlyCollection<ClaimKey>[] _keys;

    public ClaimPlan(IReadOnlyList<LedgerClaim> claims, ClaimRole[] roles, ReversalPlan?[] pairs, LedgerClaim?[] netDeltaOriginals,
        IReadOnlyCollection<ClaimKey>[] keys, IReadOnlyList<ReversalPlan> reversals)
    {
        _claims = claims;
        _roles = roles;
        _pairs = pairs;
        _netDeltaOriginals = netDeltaOriginals;
        _keys = keys;
        Reversals = reversals;
    }

    /// <summary>The reversal plans, in reversal order.</summary>
    public IReadOnlyList<ReversalPlan> Reversals { get; }

    public ClaimRole RoleOf(LedgerClaim claim) => _roles[IndexOf(claim)];

    /// <summary>The plan of a reversal, of a correction, or of the reversal that cancels a payment.</summary>
    public ReversalPlan? PairOf(LedgerClaim claim) => _pairs[IndexOf(claim)];

    /// <summary>R10: the original a net-delta claim adjusts, when found.</summary>
    public LedgerClaim? NetDeltaOriginalOf(LedgerClaim claim) => _netDeltaOriginals[IndexOf(claim)];

    /// <summary>The ledger keys of a claim, computed once.</summary>
    public IReadOnlyCollection<ClaimKey> KeysOf(LedgerClaim claim) => _keys[IndexOf(claim)];

    private int IndexOf(LedgerClaim claim) =>
        (uint)claim.Position < (uint)_claims.Count && ReferenceEquals(_claims[claim.Position], claim)
            ? claim.Position
            : throw new ArgumentException("The claim is not one of the remittance's.", nameof(claim));
}
