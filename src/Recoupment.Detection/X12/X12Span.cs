using System.Buffers.Text;
using System.Text;

namespace Recoupment.Detection.X12;

/// <summary>Span parsers for X12 data element types. None of them allocates.</summary>
public static class X12Span
{
    /// <summary>
    /// Parses an X12 decimal (R type): optional sign, digits, optional decimal point, optional exponent.
    /// Surrounding spaces are tolerated. False for an empty or malformed value.
    /// </summary>
    public static bool TryParseDecimal(ReadOnlySpan<byte> value, out decimal result)
    {
        value = value.Trim((byte)' ');
        // Fast path: [-]digits[.digits] with at most 18 digits, the form of nearly every amount.
        var i = 0;
        var negative = false;
        if (value.Length > 0 && (value[0] == (byte)'-' || value[0] == (byte)'+'))
        {
            negative = value[0] == (byte)'-';
            i = 1;
        }
        ulong mantissa = 0;
        var digits = 0;
        var scale = -1;
        for (; i < value.Length; i++)
        {
            var b = value[i];
            var d = (uint)(b - '0');
            if (d <= 9)
            {
                if (++digits > 18) return SlowPath(value, out result);
                mantissa = mantissa * 10 + d;
                if (scale >= 0) scale++;
            }
            else if (b == (byte)'.' && scale < 0)
            {
                scale = 0;
            }
            else
            {
                return SlowPath(value, out result);
            }
        }
        if (digits == 0)
        {
            result = 0;
            return false;
        }
        result = new decimal((int)mantissa, (int)(mantissa >> 32), 0, negative, (byte)Math.Max(scale, 0));
        return true;

        static bool SlowPath(ReadOnlySpan<byte> v, out decimal r)
        {
            if (Utf8Parser.TryParse(v, out r, out var consumed) && consumed == v.Length) return true;
            if (Utf8Parser.TryParse(v, out r, out consumed, 'E') && consumed == v.Length) return true;
            r = 0;
            return false;
        }
    }

    /// <summary>Parses an unsigned or signed integer; false for an empty or malformed value or overflow.</summary>
    public static bool TryParseInt32(ReadOnlySpan<byte> value, out int result)
    {
        value = value.Trim((byte)' ');
        return Utf8Parser.TryParse(value, out result, out var consumed) && consumed == value.Length && value.Length > 0;
    }

    /// <summary>Parses a 64-bit integer; false for an empty or malformed value or overflow.</summary>
    public static bool TryParseInt64(ReadOnlySpan<byte> value, out long result)
    {
        value = value.Trim((byte)' ');
        return Utf8Parser.TryParse(value, out result, out var consumed) && consumed == value.Length && value.Length > 0;
    }

    /// <summary>Parses a CCYYMMDD date (DT type, 8 digits), or a YYMMDD date with the X12 century rule (6 digits).</summary>
    public static bool TryParseDate(ReadOnlySpan<byte> value, out DateOnly result)
    {
        result = default;
        int year;
        int rest;
        if (value.Length == 8)
        {
            if (!TryDigits(value[..4], out year)) return false;
            rest = 4;
        }
        else if (value.Length == 6)
        {
            if (!TryDigits(value[..2], out var yy)) return false;
            // ISA09 and other 6-digit dates: years 00-49 are 20xx, 50-99 are 19xx.
            year = yy < 50 ? 2000 + yy : 1900 + yy;
            rest = 2;
        }
        else
        {
            return false;
        }
        if (!TryDigits(value.Slice(rest, 2), out var month) || !TryDigits(value.Slice(rest + 2, 2), out var day)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        result = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Parses an HHMM or HHMMSS time.</summary>
    public static bool TryParseTime(ReadOnlySpan<byte> value, out TimeOnly result)
    {
        result = default;
        if (value.Length < 4 || !TryDigits(value[..2], out var h) || !TryDigits(value.Slice(2, 2), out var m)) return false;
        var s = 0;
        if (value.Length >= 6 && !TryDigits(value.Slice(4, 2), out s)) return false;
        if (h > 23 || m > 59 || s > 59) return false;
        result = new TimeOnly(h, m, s);
        return true;
    }

    /// <summary>The 1-based component of a composite element; a simple element is its own first component.</summary>
    public static ReadOnlySpan<byte> Component(ReadOnlySpan<byte> element, byte separator, int component)
    {
        if (component < 1) return default;
        while (true)
        {
            var at = element.IndexOf(separator);
            if (component == 1) return at < 0 ? element : element[..at];
            if (at < 0) return default;
            element = element[(at + 1)..];
            component--;
        }
    }

    /// <summary>The value as a string (Latin-1 for single bytes, UTF-8 when it is valid UTF-8); null when empty.</summary>
    public static string? ToStringOrNull(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return null;
        return System.Text.Unicode.Utf8.IsValid(value) ? Encoding.UTF8.GetString(value) : Encoding.Latin1.GetString(value);
    }

    /// <summary>True for ASCII letters and digits.</summary>
    public static bool IsAlphanumeric(byte b) => (uint)(b - '0') <= 9 || (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    private static bool TryDigits(ReadOnlySpan<byte> value, out int result)
    {
        result = 0;
        foreach (var b in value)
        {
            var d = (uint)(b - '0');
            if (d > 9) return false;
            result = result * 10 + (int)d;
        }
        return true;
    }
}
