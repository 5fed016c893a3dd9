using System.Text.RegularExpressions;

namespace Recoupment.Detection.Tests.Support;

/// <summary>The shared corpus of real 835 files at ../shared/corpus, read in place (never copied into the project).</summary>
public static partial class Corpus
{
    private static readonly Lazy<string> RootPath = new(FindRoot);
    private static readonly Lazy<IReadOnlyDictionary<string, CorpusEntry>> EntriesByPath = new(ReadReadme);

    /// <summary>The corpus folder.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The repository root (the folder holding Recoupment.Detection.sln): the tree the tests were built from, else a <c>main</c> checkout beside the corpus.</summary>
    /// <remarks>The tree the tests were built from comes first: a worktree's tests must read its own README and samples, not another checkout's.</remarks>
    public static string RepositoryRoot => TryFindRepositoryRoot() ?? (Path.GetFullPath(Path.Combine(Root, "..", "..", "main")) is var p && File.Exists(Path.Combine(p, "Recoupment.Detection.sln"))
        ? p
        : FindRepositoryRoot());

    private static string? TryFindRepositoryRoot()
    {
        try
        {
            return FindRepositoryRoot();
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Every data file of the corpus, as paths relative to the corpus root, sorted.</summary>
    public static IReadOnlyList<string> AllFiles { get; } = Directory.Exists(SafeRoot())
        ? Directory.EnumerateFiles(SafeRoot(), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "README.md")
            .Select(f => Path.GetRelativePath(SafeRoot(), f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList()
        : [];

    /// <summary>The README row of each file.</summary>
    public static IReadOnlyDictionary<string, CorpusEntry> Entries => EntriesByPath.Value;

    /// <summary>Files the corpus README marks as malformed (NEGATIVE, no ISA, malformed ISA).</summary>
    public static IEnumerable<string> MalformedFiles => Entries.Values.Where(e => e.IsMalformed).Select(e => e.Path);

    /// <summary>The full path of a corpus file.</summary>
    public static string PathOf(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>The bytes of a corpus file.</summary>
    public static byte[] Read(string relative) => File.ReadAllBytes(PathOf(relative));

    private static string SafeRoot()
    {
        try { return Root; }
        catch (DirectoryNotFoundException) { return "/nonexistent"; }
    }

    private static string FindRoot()
    {
        var repo = FindRepositoryRoot();
        var corpus = System.IO.Path.GetFullPath(System.IO.Path.Combine(repo, "..", "shared", "corpus"));
        if (!Directory.Exists(corpus)) throw new DirectoryNotFoundException($"The shared corpus was not found at {corpus}.");
        return corpus;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Recoupment.Detection.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("Recoupment.Detection.sln not found above the test assembly.");
    }

    private static IReadOnlyDictionary<string, CorpusEntry> ReadReadme()
    {
        var result = new Dictionary<string, CorpusEntry>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(System.IO.Path.Combine(Root, "README.md")))
        {
            var m = RowPattern().Match(line);
            if (!m.Success) continue;
            var path = m.Groups["path"].Value;
            var notes = line;
            int Count(string name)
            {
                var c = Regex.Match(notes, $@"\b{name}=(\d+)");
                return c.Success ? int.Parse(c.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
            }
            var malformed = notes.Contains("NEGATIVE", StringComparison.Ordinal) || notes.Contains("No ISA", StringComparison.Ordinal);
            result[path] = new CorpusEntry(path, Count("ISA"), Count("GS"), Count("ST"), Count("CLP"), Count("rev22"),
                notes.Contains("EXPECTED OUTPUT", StringComparison.Ordinal), malformed,
                notes.Contains("placeholder", StringComparison.OrdinalIgnoreCase) || notes.Contains("Placeholder", StringComparison.Ordinal));
        }
        return result;
    }

    [GeneratedRegex(@"^\| `(?<path>[^`]+)` \|")]
    private static partial Regex RowPattern();
}

/// <summary>What the corpus README says of one file.</summary>
public sealed record CorpusEntry(string Path, int Interchanges, int Groups, int Transactions, int Claims, int Reversals,
    bool IsNot835Data, bool IsMalformed, bool HasPlaceholders)
{
    /// <inheritdoc />
    public override string ToString() => Path;
}
