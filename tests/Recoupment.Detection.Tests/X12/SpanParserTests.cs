using System.Text;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Tests.X12;

public class SpanParserTests
{
    [TestCase("0", "0")]
    [TestCase("100", "100")]
    [TestCase("-100", "-100")]
    [TestCase("1481.99", "1481.99")]
    [TestCase("-.5", "-0.5")]
    [TestCase(".75", "0.75")]
    [TestCase("12.", "12")]
    [TestCase("+3.10", "3.10")]
    [TestCase("123456789012345678", "123456789012345678")]
    [TestCase("1234567890123456789.25", "1234567890123456789.25")]
    [TestCase("1.5E2", "150")]
    [TestCase(" 42.10 ", "42.10")]
    public void Decimals(string text, string expected)
    {
        X12Span.TryParseDecimal(Encoding.ASCII.GetBytes(text), out var value).Should().BeTrue();
        value.Should().Be(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestCase("")]
    [TestCase("-")]
    [TestCase("1.2.3")]
    [TestCase("12A")]
    [TestCase("DTEST")]
    public void Malformed_decimals(string text) => X12Span.TryParseDecimal(Encoding.ASCII.GetBytes(text), out _).Should().BeFalse();

    [Test]
    public void Decimals_keep_their_scale_to_the_cent()
    {
        X12Span.TryParseDecimal("40.10"u8, out var value).Should().BeTrue();
        value.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("40.10");
    }

    [TestCase("20260227", 2026, 2, 27)]
    [TestCase("20240229", 2024, 2, 29)]
    [TestCase("260115", 2026, 1, 15)]
    [TestCase("991231", 1999, 12, 31)]
    public void Dates(string text, int y, int m, int d)
    {
        X12Span.TryParseDate(Encoding.ASCII.GetBytes(text), out var date).Should().BeTrue();
        date.Should().Be(new DateOnly(y, m, d));
    }

    [TestCase("20230229")]
    [TestCase("20261301")]
    [TestCase("00000000")]
    [TestCase("2026011")]
    [TestCase("")]
    public void Malformed_dates(string text) => X12Span.TryParseDate(Encoding.ASCII.GetBytes(text), out _).Should().BeFalse();

    [Test]
    public void Integers_and_times()
    {
        X12Span.TryParseInt32("0042"u8, out var n).Should().BeTrue();
        n.Should().Be(42);
        X12Span.TryParseInt32("4x"u8, out _).Should().BeFalse();
        X12Span.TryParseTime("1938"u8, out var t).Should().BeTrue();
        t.Should().Be(new TimeOnly(19, 38));
    }

    [Test]
    public void Elements_past_the_indexed_ones_are_still_found()
    {
        var raw = "ZZZ*" + string.Join("*", Enumerable.Range(1, 100));
        var s = X12Segment.Parse(Encoding.ASCII.GetBytes(raw), X12Delimiters.Default);
        s.ElementCount.Should().Be(100);
        Encoding.ASCII.GetString(s[100]).Should().Be("100");
        Encoding.ASCII.GetString(s[70]).Should().Be("70");

        var reader = new X12Reader(Encoding.ASCII.GetBytes(X12Text.Interchange([[raw]])));
        while (reader.Read())
        {
            var seg = reader.Segment;
            if (!seg.Is("ZZZ"u8)) continue;
            seg.ElementCount.Should().Be(100);
            Encoding.ASCII.GetString(seg[64]).Should().Be("64");
            Encoding.ASCII.GetString(seg[65]).Should().Be("65");
            Encoding.ASCII.GetString(seg[100]).Should().Be("100");
            seg[101].IsEmpty.Should().BeTrue();
        }
    }
}
