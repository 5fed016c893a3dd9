using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Synthetic;

/// <summary>
/// One row of the answer key: an event a recoupment engine must find in the generated files, built from what the
/// simulated payer did (never from running an engine), with the fields of docs/matching.md. The event's note says
/// <c>determinable</c>, or <c>not-determinable: why</c> when the corpus alone cannot settle it (for example a reversal
/// whose 60-day correction window is still open when the simulated span ends).
/// </summary>
/// <param name="Event">The event, with <see cref="RecoupmentEvent.EventId"/> empty.</param>
/// <param name="Determinable">False when the corpus cannot settle the event.</param>
public sealed record ExpectedEvent(RecoupmentEvent Event, bool Determinable)
{
    /// <summary>The note of a determinable row.</summary>
    public const string DeterminableNote = "determinable";

    /// <summary>The prefix of the note of a row that is not determinable.</summary>
    public const string NotDeterminablePrefix = "not-determinable: ";
}

/// <summary>What <see cref="RemittanceGenerator"/> wrote.</summary>
public sealed record GenerationSummary
{
    /// <summary>The files written, in the order written.</summary>
    public required IReadOnlyList<string> Files { get; init; }
    /// <summary>Bytes written.</summary>
    public long Bytes { get; init; }
    /// <summary>835 transactions (ST/SE), resent copies included.</summary>
    public long Transactions { get; init; }
    /// <summary>Byte-identical copies of files written again under another name (a resent remittance).</summary>
    public int ResentFiles { get; init; }
    /// <summary>CLP segments (claims, reversals and corrections), resent copies excluded.</summary>
    public long Claims { get; init; }
    /// <summary>New claims adjudicated (ordinary paid and denied claims).</summary>
    public long NewClaims { get; init; }
    /// <summary>SVC segments, resent copies excluded.</summary>
    public long ServiceLines { get; init; }
    /// <summary>PLB adjustment pairs, resent copies excluded.</summary>
    public long ProviderAdjustments { get; init; }
    /// <summary>Rows of the answer key.</summary>
    public long ExpectedEvents { get; init; }
    /// <summary>Rows of the answer key marked not determinable.</summary>
    public long NotDeterminable { get; init; }
    /// <summary>The first payment date (BPR16) written.</summary>
    public DateOnly? FirstDate { get; init; }
    /// <summary>The last payment date (BPR16) written.</summary>
    public DateOnly? LastDate { get; init; }
    /// <summary>Rows of the answer key by event type.</summary>
    public required IReadOnlyDictionary<string, long> ExpectedByType { get; init; }
}
