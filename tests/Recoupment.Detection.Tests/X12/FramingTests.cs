using System.Text;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Validation;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Tests.X12;

/// <summary>
/// What payers' transmission does to the bytes: control-character delimiters (PBM and clearinghouse 835s: 0x1D elements,
/// 0x1F components, 0x1E segments) and fixed-length record wrapping (a line break every 80 bytes, inside segments and the
/// ISA). Both are read as the sender meant them, the same way in the tokenizer, in validate and in scan.
/// </summary>
public class FramingTests
{
    private const char Gs = '\u001D', Us = '\u001F';
    private const string Rs = "\u001E";

    private static readonly IReadOnlyList<string> Body = X12Text.SimpleRemittance();

    private static string TwoTransactions(char element = '*', char component = ':', string terminator = "~", string after = "") =>
        X12Text.Interchange([Body, X12Text.SimpleRemittance(trace: "67890", icn: "ICN0002")], element, component, terminator, after);

    /// <summary>Inserts <paramref name="lineBreak"/> after every <paramref name="width"/> bytes, as a mainframe transfer does.</summary>
    internal static byte[] Wrap(byte[] data, int width = 80, string lineBreak = "\r\n", bool breakAtEnd = false)
    {
        var output = new List<byte>(data.Length + data.Length / width * lineBreak.Length + 2);
        for (var i = 0; i < data.Length; i += width)
        {
            output.AddRange(data.AsSpan(i, Math.Min(width, data.Length - i)).ToArray());
            if (i + width < data.Length || breakAtEnd) output.AddRange(Encoding.ASCII.GetBytes(lineBreak));
        }
        return output.ToArray();
    }

    private static (List<string> Segments, DiagnosticList Diagnostics) ReadStream(byte[] data, int bufferSize = X12StreamReader.DefaultBufferSize, int maxRead = int.MaxValue)
    {
        var diagnostics = new DiagnosticList();
        var recorder = new SegmentRecorder();
        using var stream = new TrickleStream(data, maxRead);
        X12StreamReader.Read(stream, recorder, new X12ReaderState(default, diagnostics), bufferSize);
        return (recorder.Segments, diagnostics);
    }

    private static IEnumerable<string> Elements(IEnumerable<string> recorded) =>
        recorded.Select(s => s[(s.IndexOf(' ', StringComparison.Ordinal) + 1)..]); // without index and offset

    // ---- Control-character delimiters ------------------------------------------------------------------------

    [Test]
    public void Control_character_delimiters_read_the_same_segments_as_printable_ones()
    {
        var printable = SegmentRecorder.ReadWhole(Encoding.ASCII.GetBytes(TwoTransactions()));
        var control = SegmentRecorder.ReadWhole(Encoding.ASCII.GetBytes(TwoTransactions(Gs, Us, Rs)));

        control.Diagnostics.Should().BeEmpty("0x1D, 0x1F and 0x1E are valid delimiters: ISA declares them");
        control.Statistics.Should().Be(printable.Statistics);
        control.Segments.Select(s => s.Replace(Us, ':')).Should().Equal(printable.Segments);
    }

    [Test]
    public void Control_character_delimiters_are_taken_from_the_ISA()
    {
        var reader = new X12Reader(Encoding.ASCII.GetBytes(TwoTransactions(Gs, Us, Rs)));
        reader.Read().Should().BeTrue();
        reader.Delimiters.Element.Should().Be(0x1D);
        reader.Delimiters.Component.Should().Be(0x1F);
        reader.Delimiters.Segment.Should().Be(0x1E);
        while (reader.Read())
        {
            if (!reader.Segment.Is("SVC"u8)) continue;
            Encoding.ASCII.GetString(reader.Segment.Component(1, 2)).Should().Be("99213");
        }
    }

    [TestCase(' ')]
    [TestCase('\t')]
    [TestCase('\0')]
    public void Whitespace_is_never_a_delimiter(char element)
    {
        var diagnostics = new DiagnosticList();
        var reader = new X12Reader(Encoding.ASCII.GetBytes(TwoTransactions(element)), default, diagnostics);
        while (reader.Read()) { }
        diagnostics.Should().Contain(d => d.Code == DiagnosticCodes.MalformedIsa);
    }

    [Test]
    public async Task Validate_and_scan_read_control_character_delimiters_alike()
    {
        var bytes = Encoding.ASCII.GetBytes(TwoTransactions(Gs, Us, Rs, "\r\n"));
        var report = await FileValidator.ValidateAsync(new MemoryStream(bytes), "control.835");
        report.Errors.Should().BeEmpty();
        report.Transactions835.Should().Be(2);
        report.Claims.Should().Be(2);

        var remittances = Era835Reader.ReadRemittances(bytes);
        remittances.Should().HaveCount(2);
        remittances.SelectMany(r => r.Claims).Select(c => c.PayerClaimControlNumber).Should().Equal("ICN0001", "ICN0002");
        remittances[0].Claims[0].ServiceLines[0].Procedure.Code.Should().Be("99213");
    }

    // ---- Fixed-length wrapping -------------------------------------------------------------------------------

    [TestCase(80, "\r\n")]
    [TestCase(80, "\n")]
    [TestCase(132, "\r\n")]
    [TestCase(64, "\r")]
    public void A_wrapped_file_reads_as_if_unwrapped_with_a_warning(int width, string lineBreak)
    {
        var plain = Encoding.ASCII.GetBytes(TwoTransactions());
        var expected = ReadStream(plain);
        var (segments, diagnostics) = ReadStream(Wrap(plain, width, lineBreak));

        segments.Should().Equal(expected.Segments, "offsets count the unwrapped text");
        diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.FixedLengthRecords);
        diagnostics[0].Severity.Should().Be(DiagnosticSeverity.Warning);
        diagnostics[0].Message.Should().Contain($"{width} bytes");
    }

    [Test]
    public void A_wrapped_file_with_control_character_delimiters_reads_as_if_unwrapped()
    {
        var plain = Encoding.ASCII.GetBytes(TwoTransactions(Gs, Us, Rs));
        var expected = ReadStream(plain);
        var (segments, diagnostics) = ReadStream(Wrap(plain, breakAtEnd: true));

        segments.Should().Equal(expected.Segments);
        diagnostics.Select(d => d.Code).Should().Equal(DiagnosticCodes.FixedLengthRecords);
    }

    [TestCase("\r\n")]
    [TestCase("\n")]
    [TestCase("")]
    public void A_file_with_a_line_break_after_each_terminator_is_not_touched(string after)
    {
        var bytes = Encoding.ASCII.GetBytes(TwoTransactions(after: after));
        var whole = SegmentRecorder.ReadWhole(bytes);
        var (segments, diagnostics) = ReadStream(bytes);

        diagnostics.Should().BeEmpty();
        segments.Should().Equal(whole.Segments);
    }

    [Test]
    public void A_file_whose_lines_merely_have_equal_length_after_terminators_is_not_touched()
    {
        // Every line ends with the terminator: breaks that are segment ends, however regular, are not wrapping.
        var segments = new[] { "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260115*1200*^*00501*000000905*0*P*:~" };
        var bytes = Encoding.ASCII.GetBytes(string.Join("\r\n", segments.Concat(Enumerable.Repeat("N3*" + new string('A', 102) + "~", 3))) + "\r\n");
        var framing = new X12RecordFraming();
        framing.TryDecide(bytes, isFinal: true, capacity: 65536).Should().BeTrue();
        framing.IsUnwrapping.Should().BeFalse();
    }

    [Test]
    public async Task Validate_and_scan_unwrap_alike()
    {
        var plain = Encoding.ASCII.GetBytes(TwoTransactions());
        var wrapped = Wrap(plain);

        var plainReport = await FileValidator.ValidateAsync(new MemoryStream(plain), "f.835");
        var wrappedReport = await FileValidator.ValidateAsync(new MemoryStream(wrapped), "f.835");
        wrappedReport.Errors.Should().BeEmpty();
        wrappedReport.Warnings.Select(w => w.Code).Should().Equal(DiagnosticCodes.FixedLengthRecords);
        (wrappedReport with { Diagnostics = [] }).Should().BeEquivalentTo(plainReport with { Diagnostics = [] });

        var diagnostics = new DiagnosticList();
        var remittances = Era835Reader.Collect(Era835Reader.Read(new MemoryStream(wrapped), new Era835ReaderOptions { Diagnostics = diagnostics }));
        remittances.Select(r => r.Header.TraceNumber).Should().Equal("12345", "67890");
        remittances.SelectMany(r => r.Claims).Select(c => c.PaymentAmount).Should().Equal(80m, 80m);
        diagnostics.Select(d => d.Code).Should().Contain(DiagnosticCodes.FixedLengthRecords);
        diagnostics.Should().NotContain(d => d.Severity == DiagnosticSeverity.Error);
    }

    [Test]
    public void Irregular_wrapping_stops_unwrapping_and_says_where()
    {
        var plain = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(TwoTransactions(), 8)));
        var wrapped = Wrap(plain).ToList();
        // A record of 79 bytes past the detection window: the wrapping is regular only up to there.
        var record = X12RecordFraming.DetectionWindow / 82 + 5;
        wrapped.RemoveAt(82 * record + 40);
        var (_, diagnostics) = ReadStream(wrapped.ToArray());

        diagnostics.Select(d => d.Code).Should().StartWith([DiagnosticCodes.FixedLengthRecords, DiagnosticCodes.FixedLengthRecordsEnded]);
        diagnostics[1].ByteOffset.Should().Be(80 * (record + 1), "the break expected after that record is missing; offsets count unwrapped bytes");
    }

    /// <summary>Property: any pattern of short reads and any buffer size gives the same segments and diagnostics.</summary>
    [Test]
    public void Any_split_of_a_wrapped_input_gives_the_same_result()
    {
        var plain = Encoding.ASCII.GetBytes(TwoTransactions(Gs, Us, Rs) + TwoTransactions());
        var wrapped = Wrap(plain);
        var expected = ReadStream(wrapped);
        expected.Segments.Should().Equal(ReadStream(plain).Segments);
        foreach (var bufferSize in new[] { 256, 300, 1024, 65536 })
        {
            for (var maxRead = 1; maxRead <= 200; maxRead += maxRead < 10 ? 1 : 13)
            {
                var actual = ReadStream(wrapped, bufferSize, maxRead);
                actual.Segments.Should().Equal(expected.Segments, $"buffer {bufferSize}, reads of at most {maxRead} bytes");
                actual.Diagnostics.Select(d => d.ToString()).Should().Equal(expected.Diagnostics.Select(d => d.ToString()), $"buffer {bufferSize}, reads of at most {maxRead}");
            }
        }
    }

    /// <summary>A stream that returns at most <c>maxRead</c> bytes per read, as a network stream may.</summary>
    private sealed class TrickleStream(byte[] data, int maxRead) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, maxRead));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, maxRead)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, maxRead), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, maxRead)], cancellationToken);
    }
}
