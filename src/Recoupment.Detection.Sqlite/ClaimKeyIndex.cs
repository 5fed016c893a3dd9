using System.Runtime.InteropServices;
using System.Text;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Sqlite;

/// <summary>
/// The claim keys of one partition, in memory: a 64-bit hash of (kind, value) to the claims listed under it, oldest
/// first. Built from the <c>keys</c> column of the partition's claims when the partition is first used, then kept up
/// to date as claims are added (write-through). A hash only proposes claims: each one is checked against the exact
/// key it was listed under before it is returned, so a hash collision can never return a wrong claim.
/// </summary>
/// <remarks>
/// An entry packs the claim id and the position of the key in the claim's key list (<see cref="Pack"/>). Most keys
/// name one claim: the entry sits in the dictionary value itself; keys shared by several claims (a patient control
/// number, a paid amount) get a list. About 30 bytes per key, 6 keys per claim.
/// </remarks>
internal sealed class ClaimKeyIndex
{
    private const int KeyBits = 12;
    private const char Separator = '\u001E';

    private readonly Dictionary<ulong, long> _heads = [];
    private readonly List<List<long>> _shared = [];

    /// <summary>Maximum number of keys of one claim.</summary>
    public const int MaxKeys = (1 << KeyBits) - 1;

    /// <summary>Adds the keys of a claim (in their order; a key given twice is listed twice).</summary>
    public void Add(long claimId, IReadOnlyList<(int Kind, string Value)> keys)
    {
        for (var i = 0; i < keys.Count; i++) Add(Hash(keys[i].Kind, keys[i].Value), Pack(claimId, i));
    }

    /// <summary>Adds the keys of a claim from its encoded <c>keys</c> column.</summary>
    public void AddEncoded(long claimId, string encoded)
    {
        var index = 0;
        foreach (var range in encoded.AsSpan().Split(Separator))
        {
            var key = encoded.AsSpan(range);
            if (key.Length == 0) continue;
            Add(Hash(key[0] - '0', key[1..]), Pack(claimId, index++));
        }
    }

    /// <summary>The entries listed under a key's hash, oldest first (check each with <see cref="KeyAt(string, int, int, string)"/>).</summary>
    public ReadOnlySpan<long> Find(int kind, string value, ref long single)
    {
        if (!_heads.TryGetValue(Hash(kind, value), out var head)) return [];
        if (head >= 0)
        {
            single = head;
            return MemoryMarshal.CreateReadOnlySpan(ref single, 1);
        }
        return CollectionsMarshal.AsSpan(_shared[(int)~head]);
    }

    public static long ClaimIdOf(long entry) => entry >>> KeyBits;

    public static int KeyIndexOf(long entry) => (int)(entry & MaxKeys);

    /// <summary>The <c>keys</c> column: each key as its kind digit and value, separated by U+001E.</summary>
    public static string Encode(IReadOnlyList<(int Kind, string Value)> keys)
    {
        if (keys.Count == 0) return "";
        var sb = new StringBuilder(keys.Count * 16);
        for (var i = 0; i < keys.Count; i++)
        {
            if (i > 0) sb.Append(Separator);
            sb.Append((char)('0' + keys[i].Kind)).Append(keys[i].Value);
        }
        return sb.ToString();
    }

    /// <summary>True when the key at <paramref name="index"/> of the encoded list is (<paramref name="kind"/>, <paramref name="value"/>).</summary>
    public static bool KeyAt(string encoded, int index, int kind, string value)
    {
        var i = 0;
        foreach (var range in encoded.AsSpan().Split(Separator))
        {
            if (i++ != index) continue;
            var key = encoded.AsSpan(range);
            return key.Length > 0 && key[0] - '0' == kind && key[1..].SequenceEqual(value);
        }
        return false;
    }

    /// <summary>True when the key at <paramref name="index"/> of the list is (<paramref name="kind"/>, <paramref name="value"/>).</summary>
    public static bool KeyAt(IReadOnlyList<(int Kind, string Value)> keys, int index, int kind, string value) =>
        index < keys.Count && keys[index].Kind == kind && string.Equals(keys[index].Value, value, StringComparison.Ordinal);

    /// <summary>The keys as the index keeps them.</summary>
    public static (int Kind, string Value)[] From(IReadOnlyCollection<ClaimKey> keys)
    {
        if (keys.Count > MaxKeys) throw new ArgumentException($"A claim can have at most {MaxKeys} keys.", nameof(keys));
        var result = new (int, string)[keys.Count];
        var i = 0;
        foreach (var key in keys)
        {
            if (key.Value.Contains(Separator, StringComparison.Ordinal))
            {
                throw new ArgumentException("A claim key cannot contain the character U+001E.", nameof(keys));
            }
            result[i++] = ((int)key.Kind, key.Value);
        }
        return result;
    }

    private void Add(ulong hash, long entry)
    {
        ref var head = ref CollectionsMarshal.GetValueRefOrAddDefault(_heads, hash, out var exists);
        if (!exists)
        {
            head = entry;
            return;
        }
        if (head >= 0)
        {
            _shared.Add([head, entry]);
            head = ~(long)(_shared.Count - 1);
            return;
        }
        _shared[(int)~head].Add(entry);
    }

    private static long Pack(long claimId, int keyIndex) => (claimId << KeyBits) | (uint)keyIndex;

    /// <summary>FNV-1a, 64 bits, over the kind and the UTF-16 code units of the value.</summary>
    private static ulong Hash(int kind, ReadOnlySpan<char> value)
    {
        var hash = 14695981039346656037UL;
        hash = (hash ^ (uint)kind) * 1099511628211UL;
        foreach (var c in value)
        {
            hash = (hash ^ (byte)c) * 1099511628211UL;
            hash = (hash ^ (byte)(c >> 8)) * 1099511628211UL;
        }
        return hash;
    }
}
