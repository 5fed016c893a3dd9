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
        var rest = encoded.AsSpan();
        var index = 0;
        while (Next(ref rest, out var kind, out var value)) Add(Hash(kind, value), Pack(claimId, index++));
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

    /// <summary>
    /// The <c>keys</c> column: each key as its kind (one character, <c>'0'</c> + the <see cref="ClaimKeyKind"/>), the
    /// length of its value in decimal, a colon and the value; e.g. <c>07:ICN00012</c> then <c>24:PCN1</c> gives
    /// <c>07:ICN000124:PCN1</c>. Any character may appear in a value.
    /// </summary>
    public static string Encode(IReadOnlyList<(int Kind, string Value)> keys)
    {
        if (keys.Count == 0) return "";
        var sb = new StringBuilder(keys.Count * 20);
        for (var i = 0; i < keys.Count; i++)
        {
            sb.Append((char)('0' + keys[i].Kind)).Append(keys[i].Value.Length).Append(':').Append(keys[i].Value);
        }
        return sb.ToString();
    }

    /// <summary>True when the key at <paramref name="index"/> of the encoded list is (<paramref name="kind"/>, <paramref name="value"/>).</summary>
    public static bool KeyAt(string encoded, int index, int kind, string value)
    {
        var rest = encoded.AsSpan();
        for (var i = 0; Next(ref rest, out var k, out var v); i++)
        {
            if (i == index) return k == kind && v.SequenceEqual(value);
        }
        return false;
    }

    /// <summary>Reads the next key of an encoded list; false at its end.</summary>
    /// <exception cref="InvalidDataException">The list is not in the form <see cref="Encode"/> writes.</exception>
    private static bool Next(ref ReadOnlySpan<char> rest, out int kind, out ReadOnlySpan<char> value)
    {
        kind = 0;
        value = default;
        if (rest.IsEmpty) return false;
        kind = rest[0] - '0';
        var colon = rest[1..].IndexOf(':') + 1;
        if (colon < 2 || !int.TryParse(rest[1..colon], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var length)
            || colon + 1 + length > rest.Length)
        {
            throw new InvalidDataException("A claim's keys column is not in the ledger's format.");
        }
        value = rest.Slice(colon + 1, length);
        rest = rest[(colon + 1 + length)..];
        return true;
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
        foreach (var key in keys) result[i++] = ((int)key.Kind, key.Value ?? "");
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
