namespace Recoupment.Detection.X12;

/// <summary>Options of the X12 reader. Change them with <c>with</c>: <c>X12ReaderOptions.Default with { MaxSegmentLength = 1 &lt;&lt; 20 }</c>.</summary>
public readonly record struct X12ReaderOptions
{
    /// <summary>The default maximum segment length: 64 KiB.</summary>
    public const int DefaultMaxSegmentLength = 64 * 1024;

    /// <summary>The default bound on amounts: |amount| must stay below 10^11.</summary>
    public const decimal DefaultMaxAbsoluteAmount = 100_000_000_000m;

    /// <summary>The default number of decimals a monetary amount may carry: 2 (cents).</summary>
    public const int DefaultMaxAmountDecimals = 2;

    private readonly int _maxSegmentLength;
    private readonly decimal _maxAbsoluteAmount;
    private readonly int? _maxAmountDecimals;

    /// <summary>Default options.</summary>
    public static X12ReaderOptions Default => default;

    /// <summary>
    /// The longest segment accepted, in bytes (default 64 KiB). A longer one is reported and skipped, so a file with
    /// no terminators costs bounded memory and time.
    /// </summary>
    public int MaxSegmentLength
    {
        get => _maxSegmentLength > 0 ? _maxSegmentLength : DefaultMaxSegmentLength;
        init => _maxSegmentLength = value >= 16 ? value : throw new ArgumentOutOfRangeException(nameof(value), "At least 16 bytes.");
    }

    /// <summary>
    /// Amounts whose absolute value reaches this bound (default 10^11) are implausible: a located diagnostic, and the
    /// claim (or PLB adjustment) carrying one is skipped, so no sum can overflow and nothing unreadable reaches a ledger.
    /// </summary>
    public decimal MaxAbsoluteAmount
    {
        get => _maxAbsoluteAmount > 0 ? _maxAbsoluteAmount : DefaultMaxAbsoluteAmount;
        init => _maxAbsoluteAmount = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "Must be positive.");
    }

    /// <summary>The most decimals a monetary amount (BPR02, CLP03/04, CAS, SVC02/03, PLB) may carry (default 2).</summary>
    public int MaxAmountDecimals
    {
        get => _maxAmountDecimals ?? DefaultMaxAmountDecimals;
        init => _maxAmountDecimals = value is >= 0 and <= 28 ? value : throw new ArgumentOutOfRangeException(nameof(value), "0 to 28.");
    }

    /// <summary>
    /// When true, diagnostic messages may quote element values. Off by default: 835 files carry patient data.
    /// </summary>
    public bool IncludeValuesInMessages { get; init; }

    /// <summary>When false, ISA/GS/ST nesting, counts and control numbers are not checked (tokenizing only).</summary>
    public bool SkipEnvelopeValidation { get; init; }
}
