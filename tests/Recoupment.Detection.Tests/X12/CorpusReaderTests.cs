using System.Buffers;
using System.IO.Pipelines;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Validation;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Tests.X12;

/// <summary>The X12 reader over every file of the shared corpus.</summary>
public class CorpusReaderTests
{
    private static IEnumerable<string> AllFiles() => Corpus.AllFiles;

    private static IEnumerable<string> WellFormedFiles() =>
        Corpus.AllFiles.Where(f => Corpus.Entries.TryGetValue(f, out var e) && !e.IsMalformed && !e.HasPlaceholders && !e.IsNot835Data);

    [Test]
    public void The_corpus_is_there() => Corpus.AllFiles.Should().HaveCountGreaterThan(50);

    [TestCaseSource(nameof(AllFiles))]
    public void Every_file_reads_without_exception_through_span_stream_and_pipe(string file)
    {
        var bytes = Corpus.Read(file);
        var whole = SegmentRecorder.ReadWhole(bytes);

        foreach (var bufferSize in new[] { 256, 1000, 4096 })
        {
            var diagnostics = new DiagnosticList();
            var recorder = new SegmentRecorder();
            using var stream = new MemoryStream(bytes);
            var state = X12StreamReader.Read(stream, recorder, new X12ReaderState(default, diagnostics), bufferSize);
            recorder.Segments.Should().Equal(whole.Segments, $"buffer size {bufferSize}");
            diagnostics.Select(d => d.ToString()).Should().Equal(whole.Diagnostics);
            state.Statistics.Should().Be(whole.Statistics);
        }

        var pipeRecorder = new SegmentRecorder();
        var pipe = PipeReader.Create(new MemoryStream(bytes), new StreamPipeReaderOptions(bufferSize: 512, minimumReadSize: 128));
        var pipeState = X12StreamReader.ReadAsync(pipe, pipeRecorder, new X12ReaderState()).AsTask().GetAwaiter().GetResult();
        pipeRecorder.Segments.Should().Equal(whole.Segments);
        pipeState.Statistics.Should().Be(whole.Statistics);
    }

    [TestCaseSource(nameof(AllFiles))]
    public void Envelope_counts_equal_the_corpus_readme(string file)
    {
        if (!Corpus.Entries.TryGetValue(file, out var entry) || entry.Interchanges < 0) Assert.Ignore("The README gives no counts for this file.");
        var stats = SegmentRecorder.ReadWhole(Corpus.Read(file)).Statistics;
        stats.Interchanges.Should().Be(entry.Interchanges);
        stats.FunctionalGroups.Should().Be(entry.Groups);
        stats.Transactions.Should().Be(entry.Transactions);
    }

    [TestCaseSource(nameof(WellFormedFiles))]
    public async Task Validate_counts_equal_an_independent_count(string file)
    {
        var bytes = Corpus.Read(file);
        var expected = NaiveX12Counter.Count(bytes);
        var report = await FileValidator.ValidateAsync(new MemoryStream(bytes), file);
        report.Interchanges.Should().Be(expected.Interchanges);
        report.FunctionalGroups.Should().Be(expected.Groups);
        report.Transactions.Should().Be(expected.Transactions);
        report.Transactions835.Should().Be(expected.Transactions835);
        report.Segments.Should().Be(expected.Segments);
        report.Claims.Should().Be(expected.Claims);
        report.ServiceLines.Should().Be(expected.ServiceLines);
        report.ProviderAdjustments.Should().Be(expected.AdjustmentPairs);
    }

    [TestCaseSource(nameof(WellFormedFiles))]
    public void Claim_counts_equal_the_corpus_readme(string file)
    {
        var entry = Corpus.Entries[file];
        if (entry.Claims < 0) Assert.Ignore("No claim count in the README.");
        NaiveX12Counter.Count(Corpus.Read(file)).Claims.Should().Be(entry.Claims);
    }

    [TestCaseSource(typeof(Corpus), nameof(Corpus.MalformedFiles))]
    public async Task Malformed_files_give_located_errors(string file)
    {
        var report = await FileValidator.ValidateAsync(new MemoryStream(Corpus.Read(file)), file);
        report.Errors.Should().NotBeEmpty();
        report.Errors.Should().OnlyContain(e => e.ByteOffset >= 0 && e.File == file);
    }

    [Test]
    public void Several_interchanges_in_one_file_keep_their_control_numbers()
    {
        var reading = SegmentRecorder.ReadWhole(Corpus.Read("tastypackets/profee-multiple.edi"));
        reading.Statistics.Interchanges.Should().Be(156);
        reading.Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void A_file_of_mixed_transaction_sets_counts_them_all()
    {
        var stats = SegmentRecorder.ReadWhole(Corpus.Read("pyx12/history/mult_isa.txt")).Statistics;
        stats.Transactions.Should().Be(12);
        stats.Transactions835.Should().BeLessThan(12).And.BeGreaterThan(0);
    }
}
