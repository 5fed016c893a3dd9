using System.Text;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Benchmarks;

/// <summary>
/// The tokenizer benchmark input: whole interchanges from well-formed files of the shared corpus
/// (../shared/corpus, read in place), concatenated and repeated until the input holds at least <see cref="MinimumSize"/> bytes.
/// </summary>
public static class TokenizerInput
{
    /// <summary>The smallest input size: 100 MiB.</summary>
    public const int MinimumSize = 100 * 1024 * 1024;

    /// <summary>Corpus files (or folders) whose interchanges make up the input; only files that start with ISA are used.</summary>
    public static readonly string[] Sources =
    [
        "stupidedi/005010-X221A1-pass",
        "tastypackets/profee-multiple.edi",
        "lfh",
        "tigershark/5010-835-example-1.txt",
        "tigershark/5010-835-example-2.txt",
        "tigershark/5010-835-example-3.txt",
        "moov",
        "keiron/emedny_sample.txt",
        "keiron/united_healthcare_legacy_sample.txt",
        // Not affect/sample_835.txt: its SE01 counts are wrong (46 and 96 for 55 and 106 segments), and the
        // reader's diagnostics for them would be measured too.
    ];

    private static readonly Lazy<(byte[] Unit, string[] Files)> UnitValue = new(BuildUnit);

    /// <summary>One copy of every source interchange, each trimmed and followed by a line feed.</summary>
    public static byte[] Unit => UnitValue.Value.Unit;

    /// <summary>The corpus files used, relative to the corpus root.</summary>
    public static IReadOnlyList<string> Files => UnitValue.Value.Files;

    /// <summary>How many times <see cref="Unit"/> is repeated.</summary>
    public static int Repetitions => (MinimumSize + Unit.Length - 1) / Unit.Length;

    /// <summary>The input size in bytes (known without building the input, for the throughput columns).</summary>
    public static long Size => (long)Repetitions * Unit.Length;

    /// <summary>Builds the input.</summary>
    public static byte[] Build()
    {
        var unit = Unit;
        var data = new byte[Size];
        for (var offset = 0; offset < data.Length; offset += unit.Length) unit.CopyTo(data.AsSpan(offset));
        return data;
    }

    /// <summary>The shared corpus folder: ../shared/corpus from the repository root.</summary>
    public static string CorpusRoot
    {
        get
        {
            foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "Recoupment.Detection.sln")))
                    {
                        var corpus = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus"));
                        if (Directory.Exists(corpus)) return corpus;
                    }
                }
            }
            throw new DirectoryNotFoundException("The shared corpus (../shared/corpus beside the repository root) was not found.");
        }
    }

    private static (byte[], string[]) BuildUnit()
    {
        var root = CorpusRoot;
        var unit = new MemoryStream();
        var used = new List<string>();
        foreach (var source in Sources)
        {
            var path = Path.Combine(root, source);
            var files = Directory.Exists(path)
                ? Directory.EnumerateFiles(path).Order(StringComparer.Ordinal).ToArray()
                : [path];
            foreach (var file in files)
            {
                var bytes = File.ReadAllBytes(file).AsSpan().Trim("\r\n\t "u8);
                if (!bytes.StartsWith("ISA"u8)) continue;
                CheckClean(bytes, file);
                unit.Write(bytes);
                unit.WriteByte((byte)'\n');
                used.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
            }
        }
        if (used.Count == 0) throw new InvalidOperationException($"No corpus file starting with ISA was found under {root}.");
        return (unit.ToArray(), used.ToArray());
    }

    private static void CheckClean(ReadOnlySpan<byte> bytes, string file)
    {
        // Only clean interchanges: every reader path in the benchmarks then does the same work.
        var diagnostics = new DiagnosticList();
        var reader = new X12Reader(bytes, default, diagnostics, file);
        while (reader.Read()) { }
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"{file} is not clean X12: {string.Join("; ", errors.Take(5).Select(e => e.ToString()))}");
        }
    }

    /// <summary>The element separator, component separator and terminator of each interchange in the input, with how many interchanges use them.</summary>
    public static IReadOnlyDictionary<(byte Element, byte Component, byte Terminator), int> DelimiterSets()
    {
        var sets = new Dictionary<(byte, byte, byte), int>();
        var unit = Unit.AsSpan();
        int at;
        while ((at = unit.IndexOf("ISA"u8)) >= 0)
        {
            // A standard ISA is 106 bytes: the element separator at 3, ISA16 at 104, the terminator at 105.
            var isa = unit[at..];
            var key = (isa[3], isa[104], isa[105]);
            sets[key] = sets.GetValueOrDefault(key) + 1;
            unit = isa[106..];
        }
        return sets;
    }

    /// <summary>Every delimiter byte of the input (element, component and segment terminator of every interchange).</summary>
    public static byte[] DelimiterBytes() =>
        DelimiterSets().Keys.SelectMany(k => new[] { k.Element, k.Component, k.Terminator }).Distinct().Order().ToArray();

    /// <summary>A printable description of the input.</summary>
    public static string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine($"Input: {Size:N0} bytes ({Size / (1024.0 * 1024.0):F1} MiB) = {Repetitions:N0} x {Unit.Length:N0} bytes from {Files.Count} corpus files:");
        foreach (var file in Files) text.AppendLine($"  {file}");
        foreach (var (set, n) in DelimiterSets().OrderByDescending(p => p.Value))
        {
            text.AppendLine($"  delimiters {Show(set.Element)} {Show(set.Component)} {Show(set.Terminator)}: {n} interchanges per copy");
        }
        return text.ToString();

        static string Show(byte b) => b switch { (byte)'\n' => "\\n", (byte)'\r' => "\\r", _ => ((char)b).ToString() };
    }
}
