using System.Text;

namespace Recoupment.Detection.X12;

/// <summary>
/// Turns element bytes into strings, reusing one string per distinct short value (codes such as "CO", "45", "HC",
/// "472"): codes repeat on every claim, so the typed model allocates only for names and identifiers.
/// Not thread-safe; one per reader.
/// </summary>
internal sealed class ShortStrings
{
    private const int MaxCached = 4096;
    private readonly Dictionary<ulong, string> _cache = [];

    public string Get(ReadOnlySpan<byte> value)
    {
        if (value.Length > 7) return Decode(value);
        // Up to 7 ASCII bytes and the length pack into one key.
        ulong key = (ulong)value.Length << 56;
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            if (b >= 0x80) return Decode(value);
            key |= (ulong)b << (8 * i);
        }
        if (_cache.TryGetValue(key, out var cached)) return cached;
        var text = Encoding.ASCII.GetString(value);
        if (_cache.Count < MaxCached) _cache[key] = text;
        return text;
    }

    private static string Decode(ReadOnlySpan<byte> value) =>
        System.Text.Unicode.Utf8.IsValid(value) ? Encoding.UTF8.GetString(value) : Encoding.Latin1.GetString(value);
}
