using System.Globalization;
using System.Text;

namespace Recoupment.Detection.Synthetic.Internal;

/// <summary>The delimiters and line ending one generated file is written with.</summary>
internal sealed record FileStyle(char Element, char Component, char Repetition, char Segment, string LineEnd, string Name)
{
    public static readonly FileStyle[] Delimiters =
    [
        new('*', ':', '^', '~', "", "* : ^ ~"),
        new('|', '^', '{', '~', "", "| ^ { ~"),
        new('+', '>', '^', '\'', "", "+ > ^ '"),
    ];

    public static readonly string[] LineEnds = ["", "\n", "\r\n"];
}

/// <summary>
/// Writes X12 segments into a <see cref="StringBuilder"/> with a file's delimiters: elements are appended one by one,
/// trailing empty elements are dropped, and segments are counted for SE01.
/// </summary>
internal sealed class X12TextWriter
{
    private readonly StringBuilder _sb;
    private readonly FileStyle _style;
    private int _pendingEmpty;
    private bool _inSegment;

    public X12TextWriter(StringBuilder sb, FileStyle style)
    {
        _sb = sb;
        _style = style;
    }

    public FileStyle Style => _style;

    /// <summary>Segments written since the last <see cref="ResetCount"/>.</summary>
    public int Count { get; private set; }

    public void ResetCount() => Count = 0;

    public X12TextWriter Seg(string id)
    {
        if (_inSegment) throw new InvalidOperationException("Segment not ended.");
        _inSegment = true;
        _pendingEmpty = 0;
        _sb.Append(id);
        return this;
    }

    /// <summary>Appends an element (empty or null: kept only if a later element follows).</summary>
    public X12TextWriter E(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            _pendingEmpty++;
            return this;
        }
        Flush();
        _sb.Append(_style.Element).Append(value);
        return this;
    }

    public X12TextWriter E(decimal value)
    {
        Flush();
        _sb.Append(_style.Element);
        Money(_sb, value);
        return this;
    }

    public X12TextWriter E(DateOnly value)
    {
        Flush();
        _sb.Append(_style.Element);
        Date(_sb, value);
        return this;
    }

    /// <summary>Appends a composite element: the components joined by the component separator, trailing empties dropped.</summary>
    public X12TextWriter C(string first, string? second, string? third = null, string? fourth = null)
    {
        Flush();
        _sb.Append(_style.Element).Append(first);
        var rest = new[] { second, third, fourth };
        var last = Array.FindLastIndex(rest, s => !string.IsNullOrEmpty(s));
        for (var i = 0; i <= last; i++) _sb.Append(_style.Component).Append(rest[i]);
        return this;
    }

    public void End()
    {
        _sb.Append(_style.Segment).Append(_style.LineEnd);
        _inSegment = false;
        _pendingEmpty = 0;
        Count++;
    }

    /// <summary>Writes raw text (the ISA, which has fixed widths).</summary>
    public void Raw(string text)
    {
        _sb.Append(text).Append(_style.Segment).Append(_style.LineEnd);
        Count++;
    }

    private void Flush()
    {
        for (; _pendingEmpty > 0; _pendingEmpty--) _sb.Append(_style.Element);
    }

    /// <summary>X12 R type: up to two decimals, no trailing zeros, no "-0".</summary>
    public static void Money(StringBuilder sb, decimal value)
    {
        value = Math.Round(value, 2);
        if (value == 0)
        {
            sb.Append('0');
            return;
        }
        sb.Append(value.ToString("0.##", CultureInfo.InvariantCulture));
    }

    public static string Money(decimal value)
    {
        var sb = new StringBuilder(12);
        Money(sb, value);
        return sb.ToString();
    }

    public static void Date(StringBuilder sb, DateOnly value)
    {
        var y = value.Year;
        sb.Append((char)('0' + y / 1000)).Append((char)('0' + y / 100 % 10)).Append((char)('0' + y / 10 % 10)).Append((char)('0' + y % 10));
        sb.Append((char)('0' + value.Month / 10)).Append((char)('0' + value.Month % 10));
        sb.Append((char)('0' + value.Day / 10)).Append((char)('0' + value.Day % 10));
    }

    public static string Date(DateOnly value) => value.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
