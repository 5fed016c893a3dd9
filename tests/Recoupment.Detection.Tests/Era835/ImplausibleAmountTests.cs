using System.Text;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Tests.Era835;

/// <summary>
/// Issue 16, finding 1: an amount beyond decimal's range, or one that parses but is implausible (5e28), once made the
/// sums throw OverflowException and aborted the batch. Now it is a located diagnostic without its value, the claim (or
/// PLB adjustment) carrying it is skipped, and the rest of the transaction is read.
/// </summary>
public class ImplausibleAmountTests
{
    private const string Huge = "99999999999999999999999999999"; // 29 digits: beyond decimal
    private const string Parses = "50000000000000000000000000000"; // 5e28: parses, sums overflow

    private static List<string> Body(string clp2Paid = "80", string cas2 = "20", string plb = "15") =>
    [
        "BPR*I*430*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20260115",
        "TRN*1*TRACE777*1512345678",
        "DTM*405*20260114",
        "N1*PR*ACME HEALTH PLAN",
        "N1*PE*RIVER CLINIC*XX*1234567893",
        "LX*1",
        "CLP*PCN001*1*400*360*0*12*ICN0001*11*1",
        "CAS*CO*45*40",
        "CLP*PCN002*1*100*" + clp2Paid + "*0*12*ICN0002*11*1",
        "CAS*CO*45*" + cas2,
        "CLP*PCN003*1*10*5*0*12*ICN0003*11*1",
        "CAS*CO*45*5",
        "PLB*1234567893*20261231*WO:ICN0001*" + plb,
    ];

    private static (string Text, List<RemittanceItem> Items, DiagnosticList Diagnostics) Read(IEnumerable<string> body, X12ReaderOptions x12 = default)
    {
        var text = X12Text.Interchange([body]);
        var diagnostics = new DiagnosticList();
        var items = Era835Reader.Read(Encoding.ASCII.GetBytes(text), new Era835ReaderOptions { Diagnostics = diagnostics, X12 = x12, FileName = "huge.835" }).ToList();
        return (text, items, diagnostics);
    }

    [Test]
    public void The_good_body_is_read_without_implausible_amounts()
    {
        var (_, items, diagnostics) = Read(Body());
        items.OfType<ClaimPayment>().Select(c => c.PatientControlNumber).Should().Equal("PCN001", "PCN002", "PCN003");
        diagnostics.Should().NotContain(d => d.Code == DiagnosticCodes.ImplausibleAmount);
    }

    [TestCase(Huge, "CLP*PCN002", 4, TestName = "A 29-digit CLP04")]
    [TestCase(Parses, "CLP*PCN002", 4, TestName = "A 5e28 CLP04")]
    public void An_implausible_claim_payment_skips_that_claim_only(string amount, string segment, int element)
    {
        var (text, items, diagnostics) = Read(Body(clp2Paid: amount));
        items.OfType<ClaimPayment>().Select(c => c.PatientControlNumber).Should().Equal("PCN001", "PCN003");
        var d = diagnostics.Should().ContainSingle(x => x.Code == DiagnosticCodes.ImplausibleAmount).Subject;
        d.Severity.Should().Be(DiagnosticSeverity.Error);
        d.File.Should().Be("huge.835");
        d.TransactionControlNumber.Should().NotBeNullOrEmpty();
        d.InterchangeControlNumber.Should().NotBeNullOrEmpty();
        d.ByteOffset.Should().Be(text.IndexOf("~" + segment, StringComparison.Ordinal) + 1);
        d.SegmentIndex.Should().BeGreaterThan(0);
        d.Element.Should().Be(element);
        d.Message.Should().NotContain(amount[..10], "amounts are never quoted by default");
        var end = items.OfType<RemittanceEnd>().Single();
        end.IsBalanceKnown.Should().BeFalse("a claim payment could not be taken into the sum");
    }

    [TestCase(Huge)]
    [TestCase(Parses)]
    public void An_implausible_adjustment_skips_its_claim(string amount)
    {
        var (_, items, diagnostics) = Read(Body(cas2: amount));
        items.OfType<ClaimPayment>().Select(c => c.PatientControlNumber).Should().Equal("PCN001", "PCN003");
        diagnostics.Should().ContainSingle(x => x.Code == DiagnosticCodes.ImplausibleAmount).Which.SegmentId.Should().Be("CAS");
    }

    [Test]
    public void Adjustments_that_each_parse_but_sum_beyond_decimal_do_not_throw()
    {
        var body = Body();
        body.Insert(body.IndexOf("CAS*CO*45*20") + 1, $"CAS*OA*23*{Parses}*1*24*{Parses}");
        var act = () => Read(body);
        act.Should().NotThrow();
        act().Items.OfType<ClaimPayment>().Select(c => c.PatientControlNumber).Should().Equal("PCN001", "PCN003");
    }

    [Test]
    public void An_implausible_provider_adjustment_is_dropped_and_the_claims_kept()
    {
        var (_, items, diagnostics) = Read(Body(plb: Parses));
        items.OfType<ClaimPayment>().Should().HaveCount(3);
        items.OfType<ProviderAdjustmentSegment>().Single().Adjustments.Should().BeEmpty();
        diagnostics.Should().ContainSingle(x => x.Code == DiagnosticCodes.ImplausibleAmount).Which.SegmentId.Should().Be("PLB");
    }

    [Test]
    public void More_than_two_decimals_is_implausible_by_default_and_allowed_by_the_option()
    {
        var (_, items, diagnostics) = Read(Body(clp2Paid: "80.001"));
        items.OfType<ClaimPayment>().Should().HaveCount(2);
        diagnostics.Should().ContainSingle(x => x.Code == DiagnosticCodes.ImplausibleAmount);

        var relaxed = Read(Body(clp2Paid: "80.001"), new X12ReaderOptions { MaxAmountDecimals = 3 });
        relaxed.Items.OfType<ClaimPayment>().Should().HaveCount(3);
        relaxed.Diagnostics.Should().NotContain(x => x.Code == DiagnosticCodes.ImplausibleAmount);
        Read(Body(clp2Paid: "80.000")).Items.OfType<ClaimPayment>().Should().HaveCount(3, "trailing zeros are still cents");
    }

    [Test]
    public void The_range_is_an_option()
    {
        var (_, items, diagnostics) = Read(Body(), new X12ReaderOptions { MaxAbsoluteAmount = 200m });
        items.OfType<ClaimPayment>().Select(c => c.PatientControlNumber).Should().Equal("PCN002", "PCN003");
        diagnostics.Should().Contain(x => x.Code == DiagnosticCodes.ImplausibleAmount);
    }

    [Test]
    public void Values_are_quoted_only_when_asked()
    {
        var (_, _, diagnostics) = Read(Body(clp2Paid: Parses), new X12ReaderOptions { IncludeValuesInMessages = true });
        diagnostics.Single(x => x.Code == DiagnosticCodes.ImplausibleAmount).Message.Should().Contain(Parses);
    }
}
