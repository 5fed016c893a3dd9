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
        var component = segment.Delimiters.Component;
        for (var p = 0; p <= segment.ElementCount; p++)
        {
            var element = segment[p];
            if (element.IndexOf(component) < 0)
            {
                Add(element);
            }
            else
            {
                foreach (var range in element.Split(component))
                {
                    Add(element[range]);
                    Mix(0x1E);
                }
            }
            Mix(0x1F);
        }
        Mix(0x1D);
    }

    private void Add(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length >= 8)
        {
            Mix(BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[8..];
        }
        if (bytes.IsEmpty) return;
        ulong tail = (ulong)bytes.Length << 56;
        for (var i = 0; i < bytes.Length; i++) tail |= (ulong)bytes[i] << (8 * i);
        Mix(tail);
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
