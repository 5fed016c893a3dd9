namespace Recoupment.Detection.X12;

/// <summary>
/// The delimiters of one interchange, taken from its ISA: the element separator is the byte after <c>ISA</c>,
/// the component separator is ISA16, the segment terminator is the byte after ISA16, and from version 00402 on
/// ISA11 is the repetition separator. Each interchange of a file may use different delimiters.
/// </summary>
public readonly record struct X12Delimiters
{
    /// <summary>The customary delimiters: <c>*</c> elements, <c>:</c> components, <c>~</c> segments, <c>^</c> repetitions.</summary>
    public static X12Delimiters Default { get; } = new((byte)'*', (byte)':', (byte)'~', (byte)'^');

    /// <summary>Creates single-byte delimiters.</summary>
    /// <param name="element">Element separator.</param>
    /// <param name="component">Component (sub-element) separator.</param>
    /// <param name="segment">Segment terminator.</param>
    /// <param name="repetition">Repetition separator, or 0 when the version has none.</param>
    public X12Delimiters(byte element, byte component, byte segment, byte repetition = 0)
    {
        Element = element;
        Component = component;
        Segment = segment;
        Repetition = repetition;
        ElementSeparatorLength = 1;
        ElementLead = 0;
    }

    private X12Delimiters(byte element, byte component, byte segment, byte repetition, int length, uint lead)
        : this(element, component, segment, repetition)
    {
        ElementSeparatorLength = length;
        ElementLead = lead;
    }

    /// <summary>The element separator; for a multi-byte (UTF-8) separator, its last byte.</summary>
    public byte Element { get; }

    /// <summary>The component separator (ISA16).</summary>
    public byte Component { get; }

    /// <summary>The segment terminator.</summary>
    public byte Segment { get; }

    /// <summary>The repetition separator (ISA11 from version 00402 on), or 0 when there is none.</summary>
    public byte Repetition { get; }

    /// <summary>
    /// Length in bytes of the element separator: 1 for ASCII, 2 to 4 when a sender used a non-ASCII character
    /// (such as <c>Ö</c>) written in UTF-8.
    /// </summary>
    public int ElementSeparatorLength { get; }

    /// <summary>The bytes of a multi-byte separator before its last byte, packed little-endian.</summary>
    internal uint ElementLead { get; }

    /// <summary>The element separator as bytes.</summary>
    public byte[] GetElementSeparatorBytes()
    {
        var bytes = new byte[ElementSeparatorLength];
        for (var i = 0; i < bytes.Length - 1; i++) bytes[i] = (byte)(ElementLead >> (8 * i));
        bytes[^1] = Element;
        return bytes;
    }

    /// <summary>Creates delimiters whose element separator is the given byte sequence (1 to 4 bytes).</summary>
    public static X12Delimiters WithElementSeparator(ReadOnlySpan<byte> elementSeparator, byte component, byte segment, byte repetition = 0)
    {
        if (elementSeparator.Length is < 1 or > 4)
            throw new ArgumentOutOfRangeException(nameof(elementSeparator), "An element separator is 1 to 4 bytes long.");
        uint lead = 0;
        for (var i = 0; i < elementSeparator.Length - 1; i++) lead |= (uint)elementSeparator[i] << (8 * i);
        return new X12Delimiters(elementSeparator[^1], component, segment, repetition, elementSeparator.Length, lead);
    }

    /// <summary>True when <paramref name="data"/> has the lead bytes of a multi-byte separator just before <paramref name="lastByteIndex"/>.</summary>
    internal bool IsSeparatorAt(ReadOnlySpan<byte> data, int lastByteIndex, int lowerBound)
    {
        var n = ElementSeparatorLength - 1;
        if (n == 0) return true;
        if (lastByteIndex - n < lowerBound) return false;
        for (var i = 0; i < n; i++)
        {
            if (data[lastByteIndex - n + i] != (byte)(ElementLead >> (8 * i))) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        static string Show(byte b) => b switch
        {
            0 => "none",
            (byte)'\r' => "CR",
            (byte)'\n' => "LF",
            < 0x20 or >= 0x7F => $"0x{b:X2}",
            _ => ((char)b).ToString(),
        };
        var element = ElementSeparatorLength == 1 ? Show(Element) : System.Text.Encoding.UTF8.GetString(GetElementSeparatorBytes());
        return $"element {element}, component {Show(Component)}, segment {Show(Segment)}, repetition {Show(Repetition)}";
    }
}
