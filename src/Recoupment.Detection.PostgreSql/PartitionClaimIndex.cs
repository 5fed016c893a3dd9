namespace Recoupment.Detection.PostgreSql;

/// <summary>
/// The claim keys of one partition, in memory: the 64-bit key hashes of its claims (as kept in <c>claim.key_hashes</c>)
/// to the ids of the claims listed under each, oldest first. Read from the claims when the partition is first looked
/// up, then kept up to date as claims are added, here or (read again) by another writer. A hash only proposes claims:
/// the ledger confirms each one on the claim itself, so a collision never returns a wrong claim.
/// </summary>
/// <remarks>Entries are chained in two arrays (no object per key): about 24 bytes per key, six or seven keys per claim.</remarks>
internal sealed class PartitionClaimIndex
{
    private readonly Dictionary<ulong, int> _newest = [];
    private long[] _ids = new long[64];
    private int[] _previous = new int[64];
    private int _count;

    /// <summary>The largest claim id listed: claims with larger ids are the ones added since.</summary>
    public long MaxId { get; private set; }

    /// <summary>Lists a claim under a key hash (a hash given twice lists it twice).</summary>
    public void Add(ulong hash, long claimId)
    {
        if (_count == _ids.Length)
        {
            Array.Resize(ref _ids, _count * 2);
            Array.Resize(ref _previous, _count * 2);
        }
        _ids[_count] = claimId;
        _previous[_count] = _newest.TryGetValue(hash, out var newest) ? newest : -1;
        _newest[hash] = _count++;
        if (claimId > MaxId) MaxId = claimId;
    }

    /// <summary>Appends the ids listed under the hash to <paramref name="ids"/>, oldest first.</summary>
    public void Find(ulong hash, List<long> ids)
    {
        if (!_newest.TryGetValue(hash, out var entry)) return;
        var start = ids.Count;
        for (; entry >= 0; entry = _previous[entry]) ids.Add(_ids[entry]);
        ids.Reverse(start, ids.Count - start);
    }
}
