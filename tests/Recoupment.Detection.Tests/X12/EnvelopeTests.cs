using System.Text;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Tests.X12;

/// <summary>ISA/IEA, GS/GE and ST/SE nesting, counts and control numbers give located diagnostics with stable codes.</summary>
public class EnvelopeTests
{
    private static readonly IReadOnlyList<string> Body = X12Text.SimpleRemittance();

    private static DiagnosticList Diagnose(string text)
    {
        var (_, diagnostics, _) = DelimiterTests.Read(Encoding.ASCII.GetBytes(text));
        return diagnostics;
    }

    [Test]
    public void A_well_formed_interchange_has_no_diagnostics() => Diagnose(X12Text.Interchange([Body, Body])).Should().BeEmpty();

    [Test]
    public void Wrong_SE01_is_located_at_the_SE_with_control_numbers()
    {
        var text = X12Text.Interchange([Body]).Replace($"SE*{Body.Count + 2}*0001", $"SE*{Body.Count + 5}*0001", StringComparison.Ordinal);
        var d = Diagnose(text).Should().ContainSingle().Subject;
        d.Code.Should().Be(DiagnosticCodes.TransactionSegmentCountMismatch);
        d.SegmentId.Should().Be("SE");
        d.Element.Should().Be(1);
        d.ByteOffset.Should().Be(text.IndexOf("SE*", StringComparison.Ordinal));
        d.SegmentIndex.Should().Be(Body.Count + 3);
        d.InterchangeControlNumber.Should().Be("000000905");
        d.GroupControlNumber.Should().Be("1");
        d.TransactionControlNumber.Should().Be("0001");
    }

    [Test]
    public void Control_number_mismatches_are_reported_without_values()
    {
        var text = X12Text.Interchange([Body])
            .Replace($"*0001~GE", "*0099~GE", StringComparison.Ordinal)
            .Replace("GE*1*1", "GE*1*7", StringComparison.Ordinal)
            .Replace("IEA*1*000000905", "IEA*1*000000906", StringComparison.Ordinal);
        var diagnostics = Diagnose(text);
        diagnostics.Select(d => d.Code).Should().Equal(
            DiagnosticCodes.TransactionControlNumberMismatch, DiagnosticCodes.GroupControlNumberMismatch, DiagnosticCodes.InterchangeControlNumberMismatch);
        diagnostics.Should().OnlyContain(d => !d.Message.Contains("0099") && !d.Message.Contains("906") && !d.Message.Contains("*7"));
    }

    [Test]
    public void Values_appear_in_messages_only_when_asked_for()
    {
        var text = X12Text.Interchange([Body]).Replace("IEA*1*000000905", "IEA*1*000000906", StringComparison.Ordinal);
        var (_, diagnostics, _) = DelimiterTests.Read(Encoding.ASCII.GetBytes(text), X12ReaderOptions.Default with { IncludeValuesInMessages = true });
        diagnostics.Should().ContainSingle().Which.Message.Should().Contain("000000906");
    }

    [Test]
    public void Wrong_group_and_interchange_counts()
    {
        var text = X12Text.Interchange([Body, Body]).Replace("GE*2*1", "GE*3*1", StringComparison.Ordinal).Replace("IEA*1*", "IEA*2*", StringComparison.Ordinal);
        Diagnose(text).Select(d => d.Code).Should().Equal(DiagnosticCodes.GroupTransactionCountMismatch, DiagnosticCodes.InterchangeGroupCountMismatch);
    }

    [Test]
    public void Missing_trailers_are_reported_where_the_next_header_or_the_end_is()
    {
        var one = X12Text.Interchange([Body], control: "000000001");
        var cut = one[..one.IndexOf("SE*", StringComparison.Ordinal)];
        var two = X12Text.Interchange([Body], control: "000000002");
        var text = cut + two;
        var diagnostics = Diagnose(text);
        diagnostics.Select(d => d.Code).Should().Equal(
            DiagnosticCodes.MissingTransactionTrailer, DiagnosticCodes.MissingGroupTrailer, DiagnosticCodes.MissingInterchangeTrailer);
        diagnostics.Should().OnlyContain(d => d.ByteOffset == cut.Length && d.InterchangeControlNumber == "000000001");

        var truncated = Diagnose(cut);
        truncated.Select(d => d.Code).Should().Equal(
            DiagnosticCodes.MissingTransactionTrailer, DiagnosticCodes.MissingGroupTrailer, DiagnosticCodes.MissingInterchangeTrailer);
        truncated.Should().OnlyContain(d => d.ByteOffset == cut.Length);
    }

    [Test]
    public void Trailers_without_headers_and_segments_outside_envelopes()
    {
        var text = X12Text.Interchange([Body]);
        var stray = text.Replace("ST*835*0001~", "ST*835*0001~SE*2*0001~CLP*X*1*1*1~ST*835*0001~", StringComparison.Ordinal);
        var diagnostics = Diagnose(stray);
        diagnostics.Select(d => d.Code).Should().Contain(DiagnosticCodes.SegmentOutsideTransaction);

        var extraSe = text.Replace("GE*1*1~", "SE*1*0001~GE*1*1~", StringComparison.Ordinal);
        Diagnose(extraSe).Select(d => d.Code).Should().Contain(DiagnosticCodes.UnexpectedTrailer);
    }

    [Test]
    public void An_835_in_a_group_that_is_not_HP_is_an_error()
    {
        var d = Diagnose(X12Text.Interchange([Body], group: "HC")).Should().ContainSingle().Subject;
        d.Code.Should().Be(DiagnosticCodes.FunctionalIdentifierMismatch);
        d.SegmentId.Should().Be("ST");
    }

    [Test]
    public void Other_transaction_sets_are_read_and_counted()
    {
        var text = X12Text.Interchange([["BHT*0019*00*1*20260101*1200*CH"]], transactionSet: "837", group: "HC", control: "000000001")
                   + X12Text.Interchange([Body], control: "000000002");
        var (_, diagnostics, reader) = DelimiterTests.Read(Encoding.ASCII.GetBytes(text));
        diagnostics.Should().BeEmpty();
        reader.Statistics.Transactions.Should().Be(2);
        reader.Statistics.Transactions835.Should().Be(1);
    }

    [Test]
    public void A_malformed_ISA_is_an_error_and_the_next_interchange_is_still_read()
    {
        var good = X12Text.Interchange([Body], control: "000000002");
        var text = "ISA*00*          *00*     ~GS*HP*A~" + good;
        var (segments, diagnostics, reader) = DelimiterTests.Read(Encoding.ASCII.GetBytes(text));
        diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.MalformedIsa).Which.ByteOffset.Should().Be(0);
        reader.Statistics.Interchanges.Should().Be(1);
        segments.Count(s => s[0] == "CLP").Should().Be(1);
    }

    [Test]
    public void Invalid_segment_identifiers_are_skipped_and_reported()
    {
        var text = X12Text.Interchange([Body]).Replace("LX*1~", "LX*1~c!P*1~", StringComparison.Ordinal);
        var (segments, diagnostics, _) = DelimiterTests.Read(Encoding.ASCII.GetBytes(text));
        diagnostics.Select(d => d.Code).Should().Contain(DiagnosticCodes.InvalidSegmentId);
        segments.Should().NotContain(s => s[0] == "c!P");
    }

    [Test]
    public void Without_envelope_validation_nothing_is_reported_about_envelopes()
    {
        var text = X12Text.Interchange([Body], control: "000000001") + X12Text.Interchange([Body], control: "000000002");
        var (segments, diagnostics, reader) = DelimiterTests.Read(Encoding.ASCII.GetBytes(text), X12ReaderOptions.Default with { SkipEnvelopeValidation = true });
        diagnostics.Should().BeEmpty();
        reader.Statistics.Interchanges.Should().Be(2);
        segments.Count(s => s[0] == "CLP").Should().Be(2);
    }

    [Test]
    public void Empty_and_blank_inputs_say_there_is_no_X12()
    {
        Diagnose("").Should().ContainSingle().Which.Code.Should().Be(DiagnosticCodes.NoX12Data);
        Diagnose("hello, this is not an 835\n").Select(d => d.Code).Should().Contain(DiagnosticCodes.NoX12Data);
    }
}
