namespace Recoupment.Detection.Matching.Ledger;

/// <summary>
/// A multimap from claim keys to claim ids that holds no references: keys are kept as 64-bit hashes and ids as numbers,
/// so millions of entries cost the garbage collector nothing to trace. A lookup returns every id stored under the
/// key's hash; the caller confirms each candidate against the real key (collisions are possible, if rare).
/// </summary>
internal sealed class ClaimKeyIndex
{
    private readonly Dictionary<ulong, int> _newest = [];
    private long[] _ids = new long[256];
    private int[] _previous = new int[256];
    private int _count;

    public void Add(ClaimKey key, long id)
    {
        var hash = Hash(key);
        if (_count == _ids.Length)
        {
            Array.Resize(ref _ids, _count * 2);
            Array.Resize(ref _previous, _count * 2);
        }
        _ids[_count] = id;
        _previous[_count] = _newest.TryGetValue(hash, out var newest) ? newest : -1;
        _newest[hash] = _count;
        _count++;
    }

    /// <summary>The ids stored under the key's hash, oldest first; empty when none.</summary>
    public List<long>? Find(ClaimKey key)
    {
        if (!_newest.TryGetValue(Hash(key), out var entry)) return null;
        var ids = new List<long>(2);
        for (; entry >= 0; entry = _previous[entry]) ids.Add(_ids[entry]);
        ids.Reverse();
        return ids;
    }

    /// <summary>A stable 64-bit hash of the key's kind and value (FNV-1a with a final mix).</summary>
    public static ulong Hash(ClaimKey key)
    {
        var hash = (14695981039346656037UL ^ (ulong)key.Kind) * 1099511628211UL;
        foreach (var c in key.Value) hash = (hash ^ c) * 1099511628211UL;
        hash ^= hash >> 32;
        return hash * 0x9E3779B97F4A7C15UL;
    }
}
