using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Sqlite;

/// <summary>
/// The claim keys of one partition, in memory: a 64-bit hash of (kind, value) to the ids of the claims listed under
/// it, oldest first. Built from the <c>keys</c> column of the claims (their key hashes, 8 bytes each) when claims are
/// first looked up, then kept up to date as claims are added (write-through). A hash only proposes claims: the ledger
/// confirms each one on the claim itself (<see cref="ClaimKeys.Has"/>), as the in-memory ledger does, so a collision
/// can never return a wrong claim.
/// </summary>
/// <remarks>
/// Most keys name one claim: its id sits in the dictionary value itself; keys shared by several claims (a patient
/// control number, a paid amount) get a list. About 30 bytes per key, six keys per claim; no references for the
/// garbage collector to trace but the lists.
/// </remarks>
internal sealed class ClaimKeyHashIndex
{
    private readonly Dictionary<ulong, long> _heads = [];
    private readonly List<List<long>> _shared = [];

    /// <summary>Lists a claim under a key hash (a hash given twice lists it twice).</summary>
    public void Add(ulong hash, long claimId)
    {
        ref var head = ref CollectionsMarshal.GetValueRefOrAddDefault(_heads, hash, out var exists);
        if (!exists)
        {
            head = claimId;
            return;
        }
        if (head >= 0)
        {
            _shared.Add([head, claimId]);
            head = ~(long)(_shared.Count - 1);
            return;
        }
        _shared[(int)~head].Add(claimId);
    }

    /// <summary>Lists a claim under the hashes of its <c>keys</c> column.</summary>
    public void AddEncoded(long claimId, ReadOnlySpan<byte> hashes)
    {
        for (var i = 0; i + 8 <= hashes.Length; i += 8) Add(BinaryPrimitives.ReadUInt64LittleEndian(hashes[i..]), claimId);
    }

    /// <summary>The ids of the claims listed under the key's hash, oldest first (confirm each on the claim).</summary>
    public ReadOnlySpan<long> Find(ClaimKey key, ref long single)
    {
        if (!_heads.TryGetValue(Hash(key), out var head)) return [];
        if (head >= 0)
        {
            single = head;
            return MemoryMarshal.CreateReadOnlySpan(ref single, 1);
        }
        return CollectionsMarshal.AsSpan(_shared[(int)~head]);
    }

    /// <summary>The hashes of a claim's keys, in their order.</summary>
    public static ulong[] Hashes(IReadOnlyCollection<ClaimKey> keys)
    {
        var hashes = new ulong[keys.Count];
        var i = 0;
        foreach (var key in keys) hashes[i++] = Hash(key);
        return hashes;
    }

    /// <summary>The <c>keys</c> column: the hashes, 8 bytes each, little-endian.</summary>
    public static int Encode(ulong[] hashes, Span<byte> destination)
    {
        for (var i = 0; i < hashes.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(destination[(i * 8)..], hashes[i]);
        return hashes.Length * 8;
    }

    /// <summary>A stable 64-bit hash of the key's kind and value: FNV-1a over the UTF-16 code units, then a final mix.</summary>
    public static ulong Hash(ClaimKey key)
    {
        var hash = (14695981039346656037UL ^ (ulong)key.Kind) * 1099511628211UL;
        foreach (var c in key.Value ?? "") hash = (hash ^ c) * 1099511628211UL;
        hash ^= hash >> 32;
        return hash * 0x9E3779B97F4A7C15UL;
    }
}
