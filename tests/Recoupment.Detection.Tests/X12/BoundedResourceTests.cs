using System.Text;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Tests.X12;

/// <summary>Memory and time stay bounded: no terminators, huge inputs, per-segment allocation.</summary>
public class BoundedResourceTests
{
    [Test]
    public void A_file_without_terminators_gives_an_error_not_unbounded_memory()
    {
        // 3 MB after a valid ISA and not one more terminator.
        var text = X12Text.Isa() + "~GS*HP*A*B*20260101*1200*1*X*005010X221A1" + string.Concat(Enumerable.Repeat("*ELEMENT", 400_000));
        var bytes = Encoding.ASCII.GetBytes(text);
        var diagnostics = new DiagnosticList();
        using var stream = new MemoryStream(bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var state = X12StreamReader.Read(stream, new SegmentRecorder(), new X12ReaderState(default, diagnostics), 16 * 1024);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        diagnostics.Select(d => d.Code).Should().Contain(DiagnosticCodes.SegmentTooLong);
        diagnostics.Single(d => d.Code == DiagnosticCodes.SegmentTooLong).ByteOffset.Should().Be(X12Text.Isa().Length + 1);
        state.Statistics.Interchanges.Should().Be(1);
        allocated.Should().BeLessThan(1_000_000, "the buffer is bounded by the maximum segment length, not the file");
    }

    [Test]
    public void The_maximum_segment_length_is_configurable()
    {
        var body = X12Text.SimpleRemittance().Append("REF*EA*" + new string('X', 300)).ToList();
        var text = X12Text.Interchange([body]);
        var options = X12ReaderOptions.Default with { MaxSegmentLength = 200 };
        var (segments, diagnostics, _) = DelimiterTests.Read(Encoding.ASCII.GetBytes(text), options);
        diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.SegmentTooLong);
        segments.Should().NotContain(s => s[0] == "REF");
        segments.Should().Contain(s => s[0] == "IEA");
        DelimiterTests.Read(Encoding.ASCII.GetBytes(text)).Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void Reading_allocates_nothing_that_grows_with_the_input()
    {
        var small = Generate(2_000);
        var large = Generate(40_000);
        var smallBytes = MeasureAllocations(small);
        var largeBytes = MeasureAllocations(large);
        large.Length.Should().BeGreaterThan(small.Length * 15);
        largeBytes.Should().BeLessThan(smallBytes + 4096, "reading allocates nothing per segment");
    }

    [Test]
    public void Reading_a_span_allocates_nothing_at_all()
    {
        var data = Generate(5_000);
        Count(data);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = Count(data);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        count.Should().BeGreaterThan(50_000);
        allocated.Should().Be(0);
    }

    private static long Count(byte[] data)
    {
        var reader = new X12Reader(data);
        long elements = 0;
        while (reader.Read())
        {
            var s = reader.Segment;
            elements += s.ElementCount;
            if (s.Is("CLP"u8) && s.TryGetDecimal(4, out var paid) && paid < 0) elements++;
        }
        return elements;
    }

    private static long MeasureAllocations(byte[] data)
    {
        X12StreamReader.Read(new MemoryStream(data), new NullHandler(), new X12ReaderState(), 8192);
        // The least of three readings: a miss of the shared array pool (trimmed after a gen-2 collection caused by other
        // tests) rents a new buffer once, which is not an allocation of the reader's.
        var least = long.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            X12StreamReader.Read(new MemoryStream(data), new NullHandler(), new X12ReaderState(), 8192);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }

    internal static byte[] Generate(int transactions)
    {
        var body = X12Text.SimpleRemittance();
        return Encoding.ASCII.GetBytes(X12Text.Interchange(Enumerable.Repeat(body, transactions), after: "\n"));
    }

    private sealed class NullHandler : IX12SegmentHandler
    {
        public void OnSegment(ref X12Reader reader)
        {
        }
    }
}
