using Recoupment.Detection.X12;

namespace Recoupment.Detection.Tests.X12;

public class CorpusSmokeTests
{
    [Test]
    public void Dump()
    {
        foreach (var f in Corpus.AllFiles)
        {
            var r = SegmentRecorder.ReadWhole(Corpus.Read(f));
            TestContext.Out.WriteLine($"{f}: isa={r.Statistics.Interchanges} gs={r.Statistics.FunctionalGroups} st={r.Statistics.Transactions} 835={r.Statistics.Transactions835} seg={r.Statistics.Segments}");
            foreach (var d in r.Diagnostics) TestContext.Out.WriteLine("   " + d);
        }
    }
}
