using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Recoupment.Detection.Era835.CodeLists;

/// <summary>
/// A code list held as data: each code with its description, dates and category. Lookups never throw and
/// unknown codes are reported as such, so codes newer (or older) than the list pass through.
/// </summary>
/// <remarks>
/// The lists shipped with the library are in <see cref="CodeLists"/>. A newer list can be loaded with
/// <see cref="Load(string, TextReader)"/> from a tab-separated file with the header
/// <c>code, start, stop, category, description</c> (dates as <c>yyyy-MM-dd</c> or empty).
/// </remarks>
public sealed class CodeList
{
    /// <summary>The text <see cref="Describe(string?)"/> returns for a code that is not in the list.</summary>
    public const string UnknownDescription = "Unknown code";

    /// <summary>Longest code the byte lookup accepts; X12 code values are at most a few characters.</summary>
    private const int MaxCodeLength = 32;

    private static readonly string[] Columns = ["code", "start", "stop", "category", "description"];

    private readonly Dictionary<string, CodeEntry> _entries;
    private readonly Dictionary<string, CodeEntry>.AlternateLookup<ReadOnlySpan<char>> _spanLookup;

    private CodeList(string name, Dictionary<string, CodeEntry> entries)
    {
        Name = name;
        _entries = entries;
        _spanLookup = entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The name of the list, for example <c>carc</c>.</summary>
    public string Name { get; }

    /// <summary>Every code of the list, retired ones included.</summary>
    public IReadOnlyCollection<CodeEntry> Entries => _entries.Values;

    /// <summary>Number of codes in the list.</summary>
    public int Count => _entries.Count;

    /// <summary>Looks a code up. Surrounding spaces are ignored; the comparison is otherwise exact (ordinal).</summary>
    /// <param name="code">The code, for example <c>45</c>; <see langword="null"/> or empty is simply not found.</param>
    /// <param name="entry">The entry when found.</param>
    /// <returns><see langword="true"/> when the code is in the list.</returns>
    public bool TryGet(string? code, [NotNullWhen(true)] out CodeEntry? entry)
    {
        if (code is null)
        {
            entry = null;
            return false;
        }

        return _spanLookup.TryGetValue(code.AsSpan().Trim(' '), out entry);
    }

    /// <summary>
    /// Looks up a code given as the ASCII bytes of an X12 element, without allocating. Surrounding spaces are
    /// ignored; a value with non-ASCII bytes or longer than any code is simply not found.
    /// </summary>
    /// <param name="code">The element bytes, for example <c>"WO"u8</c>.</param>
    /// <param name="entry">The entry when found.</param>
    /// <returns><see langword="true"/> when the code is in the list.</returns>
    public bool TryGet(ReadOnlySpan<byte> code, [NotNullWhen(true)] out CodeEntry? entry)
    {
        code = code.Trim((byte)' ');
        entry = null;
        if (code.IsEmpty || code.Length > MaxCodeLength) return false;

        Span<char> chars = stackalloc char[MaxCodeLength];
        for (var i = 0; i < code.Length; i++)
        {
            var b = code[i];
            if (b > 0x7F) return false;
            chars[i] = (char)b;
        }

        return _spanLookup.TryGetValue(chars[..code.Length], out entry);
    }

    /// <summary>Whether the code is in the list (retired codes included).</summary>
    /// <param name="code">The code to look for.</param>
    /// <returns><see langword="true"/> when the code is in the list.</returns>
    public bool Contains(string? code) => TryGet(code, out _);

    /// <summary>The description of a code, or <see cref="UnknownDescription"/> when it is not in the list.</summary>
    /// <param name="code">The code to describe.</param>
    /// <returns>The description; never <see langword="null"/>, never throws.</returns>
    public string Describe(string? code) => TryGet(code, out var entry) ? entry.Description : UnknownDescription;

    /// <summary>The category of a code, or <see langword="null"/> when the code is unknown or has none.</summary>
    /// <param name="code">The code to classify.</param>
    /// <returns>The category, for example <c>Duplicate</c> or <c>Recovery</c>.</returns>
    public string? CategoryOf(string? code) => TryGet(code, out var entry) ? entry.Category : null;

    /// <summary>Builds a list from entries, for example to add payer-specific codes.</summary>
    /// <param name="name">The name of the list.</param>
    /// <param name="entries">The codes; each code may appear once.</param>
    /// <returns>The list.</returns>
    /// <exception cref="ArgumentException">A code is empty or appears twice.</exception>
    public static CodeList FromEntries(string name, IEnumerable<CodeEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(entries);
        var map = new Dictionary<string, CodeEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
            if (string.IsNullOrWhiteSpace(entry.Code)) throw new ArgumentException($"Code list '{name}' has an entry without a code.", nameof(entries));
            if (!map.TryAdd(entry.Code, entry)) throw new ArgumentException($"Code list '{name}' has code '{entry.Code}' twice.", nameof(entries));
        }

        return new CodeList(name, map);
    }

    /// <summary>
    /// Reads a list from tab-separated text: a header row naming the columns <c>code</c>, <c>start</c>,
    /// <c>stop</c>, <c>category</c> and <c>description</c> (in any order), then one code per row. Dates are
    /// <c>yyyy-MM-dd</c> or empty; an empty category means none. Blank lines and lines starting with <c>#</c>
    /// are skipped.
    /// </summary>
    /// <param name="name">The name of the list.</param>
    /// <param name="tsv">The text; read to its end, not disposed.</param>
    /// <returns>The list.</returns>
    /// <exception cref="FormatException">The header lacks a column, a row is malformed or a code appears twice; the message gives the line.</exception>
    public static CodeList Load(string name, TextReader tsv)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tsv);

        var lineNumber = 0;
        int[]? index = null;
        var map = new Dictionary<string, CodeEntry>(StringComparer.Ordinal);
        while (tsv.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#' || string.IsNullOrWhiteSpace(line)) continue;
            var fields = line.Split('\t');
            if (index is null)
            {
                index = ReadHeader(name, fields, lineNumber);
                continue;
            }

            var entry = ReadRow(name, fields, index, lineNumber);
            if (!map.TryAdd(entry.Code, entry)) throw Error(name, lineNumber, $"code '{entry.Code}' appears twice");
        }

        if (index is null) throw Error(name, lineNumber, "no header row");
        return new CodeList(name, map);
    }

    private static int[] ReadHeader(string name, string[] fields, int lineNumber)
    {
        var index = new int[Columns.Length];
        for (var c = 0; c < Columns.Length; c++)
        {
            index[c] = Array.FindIndex(fields, f => string.Equals(f.Trim(), Columns[c], StringComparison.OrdinalIgnoreCase));
            if (index[c] < 0) throw Error(name, lineNumber, $"the header has no '{Columns[c]}' column");
        }

        return index;
    }

    private static CodeEntry ReadRow(string name, string[] fields, int[] index, int lineNumber)
    {
        string Field(int column) => index[column] < fields.Length ? fields[index[column]].Trim() : "";

        var code = Field(0);
        if (code.Length == 0) throw Error(name, lineNumber, "the code is empty");
        var category = Field(3);
        return new CodeEntry(
            code,
            Field(4),
            ParseDate(name, Field(1), lineNumber),
            ParseDate(name, Field(2), lineNumber),
            category.Length == 0 ? null : category);
    }

    private static DateOnly? ParseDate(string name, string text, int lineNumber)
    {
        if (text.Length == 0) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        throw Error(name, lineNumber, $"'{text}' is not a yyyy-MM-dd date");
    }

    private static FormatException Error(string name, int lineNumber, string problem) =>
        new($"Code list '{name}', line {lineNumber}: {problem}.");

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Count} codes)";
}
