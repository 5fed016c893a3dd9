using System.Buffers;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Tests.X12;

/// <summary>Property: any split of the input into buffers gives the same segments, diagnostics and counts.</summary>
public class BufferSplitTests
{
    private static readonly string[] TwoWayFiles =
    [
        "stupidedi/005010-X221A1-pass/dollars-and-data-sent-together.edi",
        "stupidedi/005010-X221-case/1.edi",
        "stupidedi/004010-X091A1-case/1.edi",
        "stupidedi/history-samples/all.txt",
        "tigershark/835-example.txt",
        "tigershark/sample_835.txt",
        "tigershark/5010-835-example-1.txt",
        "tastypackets/multi-line-not-delimited.edi",
        "tastypackets/history/oneLine-2-ISA.edi",
        "ryanco/example835nonasciielemsep.txt",
        "ryanco/example835NoISA.txt",
        "keiron/blue_cross_nc_sample.txt",
        "affect/nevada_medicaid.txt",
        "badx12/error_validation.edi",
        "pyx12/history/mult_isa.txt",
        "pyx12/history/835_simple.txt",
    ];

    private static readonly string[] ThreeWayFiles =
    [
        "stupidedi/004010-X091A1-case/1.edi",
        "tigershark/835-example.txt",
        "ryanco/example835nonasciielemsep.txt",
    ];

    [TestCaseSource(nameof(TwoWayFiles))]
    public void Every_two_way_split_of_spans_gives_the_same_result(string file)
    {
        var bytes = Corpus.Read(file);
        var expected = SegmentRecorder.ReadWhole(bytes);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var actual = ReadInChunks(bytes, [split]);
            Compare(actual, expected, $"split at {split}");
        }
    }

    [TestCaseSource(nameof(TwoWayFiles))]
    public void Every_two_way_split_of_a_sequence_gives_the_same_result(string file)
    {
        var bytes = Corpus.Read(file);
        var expected = SegmentRecorder.ReadWhole(bytes);
        for (var split = 1; split < bytes.Length; split++)
        {
            var actual = ReadSequence(TestSequence.Create(bytes, [split]));
            Compare(actual, expected, $"sequence split at {split}");
        }
    }

    [TestCaseSource(nameof(ThreeWayFiles))]
    public void Every_three_way_split_gives_the_same_result(string file)
    {
        var bytes = Corpus.Read(file);
        var expected = SegmentRecorder.ReadWhole(bytes);
        // Every pair of cut points on the first 300 bytes (envelope and header), then a coarser grid over the rest.
        var points = Enumerable.Range(0, Math.Min(bytes.Length, 300)).Concat(Enumerable.Range(0, bytes.Length / 7).Select(i => i * 7)).Distinct().ToArray();
        foreach (var a in points)
        {
            foreach (var b in points)
            {
                if (b < a || b - a > 260) continue;
                Compare(ReadInChunks(bytes, [a, b]), expected, $"splits at {a} and {b}");
                if (a > 0 && b > a && b < bytes.Length) Compare(ReadSequence(TestSequence.Create(bytes, [a, b])), expected, $"sequence splits at {a} and {b}");
            }
        }
    }

    [Test]
    public void One_byte_at_a_time_gives_the_same_result()
    {
        var bytes = Corpus.Read("tastypackets/profee-multiple.edi").AsSpan(0, 20_000).ToArray();
        var expected = SegmentRecorder.ReadWhole(bytes);
        var cuts = Enumerable.Range(1, bytes.Length - 1).ToArray();
        Compare(ReadSequence(TestSequence.Create(bytes, cuts)), expected, "one-byte memories");
        Compare(ReadInChunks(bytes, cuts), expected, "one byte per buffer");
    }

    private static void Compare(Reading actual, Reading expected, string because)
    {
        actual.Segments.Should().Equal(expected.Segments, because);
        actual.Diagnostics.Should().Equal(expected.Diagnostics, because);
        actual.Statistics.Should().Be(expected.Statistics, because);
    }

    /// <summary>Feeds the input as the caller of a network stream would: what is not consumed is kept and more is appended.</summary>
    internal static Reading ReadInChunks(byte[] bytes, int[] cuts)
    {
        var diagnostics = new DiagnosticList();
        var recorder = new SegmentRecorder();
        var state = new X12ReaderState(default, diagnostics);
        var pending = new List<byte>();
        var start = 0;
        foreach (var end in cuts.Append(bytes.Length))
        {
            pending.AddRange(bytes[start..end]);
            start = end;
            var isFinal = end == bytes.Length;
            var buffer = pending.ToArray();
            var consumed = Feed(buffer, isFinal, ref state, recorder);
            pending.RemoveRange(0, consumed);
        }
        return new Reading(recorder.Segments, diagnostics.Select(d => d.ToString()).ToList(), state.Statistics);
    }

    private static int Feed(byte[] buffer, bool isFinal, ref X12ReaderState state, SegmentRecorder recorder)
    {
        var reader = new X12Reader(buffer, isFinal, state);
        while (reader.Read()) recorder.OnSegment(ref reader);
        state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    internal static Reading ReadSequence(ReadOnlySequence<byte> sequence)
    {
        var diagnostics = new DiagnosticList();
        var recorder = new SegmentRecorder();
        var reader = new X12Reader(sequence, true, new X12ReaderState(default, diagnostics));
        while (reader.Read()) recorder.OnSegment(ref reader);
        return new Reading(recorder.Segments, diagnostics.Select(d => d.ToString()).ToList(), reader.Statistics);
    }
}

/// <summary>Builds multi-memory sequences for tests.</summary>
public static class TestSequence
{
    public static ReadOnlySequence<byte> Create(byte[] bytes, int[] cuts)
    {
        var bounds = cuts.Where(c => c > 0 && c < bytes.Length).Distinct().Order().Prepend(0).Append(bytes.Length).ToArray();
        Chunk? first = null, last = null;
        for (var i = 0; i + 1 < bounds.Length; i++)
        {
            var memory = bytes.AsMemory(bounds[i], bounds[i + 1] - bounds[i]);
            if (first is null) first = last = new Chunk(memory, 0);
            else last = last!.Append(memory);
        }
        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    private sealed class Chunk : ReadOnlySequenceSegment<byte>
    {
        public Chunk(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Chunk Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Chunk(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
