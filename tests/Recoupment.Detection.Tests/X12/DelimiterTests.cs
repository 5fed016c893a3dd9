using System.Text;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Tests.X12;

/// <summary>Delimiters come from each ISA; any legal choice reads the same content.</summary>
public class DelimiterTests
{
    private static readonly IReadOnlyList<string> Body = X12Text.SimpleRemittance();

    [TestCase('*', ':', "~", "")]
    [TestCase('*', ':', "~", "\n")]
    [TestCase('*', ':', "~", "\r\n")]
    [TestCase('|', '^', "~", "\r\n")]
    [TestCase('+', '>', "'", "")]
    [TestCase('*', '>', "^", "\n")]
    [TestCase('*', '|', "~", "")]
    [TestCase('|', ':', "\n", "")]
    [TestCase('*', ':', "\r", "")]
    [TestCase('*', ':', "\r", "\n")]
    [TestCase('*', ':', "\u0085", "")]
    [TestCase('!', '}', "~", "   ")]
    public void Reads_the_same_segments_whatever_the_delimiters(char element, char component, string terminator, string after)
    {
        var repetition = element == '^' || component == '^' || terminator == "^" ? 'U' : '^';
        var text = X12Text.Interchange([Body], element, component, terminator, after, repetition: repetition);
        var (segments, diagnostics, reader) = Read(Encoding.Latin1.GetBytes(text));

        diagnostics.Should().BeEmpty();
        segments.Should().HaveCount(Body.Count + 6);
        var svc = segments.Single(s => s[0] == "SVC");
        svc.Should().Equal("SVC", $"HC{component}99213{component}25", "100", "80", "", "1");
        reader.Delimiters.Element.Should().Be((byte)element);
        reader.Delimiters.Component.Should().Be((byte)component);
    }

    [Test]
    public void Components_are_split_on_ISA16()
    {
        var text = X12Text.Interchange([Body], '|', '>', "~");
        var found = false;
        ForEachSegment(Encoding.ASCII.GetBytes(text), (ref X12Reader r) =>
        {
            var s = r.Segment;
            if (!s.Is("SVC"u8)) return;
            found = true;
            s.ComponentCount(1).Should().Be(3);
            Encoding.ASCII.GetString(s.Component(1, 2)).Should().Be("99213");
            Encoding.ASCII.GetString(s.Component(1, 3)).Should().Be("25");
            s.Component(1, 4).IsEmpty.Should().BeTrue();
        });
        found.Should().BeTrue();
    }

    [Test]
    public void Repetition_separator_comes_from_ISA11_from_version_00402()
    {
        var v5010 = Encoding.ASCII.GetBytes(X12Text.Interchange([Body], repetition: '^'));
        var reader = new X12Reader(v5010);
        reader.Read().Should().BeTrue();
        reader.Delimiters.Repetition.Should().Be((byte)'^');

        var v4010 = Encoding.ASCII.GetBytes(X12Text.Isa(version: "00401", repetition: 'U') + "~GS*HP*A*B*20260101*1200*1*X*004010X091A1~GE*0*1~IEA*1*000000905~");
        var old = new X12Reader(v4010);
        old.Read().Should().BeTrue();
        old.Delimiters.Repetition.Should().Be(0);
    }

    [Test]
    public void A_non_ascii_element_separator_written_in_utf8_is_one_separator()
    {
        var isa = X12Text.Isa(element1: "Ö");
        var text = isa + "~\nGSÖHPÖAÖBÖ20260101Ö1200Ö1ÖXÖ005010X221A1~\nSTÖ835Ö0001~\nCLPÖPCN1Ö1Ö100Ö80~\nSEÖ3Ö0001~\nGEÖ1Ö1~\nIEAÖ1Ö000000905~\n";
        var (segments, diagnostics, _) = Read(Encoding.UTF8.GetBytes(text));
        diagnostics.Should().BeEmpty();
        segments.Single(s => s[0] == "CLP").Should().Equal("CLP", "PCN1", "1", "100", "80");
        segments[0].Should().HaveCount(17);
    }

    [Test]
    public void Several_interchanges_with_different_delimiters_in_one_file()
    {
        var first = X12Text.Interchange([Body], '*', ':', "~", "\n", control: "000000001");
        var second = X12Text.Interchange([Body], '|', '^', "\n", "", control: "000000002", repetition: 'U');
        var third = X12Text.Interchange([Body, Body], '+', '>', "'", "\r\n", control: "000000003");
        var (segments, diagnostics, reader) = Read(Encoding.ASCII.GetBytes(first + second + third));
        diagnostics.Should().BeEmpty();
        reader.Statistics.Interchanges.Should().Be(3);
        reader.Statistics.Transactions.Should().Be(4);
        segments.Count(s => s[0] == "SVC" && s[1] == (s[1].Contains('^') ? "HC^99213^25" : s[1].Contains('>') ? "HC>99213>25" : "HC:99213:25")).Should().Be(4);
    }

    [Test]
    public void A_newline_then_the_terminator_before_every_segment_is_read_as_the_sender_meant()
    {
        // The TigerShark framing: "ISA...|^" LF "~GS|..." LF "~ST|..." with no terminator after the IEA.
        var isa = X12Text.Isa(element: '|', component: '^', repetition: 'U', version: "00401");
        var text = isa + "\n~GS|HP|A|B|20260101|1200|7|X|004010X091A1\n~ST|835|0001\n~CLP|PCN1|1|100|80\n~SE|3|0001\n~GE|1|7\n~IEA|1|000000905\n";
        var (segments, diagnostics, _) = Read(Encoding.ASCII.GetBytes(text));
        segments.Select(s => s[0]).Should().Equal("ISA", "GS", "ST", "CLP", "SE", "GE", "IEA");
        segments.Single(s => s[0] == "GS")[8].Should().Be("004010X091A1");
        diagnostics.Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.MissingFinalTerminator);
    }

    [Test]
    public void A_byte_order_mark_whitespace_and_indented_segments_are_tolerated()
    {
        var text = "\uFEFF  \r\n" + X12Text.Interchange([Body], after: "\r\n    ");
        var (segments, diagnostics, _) = Read(Encoding.UTF8.GetBytes(text));
        diagnostics.Should().BeEmpty();
        segments.Should().HaveCount(Body.Count + 6);
    }

    [Test]
    public void Prose_before_the_first_ISA_and_junk_after_the_last_IEA_are_warnings()
    {
        var text = "Business scenario 1: dollars and data together.\r\n\r\n" + X12Text.Interchange([Body]) + "\r\n-- end of file, 3 pages --\r\n";
        var (segments, diagnostics, _) = Read(Encoding.ASCII.GetBytes(text));
        segments.Should().HaveCount(Body.Count + 6);
        diagnostics.Select(d => (d.Code, d.Severity)).Should().Equal(
            (DiagnosticCodes.TextBeforeInterchange, DiagnosticSeverity.Warning),
            (DiagnosticCodes.TextAfterInterchange, DiagnosticSeverity.Warning));
        diagnostics[0].ByteOffset.Should().Be(0);
        diagnostics[1].ByteOffset.Should().Be(text.IndexOf("-- end", StringComparison.Ordinal));
    }

    [Test]
    public void Headerless_input_is_read_with_inferred_delimiters_and_reported()
    {
        var text = "ST*835*0001~BPR*I*80*C*ACH~SVC*HC>99213*100*80~SE*4*0001~";
        var (segments, diagnostics, reader) = Read(Encoding.ASCII.GetBytes(text));
        segments.Select(s => s[0]).Should().Equal("ST", "BPR", "SVC", "SE");
        reader.Delimiters.Component.Should().Be((byte)'>');
        diagnostics.Should().Contain(d => d.Code == DiagnosticCodes.MissingInterchangeHeader && d.IsError && d.ByteOffset == 0);
    }

    internal delegate void SegmentAction(ref X12Reader reader);

    internal static void ForEachSegment(byte[] data, SegmentAction action)
    {
        var reader = new X12Reader(data);
        while (reader.Read()) action(ref reader);
    }

    internal static (List<string[]> Segments, DiagnosticList Diagnostics, X12ReaderSnapshot Reader) Read(byte[] data, X12ReaderOptions options = default)
    {
        var diagnostics = new DiagnosticList();
        var segments = new List<string[]>();
        var reader = new X12Reader(data, options, diagnostics);
        while (reader.Read())
        {
            var s = reader.Segment;
            var elements = new string[s.ElementCount + 1];
            for (var i = 0; i < elements.Length; i++) elements[i] = X12Span.ToStringOrNull(s[i]) ?? "";
            segments.Add(elements);
        }
        return (segments, diagnostics, new X12ReaderSnapshot(reader.Delimiters, reader.Statistics));
    }
}

internal sealed record X12ReaderSnapshot(X12Delimiters Delimiters, X12Statistics Statistics);
