namespace Recoupment.Detection.Cli;

/// <summary>"Did you mean ...?": the known names closest to a mistyped one, by edit distance.</summary>
public static class Suggestions
{
    /// <summary>
    /// The candidates within a small edit distance of <paramref name="typed"/> (at most a third of its length, at least 1,
    /// at most 3; case ignored), closest first; a candidate that starts with what was typed counts as close too.
    /// </summary>
    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(candidates);
        var word = typed.TrimStart('-').ToLowerInvariant();
        if (word.Length == 0) return [];
        var limit = Math.Clamp(word.Length / 3, 1, 3);
        return candidates
            .Distinct(StringComparer.Ordinal)
            .Select(c => (Name: c, Distance: Distance(word, c.TrimStart('-').ToLowerInvariant())))
            .Where(x => x.Distance <= limit || (word.Length >= 3 && x.Name.TrimStart('-').StartsWith(word, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => x.Name)
            .Take(3)
            .ToList();
    }

    /// <summary>"did you mean 'scan'?" or "did you mean 'scan' or 'report'?"; empty when nothing is close.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> candidates)
    {
        var close = Closest(typed, candidates);
        return close.Count == 0 ? "" : $"Did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?";
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
