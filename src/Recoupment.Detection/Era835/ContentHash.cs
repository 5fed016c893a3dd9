using System.Buffers.Binary;
using System.Numerics;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Era835;

/// <summary>
/// A stable 64-bit hash of a transaction's content: every element of every segment between ST and SE, with the
/// delimiters normalised, so that a copy re-sent with other delimiters or line breaks hashes the same.
/// Not cryptographic: it tells a re-sent copy from a changed remittance that reuses a trace number.
/// </summary>
internal struct ContentHash
{
    private const ulong Prime1 = 0x9E3779B185EBCA87UL;
    private const ulong Prime2 = 0xC2B2AE3D27D4EB4FUL;
    private ulong _hash;

    public static ContentHash Create() => new() { _hash = 0x27D4EB2F165667C5UL };

    public void AddSegment(X12Segment segment)
    {
        var delimiters = segment.Delimiters;
        if (delimiters.ElementSeparatorLength == 1)
        {
            AddNormalized(segment.Raw, delimiters.Element, delimiters.Component);
        }
        else
        {
            // Multi-byte element separators are rare: hash element by element.
            for (var p = 0; p <= segment.ElementCount; p++)
            {
                AddNormalized(segment[p], 0x1F, delimiters.Component);
                Mix(0x1F);
            }
        }
        Mix(0x1D);
    }

    /// <summary>Hashes the bytes 8 at a time with the element and component separators replaced by fixed values (SWAR).</summary>
    private void AddNormalized(ReadOnlySpan<byte> bytes, byte element, byte component)
    {
        var elements = Broadcast(element);
        var components = Broadcast(component);
        while (bytes.Length >= 8)
        {
            Mix(Normalize(BinaryPrimitives.ReadUInt64LittleEndian(bytes), elements, components));
            bytes = bytes[8..];
        }
        if (bytes.IsEmpty) return;
        ulong tail = 0;
        for (var i = 0; i < bytes.Length; i++) tail |= (ulong)bytes[i] << (8 * i);
        // Bytes past the tail are zero in the word; zero never equals a delimiter, so they stay zero.
        Mix(Normalize(tail, elements, components) | ((ulong)bytes.Length << 56));
    }

    private static ulong Broadcast(byte b) => b * 0x0101010101010101UL;

    private static ulong Normalize(ulong word, ulong elements, ulong components)
    {
        var e = EqualBytes(word, elements);
        var c = EqualBytes(word, components);
        return (word & ~(e | c)) | (0x1F1F1F1F1F1F1F1FUL & e) | (0x1E1E1E1E1E1E1E1EUL & c);
    }

    /// <summary>0xFF in each byte of <paramref name="word"/> equal to the broadcast byte, else 0x00 (exact, no false positives).</summary>
    private static ulong EqualBytes(ulong word, ulong broadcast)
    {
        const ulong Low7 = 0x7F7F7F7F7F7F7F7FUL;
        var t = word ^ broadcast;
        var y = ~(((t & Low7) + Low7) | t | Low7);
        return (y >> 7) * 0xFF;
    }

    private void Mix(ulong value) => _hash = BitOperations.RotateLeft(_hash ^ (value * Prime1), 31) * Prime2;

    public readonly string ToHex()
    {
        var h = _hash;
        h ^= h >> 33;
        h *= Prime2;
        h ^= h >> 29;
        return h.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
