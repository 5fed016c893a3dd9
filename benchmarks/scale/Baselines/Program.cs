using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

// Baselines for benchmarks/scale/run.sh, over the same folder of 835 files as `recoup scan`:
//   split <dir> [--parallel]       the usual hand-written approach: File.ReadAllText, Split on the segment terminator,
//                                  Split each segment on the element separator, count CLP and PLB.
//   indexofany <dir> [--parallel]  the vectorised delimiter scan: File.ReadAllBytes, IndexOfAny(SearchValues) over
//                                  the element, component and segment delimiters, counting segments, CLP and PLB.
// Both take the delimiters from the ISA (the generated corpus mixes * : ~, | ^ ~ and + > '), which is the only
// concession to correctness the "usual" code is given. Prints one line: counts, bytes, seconds, MB/s.
if (args.Length < 2 || args[0] is not ("split" or "indexofany"))
{
    Console.Error.WriteLine("usage: scale-baselines split|indexofany <dir> [--parallel]");
    return 2;
}
var files = Directory.EnumerateFiles(args[1], "*.835", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
var parallel = args.Contains("--parallel");
var watch = Stopwatch.StartNew();
long bytes = 0, segments = 0, claims = 0, adjustments = 0;
var searchValues = new ConcurrentDictionary<(byte, byte, byte), SearchValues<byte>>();

void Split(string file)
{
    var text = File.ReadAllText(file);
    var element = text[3];
    var terminator = text[105];
    long s = 0, c = 0, p = 0;
    foreach (var segment in text.Split(terminator))
    {
        var elements = segment.Trim().Split(element);
        if (elements[0].Length == 0) continue;
        s++;
        if (elements[0] == "CLP") c++;
        else if (elements[0] == "PLB") p += (elements.Length - 2) / 2;
    }
    Interlocked.Add(ref bytes, text.Length);
    Interlocked.Add(ref segments, s);
    Interlocked.Add(ref claims, c);
    Interlocked.Add(ref adjustments, p);
}

void IndexOfAny(string file)
{
    var data = File.ReadAllBytes(file);
    var (element, component, terminator) = (data[3], data[104], data[105]);
    var delimiters = searchValues.GetOrAdd((element, component, terminator), k => SearchValues.Create([k.Item1, k.Item2, k.Item3]));
    var span = data.AsSpan();
    long s = 0, c = 0, p = 0;
    var position = 0;
    var segmentStart = 0;
    int at;
    while ((at = span[position..].IndexOfAny(delimiters)) >= 0)
    {
        at += position;
        if (data[at] == terminator)
        {
            s++;
            segmentStart = at + 1;
            while (segmentStart < data.Length && data[segmentStart] is (byte)'\r' or (byte)'\n') segmentStart++;
        }
        else if (data[at] == element && at - segmentStart == 3)
        {
            if (data[segmentStart] == 'C' && data[segmentStart + 1] == 'L' && data[segmentStart + 2] == 'P') c++;
            else if (data[segmentStart] == 'P' && data[segmentStart + 1] == 'L' && data[segmentStart + 2] == 'B') p++;
        }
        position = at + 1;
    }
    Interlocked.Add(ref bytes, data.Length);
    Interlocked.Add(ref segments, s);
    Interlocked.Add(ref claims, c);
    Interlocked.Add(ref adjustments, p);
}

Action<string> run = args[0] == "split" ? Split : IndexOfAny;
if (parallel) Parallel.ForEach(files, run);
else foreach (var file in files) run(file);

var seconds = watch.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{args[0]}{(parallel ? " --parallel" : "")}: files {files.Length} bytes {bytes} segments {segments} CLP {claims} PLB {(args[0] == "split" ? "pairs" : "segments")} {adjustments} seconds {seconds:F2} MB/s {bytes / 1e6 / seconds:F1}"));
return 0;
