using System.Buffers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Benchmarks;

/// <summary>
/// X12 tokenizing against two delimiter-finding baselines over the same 100+ MiB of real 835 interchanges
/// (see <see cref="TokenizerInput"/>). DESIGN.md §7: the tokenizer must reach 1 GB/s, be at least as fast as the
/// <c>IndexOfAny(SearchValues)</c> loop, and allocate nothing per segment.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class TokenizerBenchmarks
{
    private byte[] _data = [];
    private SearchValues<byte> _delimiters = SearchValues.Create("*:~"u8);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(10));
            AddColumn(new ThroughputColumn("MB/s", 1e6, () => TokenizerInput.Size));
            AddColumn(new ThroughputColumn("GB/s", 1e9, () => TokenizerInput.Size));
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _data = TokenizerInput.Build();
        _delimiters = SearchValues.Create(TokenizerInput.DelimiterBytes());
        Console.WriteLine("// " + TokenizerInput.Describe().TrimEnd().Replace("\n", "\n// ", StringComparison.Ordinal));
        Console.WriteLine($"// Delimiter bytes searched by the IndexOfAny baseline: {string.Join(' ', TokenizerInput.DelimiterBytes().Select(b => $"'{(char)b}'"))}");

        // The input must be clean X12: every reader path below then does the same work.
        var reader = new X12Reader(_data);
        while (reader.Read()) { }
        var stats = reader.Statistics;
        Console.WriteLine($"// Segments {stats.Segments:N0}, interchanges {stats.Interchanges:N0}, transactions {stats.Transactions:N0}, errors {stats.Errors}, warnings {stats.Warnings}");
        if (stats.Errors != 0) throw new InvalidOperationException($"The benchmark input has {stats.Errors} X12 errors.");
    }

    /// <summary>The tokenizer with envelope validation: every segment, its elements split, counted.</summary>
    [Benchmark(Description = "X12Reader")]
    public long X12Reader()
    {
        var reader = new X12Reader(_data);
        long sum = 0;
        while (reader.Read()) sum += reader.Segment.ElementCount;
        return sum;
    }

    /// <summary>The tokenizer with envelope validation off (tokenizing only).</summary>
    [Benchmark(Description = "X12Reader, no envelope checks")]
    public long X12ReaderSkipEnvelope()
    {
        var reader = new X12Reader(_data, X12ReaderOptions.Default with { SkipEnvelopeValidation = true });
        long sum = 0;
        while (reader.Read()) sum += reader.Segment.ElementCount;
        return sum;
    }

    /// <summary>Baseline: find every delimiter byte (element, component, terminator of every interchange) with IndexOfAny.</summary>
    [Benchmark(Baseline = true, Description = "IndexOfAny(SearchValues) loop")]
    public long IndexOfAnyLoop()
    {
        var span = _data.AsSpan();
        var delimiters = _delimiters;
        long count = 0;
        int at;
        while ((at = span.IndexOfAny(delimiters)) >= 0)
        {
            count++;
            span = span[(at + 1)..];
        }
        return count;
    }

    /// <summary>Memory-speed reference: count '~' and '*' with Span.Count (two vectorised passes).</summary>
    [Benchmark(Description = "Span.Count('~') + Count('*')")]
    public long SpanCount()
    {
        var span = _data.AsSpan();
        return span.Count((byte)'~') + span.Count((byte)'*');
    }
}
