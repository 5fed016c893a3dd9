using System.Text;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Tests.Era835;

/// <summary>
/// Balancing at the three levels (service line, claim, transaction), structure errors, and what a bad amount does:
/// a located diagnostic with the difference, never a cascade, never an element value in a message by default.
/// </summary>
public class BalancingTests
{
    private static readonly string[] BalanceCodes = [DiagnosticCodes.TransactionUnbalanced, DiagnosticCodes.ClaimUnbalanced, DiagnosticCodes.ServiceLineUnbalanced];

    /// <summary>
    /// A two-claim body. Claim 1: 500 − claim CAS 30 − line CAS (60 + 10 + 40) = 360 = CLP04; lines 300 − 70 = 230 and 200 − 40 = 160.
    /// Claim 2: 100 − 20 = 80. PLBs: 15 + (−5 − 10) = 0 net, so BPR02 = 360 + 80 − 0 = 440.
    /// </summary>
    private static List<string> Body() =>
    [
        "BPR*I*440*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20260115",
        "TRN*1*TRACE777*1512345678",
        "DTM*405*20260114",
        "N1*PR*ACME HEALTH PLAN",
        "N1*PE*RIVER CLINIC*XX*1234567893",
        "LX*1",
        "CLP*PCN001*1*500*360*40*12*ICN0001*11*1",
        "CAS*OA*23*30",
        "NM1*QC*1*DOE*JANE****MI*W123456789",
        "SVC*HC:99214*300*230**1",
        "DTM*472*20260102",
        "CAS*CO*45*60*1*253*10",
        "SVC*HC:81002*200*160**1",
        "DTM*472*20260102",
        "CAS*PR*2*40",
        "CLP*PCN002*1*100*80*0*12*ICN0002*11*1",
        "NM1*QC*1*ROE*RICHARD****MI*W555",
        "SVC*HC:99213*100*80**1",
        "DTM*472*20260103",
        "CAS*CO*45*20",
        "PLB*1234567893*20261231*WO:ICN0001*15",
        "PLB*1234567893*20261231*L6:ICN0002*-5*72:CHK123*-10",
    ];

    private static List<string> Replace(List<string> body, string from, string to)
    {
        var i = body.IndexOf(from);
        i.Should().BeGreaterThanOrEqualTo(0, $"the body holds {from}");
        body[i] = to;
        return body;
    }

    private sealed record Result(string Text, IReadOnlyList<RemittanceItem> Items, DiagnosticList Diagnostics)
    {
        public RemittanceEnd End => Items.OfType<RemittanceEnd>().Single();
        public IEnumerable<Diagnostic> Balance => Diagnostics.Where(d => BalanceCodes.Contains(d.Code));
        public long Offset(string segmentStart) => Text.IndexOf("~" + segmentStart, StringComparison.Ordinal) + 1;
        public long Index(string segmentStart) => Text.AsSpan(0, (int)Offset(segmentStart)).Count('~');
    }

    private static Result Read(IEnumerable<string> body, X12ReaderOptions x12 = default)
    {
        var text = X12Text.Interchange([body]);
        var diagnostics = new DiagnosticList();
        var items = Era835Reader.Read(Encoding.ASCII.GetBytes(text), new Era835ReaderOptions { Diagnostics = diagnostics, X12 = x12, FileName = "bal.835" }).ToList();
        items.OfType<RemittanceEnd>().Single().Diagnostics.Should().Equal(diagnostics, "the end carries the transaction's diagnostics");
        return new Result(text, items, diagnostics);
    }

    private static void ShouldBeTheOnlyBalanceDiagnostic(Result r, string code, string segmentStart, string segmentId, int element)
    {
        var d = r.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be(code);
        d.Severity.Should().Be(DiagnosticSeverity.Error);
        d.Message.Should().Contain("10.00");
        d.ByteOffset.Should().Be(r.Offset(segmentStart));
        d.SegmentIndex.Should().Be(r.Index(segmentStart));
        d.SegmentId.Should().Be(segmentId);
        d.Element.Should().Be(element);
        d.TransactionControlNumber.Should().Be("0001");
        d.GroupControlNumber.Should().Be("1");
        d.InterchangeControlNumber.Should().Be("000000905");
        d.File.Should().Be("bal.835");
    }

    // ---- Balanced ------------------------------------------------------------------------------------------------

    [Test]
    public void The_balanced_body_has_no_diagnostic_at_any_level()
    {
        var r = Read(Body());
        r.Diagnostics.Should().BeEmpty();
        r.End.IsBalanced.Should().BeTrue();
        r.End.BalanceDifference.Should().Be(0m);
        r.End.TotalClaimPayments.Should().Be(440m);
        r.End.TotalProviderAdjustments.Should().Be(0m);
        r.End.ProviderAdjustmentCount.Should().Be(3);
    }

    [Test]
    public void Service_line_balanced_with_several_CAS_segments_and_triplets()
    {
        var body = Replace(Body(), "CAS*PR*2*40", "CAS*PR*2*25*1*3*5");
        body.Insert(body.IndexOf("CAS*PR*2*25*1*3*5") + 1, "CAS*CO*45*10");
        var r = Read(body);
        r.Balance.Should().BeEmpty();
        r.Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void Claim_balances_on_claim_and_line_CAS_even_though_the_lines_do_not_sum_to_CLP04()
    {
        var r = Read(Body());
        var claim = r.Items.OfType<ClaimPayment>().First();
        claim.ServiceLines.Sum(l => l.PaymentAmount).Should().Be(390m).And.NotBe(claim.PaymentAmount);
        (claim.ChargeAmount - claim.TotalAdjustmentAmount).Should().Be(claim.PaymentAmount);
        r.Balance.Should().BeEmpty();
    }

    [Test]
    public void Transaction_sums_every_pair_of_every_PLB_segment()
    {
        // With only the first PLB counted BPR02 would have to be 425; it is 440 and balances only with all three pairs.
        var body = Body();
        var r = Read(body);
        r.End.IsBalanced.Should().BeTrue();
        var moved = Replace(Body(), "PLB*1234567893*20261231*L6:ICN0002*-5*72:CHK123*-10", "PLB*1234567893*20261231*L6:ICN0002*-5*72:CHK123*-10*WO:ICN0009*7.5");
        var unbalanced = Read(moved);
        unbalanced.End.TotalProviderAdjustments.Should().Be(7.5m);
        unbalanced.Balance.Single().Code.Should().Be(DiagnosticCodes.TransactionUnbalanced);
        unbalanced.Balance.Single().Message.Should().Contain("7.50");
    }

    // ---- Unbalanced: exactly one diagnostic, located ---------------------------------------------------------------

    [Test]
    public void Unbalanced_service_line_gives_one_BAL_003_at_the_SVC()
    {
        // 200 − 40 = 160, but SVC03 says 150: the claim still balances (its CAS did not change), the line does not.
        var r = Read(Replace(Body(), "SVC*HC:81002*200*160**1", "SVC*HC:81002*200*150**1"));
        ShouldBeTheOnlyBalanceDiagnostic(r, DiagnosticCodes.ServiceLineUnbalanced, "SVC*HC:81002", "SVC", 3);
        r.End.IsBalanced.Should().BeTrue("transaction balancing is BPR02 against CLP04 and PLB only");
        r.End.HasErrors.Should().BeTrue();
    }

    [Test]
    public void Unbalanced_line_followed_by_another_claim_is_reported_on_its_own_line()
    {
        var r = Read(Replace(Body(), "SVC*HC:99213*100*80**1", "SVC*HC:99213*100*90**1"));
        ShouldBeTheOnlyBalanceDiagnostic(r, DiagnosticCodes.ServiceLineUnbalanced, "SVC*HC:99213", "SVC", 3);
    }

    [Test]
    public void Unbalanced_claim_gives_one_BAL_002_at_the_CLP()
    {
        // CLP03 510 − 140 = 370, but CLP04 is 360.
        var r = Read(Replace(Body(), "CLP*PCN001*1*500*360*40*12*ICN0001*11*1", "CLP*PCN001*1*510*360*40*12*ICN0001*11*1"));
        ShouldBeTheOnlyBalanceDiagnostic(r, DiagnosticCodes.ClaimUnbalanced, "CLP*PCN001", "CLP", 4);
        r.End.IsBalanced.Should().BeTrue();
    }

    [Test]
    public void Unbalanced_claim_through_a_missing_claim_level_CAS()
    {
        var body = Body();
        body.Remove("CAS*OA*23*30");
        body = Replace(body, "CLP*PCN001*1*500*360*40*12*ICN0001*11*1", "CLP*PCN001*1*480*360*40*12*ICN0001*11*1");
        var r = Read(body);
        ShouldBeTheOnlyBalanceDiagnostic(r, DiagnosticCodes.ClaimUnbalanced, "CLP*PCN001", "CLP", 4);
    }

    [Test]
    public void Unbalanced_transaction_gives_one_BAL_001_at_the_BPR()
    {
        var r = Read(Replace(Body(), Body()[0], Body()[0].Replace("BPR*I*440*", "BPR*I*430*", StringComparison.Ordinal)));
        ShouldBeTheOnlyBalanceDiagnostic(r, DiagnosticCodes.TransactionUnbalanced, "BPR*", "BPR", 2);
        r.End.IsBalanced.Should().BeFalse();
        r.End.BalanceDifference.Should().Be(10m);
        r.End.TotalClaimPayments.Should().Be(440m);
    }

    [Test]
    public void Unbalanced_transaction_through_the_second_PLB_segment()
    {
        var r = Read(Replace(Body(), "PLB*1234567893*20261231*L6:ICN0002*-5*72:CHK123*-10", "PLB*1234567893*20261231*L6:ICN0002*-5*72:CHK123*-20"));
        ShouldBeTheOnlyBalanceDiagnostic(r, DiagnosticCodes.TransactionUnbalanced, "BPR*", "BPR", 2);
        r.End.IsBalanced.Should().BeFalse();
        r.End.BalanceDifference.Should().Be(10m);
        r.End.TotalProviderAdjustments.Should().Be(-10m);
    }

    [Test]
    public void All_three_levels_unbalanced_at_once_give_three_diagnostics_in_the_order_found()
    {
        var body = Replace(Body(), "SVC*HC:99213*100*80**1", "SVC*HC:99213*100*90**1");
        body = Replace(body, "CLP*PCN001*1*500*360*40*12*ICN0001*11*1", "CLP*PCN001*1*510*360*40*12*ICN0001*11*1");
        body[0] = body[0].Replace("BPR*I*440*", "BPR*I*430*", StringComparison.Ordinal);
        var r = Read(body);
        r.Diagnostics.Select(d => d.Code).Should().Equal(DiagnosticCodes.ClaimUnbalanced, DiagnosticCodes.ServiceLineUnbalanced, DiagnosticCodes.TransactionUnbalanced);
    }

    // ---- PLB only, negative amounts --------------------------------------------------------------------------------

    [Test]
    public void A_PLB_only_remittance_balances_against_BPR02()
    {
        // Interest paid through PLB L6 (negative: money to the provider) and a recovery (WO positive).
        string[] body =
        [
            "BPR*I*25*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20260115",
            "TRN*1*PLBONLY1*1512345678",
            "N1*PR*ACME HEALTH PLAN",
            "N1*PE*RIVER CLINIC*XX*1234567893",
            "PLB*1234567893*20261231*L6:ICN0001*-40*WO:ICN0002*15",
        ];
        var r = Read(body);
        r.Diagnostics.Should().BeEmpty();
        r.Items.Select(i => i.GetType().Name).Should().Equal(nameof(RemittanceHeader), nameof(ProviderAdjustmentSegment), nameof(RemittanceEnd));
        r.End.ClaimCount.Should().Be(0);
        r.End.IsBalanced.Should().BeTrue();
        r.End.TotalProviderAdjustments.Should().Be(-25m);

        var off = Read(body.Select(s => s.Replace("WO:ICN0002*15", "WO:ICN0002*5", StringComparison.Ordinal)));
        ShouldBeTheOnlyBalanceDiagnostic(off, DiagnosticCodes.TransactionUnbalanced, "BPR*", "BPR", 2);
        off.End.BalanceDifference.Should().Be(10m);
    }

    [Test]
    public void A_reversal_and_its_correction_with_negative_amounts_balance()
    {
        // Reversal −200/−150 with negated CAS, correction 200/120: Σ CLP04 = −30; a WO −30 delays the recoupment; BPR02 = 0 (H).
        string[] body =
        [
            "BPR*H*0*C*NON************20260115",
            "TRN*1*REV0001*1512345678",
            "N1*PR*ACME HEALTH PLAN",
            "N1*PE*RIVER CLINIC*XX*1234567893",
            "LX*1",
            "CLP*PCN9*22*-200*-150*-20*MC*ICN20259000*11*1",
            "CAS*PR*2*-20",
            "SVC*HC:99213*-200*-170**1",
            "CAS*CO*45*-25*1*63*-5",
            "CLP*PCN9*1*200*120*20*MC*ICN20260003*11*7",
            "REF*F8*ICN20259000",
            "CAS*PR*2*20",
            "SVC*HC:99213*200*140**1",
            "CAS*CO*45*60",
            "PLB*1234567893*20261231*WO:ICN20259000*-30",
        ];
        var r = Read(body);
        r.Diagnostics.Should().BeEmpty();
        r.End.IsBalanced.Should().BeTrue();
        r.End.TotalClaimPayments.Should().Be(-30m);
        r.End.TotalProviderAdjustments.Should().Be(-30m);

        var net = Read(body.Select(s => s.Replace("SVC*HC:99213*-200*-170**1", "SVC*HC:99213*-200*-160**1", StringComparison.Ordinal)));
        ShouldBeTheOnlyBalanceDiagnostic(net, DiagnosticCodes.ServiceLineUnbalanced, "SVC*HC:99213*-200", "SVC", 3);
        net.Diagnostics.Single().Message.Should().Contain("-10.00");
    }

    [Test]
    public void A_net_negative_835_brought_to_zero_with_a_forward_balance()
    {
        string[] body =
        [
            "BPR*H*0*C*NON************20260115",
            "TRN*1*NEG0001*1512345678",
            "N1*PR*ACME HEALTH PLAN",
            "N1*PE*RIVER CLINIC*XX*1234567893",
            "LX*1",
            "CLP*PCN9*22*-200*-150*0*MC*ICN20259000*11*1",
            "CAS*CO*45*-50",
            "PLB*1234567893*20261231*FB:NEG0001*-150",
        ];
        var r = Read(body);
        r.Diagnostics.Should().BeEmpty();
        r.End.IsBalanced.Should().BeTrue();
    }

    // ---- Bad amounts: one VAL-001, no cascade -----------------------------------------------------------------------

    [TestCase("SVC*HC:81002*200*160**1", "SVC*HC:81002*2OO*160**1", "SVC*HC:81002", "SVC", 2, TestName = "Non-numeric SVC02")]
    [TestCase("SVC*HC:81002*200*160**1", "SVC*HC:81002*200*16O**1", "SVC*HC:81002", "SVC", 3, TestName = "Non-numeric SVC03")]
    [TestCase("CAS*PR*2*40", "CAS*PR*2*4O", "CAS*PR", "CAS", 3, TestName = "Non-numeric line CAS03")]
    [TestCase("CAS*OA*23*30", "CAS*OA*23*3O", "CAS*OA", "CAS", 3, TestName = "Non-numeric claim CAS03")]
    [TestCase("CLP*PCN001*1*500*360*40*12*ICN0001*11*1", "CLP*PCN001*1*5OO*360*40*12*ICN0001*11*1", "CLP*PCN001", "CLP", 3, TestName = "Non-numeric CLP03")]
    public void A_non_numeric_line_or_claim_amount_gives_VAL_001_and_no_line_or_claim_balancing(string from, string to, string segmentStart, string segmentId, int element)
    {
        var r = Read(Replace(Body(), from, to));
        var d = r.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be(DiagnosticCodes.InvalidElement);
        d.SegmentId.Should().Be(segmentId);
        d.Element.Should().Be(element);
        d.ByteOffset.Should().Be(r.Offset(segmentStart));
        d.TransactionControlNumber.Should().Be("0001");
        d.Message.Should().NotContain("2OO").And.NotContain("16O").And.NotContain("4O").And.NotContain("3O").And.NotContain("5OO");
        r.End.IsBalanced.Should().BeTrue("the claim payment itself was readable, so the transaction is still checked");
    }

    [Test]
    public void A_non_numeric_CLP03_still_lets_a_wrong_BPR02_be_found()
    {
        // CLP03 is not part of transaction balancing: losing it must not hide an unbalanced remittance.
        var body = Replace(Body(), "CLP*PCN001*1*500*360*40*12*ICN0001*11*1", "CLP*PCN001*1*5OO*360*40*12*ICN0001*11*1");
        body[0] = body[0].Replace("BPR*I*440*", "BPR*I*430*", StringComparison.Ordinal);
        var r = Read(body);
        r.Diagnostics.Select(d => d.Code).Should().Equal(DiagnosticCodes.InvalidElement, DiagnosticCodes.TransactionUnbalanced);
        r.End.BalanceDifference.Should().Be(10m);
    }

    [Test]
    public void A_non_numeric_CLP04_gives_VAL_001_and_no_claim_or_transaction_balancing()
    {
        // CLP04 is needed at two levels; an unbalanced BPR02 must not be blamed on it.
        var body = Replace(Body(), "CLP*PCN002*1*100*80*0*12*ICN0002*11*1", "CLP*PCN002*1*100*8O*0*12*ICN0002*11*1");
        body[0] = body[0].Replace("BPR*I*440*", "BPR*I*999*", StringComparison.Ordinal);
        var r = Read(body);
        var d = r.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be(DiagnosticCodes.InvalidElement);
        d.SegmentId.Should().Be("CLP");
        d.Element.Should().Be(4);
        r.End.IsBalanced.Should().BeFalse("balancing could not be decided");
    }

    [Test]
    public void A_non_numeric_BPR02_gives_VAL_001_and_no_transaction_balancing()
    {
        var r = Read(Replace(Body(), Body()[0], Body()[0].Replace("BPR*I*440*", "BPR*I*44O*", StringComparison.Ordinal)));
        var d = r.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be(DiagnosticCodes.InvalidElement);
        d.SegmentId.Should().Be("BPR");
        d.Element.Should().Be(2);
        r.End.IsBalanced.Should().BeFalse();
    }

    [Test]
    public void A_non_numeric_PLB_amount_gives_VAL_001_and_no_transaction_balancing()
    {
        var r = Read(Replace(Body(), "PLB*1234567893*20261231*L6:ICN0002*-5*72:CHK123*-10", "PLB*1234567893*20261231*L6:ICN0002*-5*72:CHK123*-1O"));
        var d = r.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be(DiagnosticCodes.InvalidElement);
        d.SegmentId.Should().Be("PLB");
        d.Element.Should().Be(6);
        d.ByteOffset.Should().Be(r.Offset("PLB*1234567893*20261231*L6"));
        r.End.IsBalanced.Should().BeFalse();
    }

    [Test]
    public void A_missing_SVC03_is_a_VAL_001_too()
    {
        var r = Read(Replace(Body(), "SVC*HC:81002*200*160**1", "SVC*HC:81002*200"));
        r.Diagnostics.Select(d => (d.Code, d.SegmentId, d.Element)).Should().Equal((DiagnosticCodes.InvalidElement, "SVC", 3));
    }

    // ---- Structure --------------------------------------------------------------------------------------------------

    [TestCase("BPR*", TestName = "Missing BPR")]
    [TestCase("TRN*", TestName = "Missing TRN")]
    [TestCase("N1*PR*", TestName = "Missing N1*PR")]
    [TestCase("N1*PE*", TestName = "Missing N1*PE")]
    public void A_missing_required_header_segment_gives_STR_001_at_the_ST(string segmentStart)
    {
        var body = Body();
        body.RemoveAll(s => s.StartsWith(segmentStart, StringComparison.Ordinal));
        var r = Read(body);
        var d = r.Diagnostics.Where(d => d.Code == DiagnosticCodes.MissingRequiredSegment).Should().ContainSingle().Subject;
        d.Severity.Should().Be(DiagnosticSeverity.Error);
        d.SegmentId.Should().Be("ST");
        d.ByteOffset.Should().Be(r.Offset("ST*835"));
        d.TransactionControlNumber.Should().Be("0001");
        r.Balance.Should().BeEmpty();
        r.Items.OfType<ClaimPayment>().Should().HaveCount(2, "the claims are still read");
    }

    [Test]
    public void A_claim_after_the_PLB_gives_STR_002_at_that_CLP()
    {
        var body = Body();
        body.RemoveAll(s => s.StartsWith("PLB*", StringComparison.Ordinal));
        body.Insert(body.IndexOf("CLP*PCN002*1*100*80*0*12*ICN0002*11*1"), "PLB*1234567893*20261231*WO:ICN0001*15*L6:ICN0002*-5*72:CHK123*-10");
        var r = Read(body);
        var d = r.Diagnostics.Should().ContainSingle().Subject;
        d.Code.Should().Be(DiagnosticCodes.SegmentOutOfOrder);
        d.SegmentId.Should().Be("CLP");
        d.ByteOffset.Should().Be(r.Offset("CLP*PCN002"));
        r.Items.Select(i => i.GetType().Name).Should().Equal(
            nameof(RemittanceHeader), nameof(ClaimPayment), nameof(ProviderAdjustmentSegment), nameof(ClaimPayment), nameof(RemittanceEnd));
        r.End.IsBalanced.Should().BeTrue("the late claim still counts");
    }

    [Test]
    public void A_transaction_without_SE_ends_at_its_GE_with_a_located_STR_005()
    {
        var full = X12Text.Interchange([Body(), X12Text.SimpleRemittance()]);
        var se = full.IndexOf("~SE*", StringComparison.Ordinal) + 1;
        var text = full.Remove(se, full.IndexOf("ST*835*0002", StringComparison.Ordinal) - se);
        text = text.Remove(text.LastIndexOf("~SE*", StringComparison.Ordinal) + 1, text.IndexOf("GE*", StringComparison.Ordinal) - text.LastIndexOf("~SE*", StringComparison.Ordinal) - 1);
        var diagnostics = new DiagnosticList();
        var ends = Era835Reader.Read(Encoding.ASCII.GetBytes(text), new Era835ReaderOptions { Diagnostics = diagnostics }).OfType<RemittanceEnd>().ToList();
        ends.Should().HaveCount(2);
        ends.Should().OnlyContain(e => !e.HasTrailer);
        ends[0].ByteOffset.Should().Be(text.IndexOf("ST*835*0002", StringComparison.Ordinal), "the next ST closes the first transaction");
        ends[1].ByteOffset.Should().Be(text.IndexOf("GE*", StringComparison.Ordinal), "a transaction cannot run past its group");
        ends[1].SegmentIndex.Should().Be(text.AsSpan(0, (int)ends[1].ByteOffset).Count('~'));
        var truncated = ends[1].Diagnostics.Where(d => d.Code == DiagnosticCodes.TruncatedTransaction).Should().ContainSingle().Subject;
        truncated.ByteOffset.Should().Be(ends[1].ByteOffset);
        truncated.TransactionControlNumber.Should().Be("0002");
        ends[1].Diagnostics.Select(d => d.Code).Should().Contain(DiagnosticCodes.MissingTransactionTrailer);
        ends[1].IsBalanced.Should().BeTrue("the claims read before the cut still balance");
        diagnostics.Should().OnlyContain(d => d.ByteOffset >= 0);
    }

    [Test]
    public void A_transaction_cut_at_the_end_of_the_input_gives_a_located_STR_005()
    {
        var full = X12Text.Interchange([Body()]);
        var text = full[..(full.IndexOf("~SE*", StringComparison.Ordinal) + 1)];
        var diagnostics = new DiagnosticList();
        var items = Era835Reader.Read(Encoding.ASCII.GetBytes(text), new Era835ReaderOptions { Diagnostics = diagnostics }).ToList();
        items.OfType<ClaimPayment>().Should().HaveCount(2);
        items.OfType<ProviderAdjustmentSegment>().Should().HaveCount(2);
        var end = items.OfType<RemittanceEnd>().Single();
        end.HasTrailer.Should().BeFalse();
        end.ByteOffset.Should().Be(text.Length);
        end.Diagnostics.Single(d => d.Code == DiagnosticCodes.TruncatedTransaction).ByteOffset.Should().Be(text.Length);
        diagnostics.Should().OnlyContain(d => d.ByteOffset >= 0);
    }

    // ---- Privacy ----------------------------------------------------------------------------------------------------

    private static List<string> ManyProblems()
    {
        var body = Replace(Body(), "SVC*HC:99213*100*80**1", "SVC*HC:99213*100*90**1");
        body = Replace(body, "CLP*PCN001*1*500*360*40*12*ICN0001*11*1", "CLP*PCN001*1*510*360*40*12*ICN0001*11*1");
        body = Replace(body, "SVC*HC:81002*200*160**1", "SVC*HC:81002*200*160**1*ZX:SECRETPROC");
        body = Replace(body, "CAS*PR*2*40", "CAS*PR*2*40*1");
        body = Replace(body, "DTM*472*20260103", "DTM*472*20261399");
        body.Insert(body.IndexOf("CLP*PCN002*1*100*80*0*12*ICN0002*11*1") + 1, "AMT*AU*JANEDOE77");
        body[0] = body[0].Replace("BPR*I*440*", "BPR*I*430*", StringComparison.Ordinal);
        return body;
    }

    [Test]
    public void Messages_name_positions_and_codes_never_values_by_default()
    {
        var r = Read(ManyProblems());
        r.Diagnostics.Select(d => d.Code).Should().Contain([DiagnosticCodes.ClaimUnbalanced, DiagnosticCodes.ServiceLineUnbalanced, DiagnosticCodes.TransactionUnbalanced,
            DiagnosticCodes.InvalidElement, DiagnosticCodes.InvalidDate, DiagnosticCodes.UnknownCode]);
        string[] values = ["DOE", "JANE", "ROE", "W123456789", "W555", "PCN00", "ICN000", "1234567893", "TRACE777", "RIVER", "ACME", "SECRETPROC", "ZX", "20261399", "JANEDOE77", "99213"];
        foreach (var d in r.Diagnostics)
        {
            foreach (var value in values) d.Message.Should().NotContain(value, d.ToString());
            d.ToString().Should().NotContain("JANE");
        }
    }

    [Test]
    public void Values_appear_only_when_the_caller_opts_in()
    {
        var r = Read(ManyProblems(), X12ReaderOptions.Default with { IncludeValuesInMessages = true });
        r.Diagnostics.Should().Contain(d => d.Code == DiagnosticCodes.InvalidElement && d.Message.Contains("JANEDOE77"));
        r.Diagnostics.Should().Contain(d => d.Code == DiagnosticCodes.InvalidDate && d.Message.Contains("20261399"));
    }
}
