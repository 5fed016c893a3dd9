using System.Text;

namespace Recoupment.Detection.X12;

/// <summary>
/// A view of one segment in the reader's buffer: the identifier, elements and components as spans.
/// Valid until the next <see cref="X12Reader.Read"/>. Creating or reading it allocates nothing.
/// Element positions are X12 positions: <c>segment[1]</c> is CLP01 of a CLP segment; position 0 is the identifier.
/// </summary>
public readonly ref struct X12Segment
{
    private readonly ReadOnlySpan<byte> _raw;
    private readonly ReadOnlySpan<int> _ends;
    private readonly int _count;
    private readonly X12Delimiters _delimiters;

    internal X12Segment(ReadOnlySpan<byte> raw, ReadOnlySpan<int> ends, int count, X12Delimiters delimiters)
    {
        _raw = raw;
        _ends = ends;
        _count = count;
        _delimiters = delimiters;
    }

    /// <summary>Creates a segment view by splitting <paramref name="raw"/> (without its terminator) on the delimiters. For tests and tools.</summary>
    public static X12Segment Parse(ReadOnlySpan<byte> raw, X12Delimiters delimiters)
    {
        var ends = new List<int>();
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == delimiters.Element && delimiters.IsSeparatorAt(raw, i, 0)) ends.Add(i - delimiters.ElementSeparatorLength + 1);
        }
        ends.Add(raw.Length);
        return new X12Segment(raw, ends.ToArray(), ends.Count, delimiters);
    }

    /// <summary>The segment's bytes without its terminator.</summary>
    public ReadOnlySpan<byte> Raw => _raw;

    /// <summary>The segment identifier, e.g. <c>CLP</c>.</summary>
    public ReadOnlySpan<byte> Id => _raw[..(_count > 0 ? _ends[0] : 0)];

    /// <summary>Number of data elements (the highest position present); trailing empty elements count when written.</summary>
    public int ElementCount => _count - 1;

    /// <summary>The delimiters of the interchange the segment belongs to.</summary>
    public X12Delimiters Delimiters => _delimiters;

    /// <summary>True when the identifier equals <paramref name="id"/> (pass a UTF-8 literal: <c>"CLP"u8</c>).</summary>
    public bool Is(ReadOnlySpan<byte> id) => Id.SequenceEqual(id);

    /// <summary>The element at an X12 position (1-based); an empty span when absent.</summary>
    public ReadOnlySpan<byte> this[int position] => Element(position);

    /// <summary>The element at an X12 position (1-based); an empty span when absent. Position 0 is the identifier.</summary>
    public ReadOnlySpan<byte> Element(int position)
    {
        if ((uint)position >= (uint)_count) return default;
        if (position < _ends.Length)
        {
            var start = position == 0 ? 0 : _ends[position - 1] + _delimiters.ElementSeparatorLength;
            return _raw[start.._ends[position]];
        }
        return ElementBeyondIndex(position);
    }

    private ReadOnlySpan<byte> ElementBeyondIndex(int position)
    {
        // Only the first elements are indexed by the reader; later ones are found by walking separators.
        var indexed = _ends.Length;
        var start = _ends[indexed - 1] + _delimiters.ElementSeparatorLength;
        var current = indexed;
        var sepLength = _delimiters.ElementSeparatorLength;
        for (var i = start; i < _raw.Length; i++)
        {
            if (_raw[i] != _delimiters.Element || !_delimiters.IsSeparatorAt(_raw, i, start)) continue;
            var end = i - sepLength + 1;
            if (current == position) return _raw[start..end];
            current++;
            start = i + 1;
        }
        return current == position ? _raw[start..] : default;
    }

    /// <summary>True when the element at the position is present and not empty.</summary>
    public bool Has(int position) => !Element(position).IsEmpty;

    /// <summary>
    /// A component (1-based) of a composite element, e.g. <c>Component(1, 2)</c> is SVC01-2 (the procedure code).
    /// A simple element is its own first component. Empty when absent.
    /// </summary>
    public ReadOnlySpan<byte> Component(int position, int component) => X12Span.Component(Element(position), _delimiters.Component, component);

    /// <summary>Number of components in the element (1 for a simple non-empty element, 0 for an empty one).</summary>
    public int ComponentCount(int position)
    {
        var element = Element(position);
        return element.IsEmpty ? 0 : element.Count(_delimiters.Component) + 1;
    }

    /// <summary>Parses the element as an X12 decimal (R type); false when empty or malformed.</summary>
    public bool TryGetDecimal(int position, out decimal value) => X12Span.TryParseDecimal(Element(position), out value);

    /// <summary>Parses the element as an integer (N0 type); false when empty or malformed.</summary>
    public bool TryGetInt32(int position, out int value) => X12Span.TryParseInt32(Element(position), out value);

    /// <summary>Parses the element as a CCYYMMDD date; false when empty or malformed.</summary>
    public bool TryGetDate(int position, out DateOnly value) => X12Span.TryParseDate(Element(position), out value);

    /// <summary>The element as a string (allocates); null when empty.</summary>
    public string? GetString(int position) => X12Span.ToStringOrNull(Element(position));

    /// <summary>The component as a string (allocates); null when empty.</summary>
    public string? GetString(int position, int component) => X12Span.ToStringOrNull(Component(position, component));

    /// <summary>The segment identifier as a string (allocates).</summary>
    public string IdString => Encoding.Latin1.GetString(Id);

    /// <inheritdoc />
    public override string ToString() => Encoding.UTF8.GetString(_raw);
}
