namespace Recoupment.Detection.X12;

/// <summary>Options of the X12 reader. Change them with <c>with</c>: <c>X12ReaderOptions.Default with { MaxSegmentLength = 1 &lt;&lt; 20 }</c>.</summary>
public readonly record struct X12ReaderOptions
{
    /// <summary>The default maximum segment length: 64 KiB.</summary>
    public const int DefaultMaxSegmentLength = 64 * 1024;

    private readonly int _maxSegmentLength;

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
    /// When true, diagnostic messages may quote element values. Off by default: 835 files carry patient data.
    /// </summary>
    public bool IncludeValuesInMessages { get; init; }

    /// <summary>When false, ISA/GS/ST nesting, counts and control numbers are not checked (tokenizing only).</summary>
    public bool SkipEnvelopeValidation { get; init; }
}
