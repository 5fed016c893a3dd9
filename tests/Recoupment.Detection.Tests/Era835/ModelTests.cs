using System.Text;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835;

namespace Recoupment.Detection.Tests.Era835;

/// <summary>
/// Hand-written, balanced 005010X221A1 remittances that use every part of the typed model; each parsed value is checked.
/// </summary>
public class ModelTests
{
    // Σ CLP04 = 9800 + 260 − 150 + 120 = 10030.00
    // Σ PLB   = (30 − 100 − 12.34 − 50 + 25.50 + 10) + (200 − 75 + 5.25) = −96.84 + 130.25 = 33.41
    // BPR02   = 10030.00 − 33.41 = 9996.59
    private static readonly IReadOnlyList<string> Full =
    [
        "BPR*I*9996.59*C*ACH*CCP*01*011000015*DA*1234567890*1512345678*SUPPL0001*01*021000021*DA*9876543210*20260120",
        "TRN*1*EFT20260120A*1512345678*SUPPL0001",
        "CUR*PR*CAD",
        "REF*EV*RECV12345",
        "REF*F2*ADJSYS 7.2",
        "DTM*405*20260119",
        // 1000A payer
        "N1*PR*ACME HEALTH PLAN*XV*PLANID0001",
        "N3*PO BOX 1000*SUITE 200",
        "N4*SPRINGFIELD*IL*627010001",
        "REF*2U*PAYERID99",
        "PER*CX*CLAIMS DEPT*TE*8005551212*EX*123",
        "PER*BL*EDI SUPPORT*TE*8005551313*EM*EDI@ACME.EXAMPLE",
        "PER*IC**UR*WWW.ACME.EXAMPLE",
        // 1000B payee
        "N1*PE*RIVER CLINIC*XX*1234567893",
        "N3*12 MAIN ST",
        "N4*SPRINGFIELD*IL*62702",
        "REF*TJ*371234567",
        "REF*PQ*PAYEE77",
        // 2000
        "LX*1",
        "TS3*1234567893*11*20261231*4*15600********125.5",
        "TS2*2000*150.75",
        // 2100 claim A: inpatient, DRG, MIA, all claim-level segments, no service lines. 15000 − (4200 + 1000) = 9800
        "CLP*PCN-A-0001*19*15000*9800*1000*MA*ICN20260001*11*1*01*470*1.5432*0.75*Y",
        "CAS*CO*45*3000*1*94*500*2*97*300*1*253*96.5*1*B4*250*3*59*53.5*1",
        "CAS*PR*1*1000*1",
        "NM1*QC*1*DOE*JANE*Q**JR*MI*W123456789",
        "NM1*IL*1*DOE*JOHN*A***MI*W987654321",
        "NM1*74*1*DOE*JANE****C*W111222333",
        "NM1*82*1*SMITH*ROBERT*J***XX*1922334455",
        "NM1*TT*2*CROSSOVER CARRIER*****PI*CC12345",
        "NM1*PR*2*OTHER PAYER INC*****PI*OP98765",
        "NM1*GB*1*ROE*RICHARD****MI*OS55555",
        "MIA*12*5000.5**3000.25*MA01*100*200*300*400*500*600*700*800*900*1000*1100*1200*1300*1400*MA02*MA03*N432*MA67*2400",
        "REF*F8*ICN20250999",
        "REF*1L*GRP12345",
        "REF*EA*MRN778899",
        "REF*6P*GROUPNO6P",
        "REF*9A*REPRICE01",
        "REF*BB*AUTH5566",
        "REF*G1*PA998877",
        "DTM*232*20251201",
        "DTM*233*20251205",
        "DTM*036*20261231",
        "DTM*050*20251210",
        "PER*CX*CLAIM CONTACT*TE*8005550000",
        "AMT*AU*9800",
        "AMT*I*12.34",
        "QTY*CA*5",
        "QTY*LA*60",
        // claim B: professional, MOA, claim CAS and two fully dressed lines. 600 − 50 − 150 − 140 = 260
        "CLP*PCN-B-0002*1*600*260*87*12*ICN20260002*11*1",
        "CAS*OA*23*50",
        "NM1*QC*1*SMITH*ANNA****MI*M555666777",
        "NM1*82*1*BROWN*TOM****XX*1555666777",
        "MOA*80*120.5*MA01*MA15*N432*M80*MA130*25.25*10.1",
        "DTM*050*20251220",
        "SVC*HC:99214:25:59:XS:GT:OFFICE VISIT EST PATIENT*300*150*0510*1*HC:99215*2",
        "DTM*472*20251201",
        "CAS*CO*45*100*1*253*3*1",
        "CAS*PR*2*47",
        "REF*6R*LINE0001",
        "REF*APC*00123",
        "REF*0K*HCPOL1",
        "AMT*B6*197",
        "AMT*KH*5",
        "QTY*ZK*1",
        "LQ*HE*M15",
        "LQ*HE*N381",
        "LQ*HE*MA130",
        "SVC*HC:81002*300*160**2",
        "DTM*150*20251202",
        "DTM*151*20251203",
        "CAS*CO*45*100*2",
        "CAS*PR*3*40",
        "REF*6R*LINE0002",
        "AMT*B6*200",
        // claim C: reversal of ICN20259000 (all amounts negated, deactivated CARC 63 repeated from the original)
        "CLP*PCN-C-0003*22*-200*-150*-20*MC*ICN20259000*11*1",
        "NM1*QC*1*LANE*LOIS****MI*L123",
        "SVC*HC:99213*-200*-150**1",
        "DTM*472*20250610",
        "CAS*CO*45*-25*1*63*-5",
        "CAS*PR*2*-20",
        // claim D: its correction, new ICN, REF*F8 = the original ICN. 200 − 60 − 20 = 120
        "CLP*PCN-C-0003*1*200*120*20*MC*ICN20260003*11*7",
        "NM1*QC*1*LANE*LOIS****MI*L123",
        "REF*F8*ICN20259000",
        "SVC*HC:99213*200*120**1",
        "DTM*472*20250610",
        "CAS*CO*45*60",
        "CAS*PR*2*20",
        // summary: two PLB segments, nine pairs
        "PLB*1234567893*20261231*WO:ICN20259000*30*FB:EFT20251215*-100*L6:ICN20260001*-12.34*72:CHK778899*-50*CS:ADJ REF 1*25.5*J1:NONREIMB*10",
        "PLB*1987654321*20251231*WO:ICN20258888*200*B2:CHK1001*-75*IR:2025*5.25",
    ];

    private static string FullText => X12Text.Interchange([Full]);

    private static (Remittance Remittance, DiagnosticList Diagnostics) ReadOne(string text)
    {
        var diagnostics = new DiagnosticList();
        var remittance = Era835Reader.ReadRemittances(Encoding.ASCII.GetBytes(text), new Era835ReaderOptions { Diagnostics = diagnostics }).Should().ContainSingle().Subject;
        return (remittance, diagnostics);
    }

    [Test]
    public void The_full_remittance_reads_without_any_diagnostic_and_balances()
    {
        var (r, diagnostics) = ReadOne(FullText);
        diagnostics.Should().BeEmpty();
        r.Diagnostics.Should().BeEmpty();
        r.End.IsBalanced.Should().BeTrue();
        r.End.BalanceDifference.Should().Be(0m);
        r.End.HasTrailer.Should().BeTrue();
        r.End.HasErrors.Should().BeFalse();
        r.End.ClaimCount.Should().Be(4);
        r.End.ServiceLineCount.Should().Be(4);
        r.End.ProviderAdjustmentCount.Should().Be(9);
        r.End.TotalClaimPayments.Should().Be(10030m);
        r.End.TotalProviderAdjustments.Should().Be(33.41m);
        r.End.ContentHash.Should().MatchRegex("^[0-9a-f]{16}$");
        r.End.Remittance.Should().BeSameAs(r.Header);
    }

    [Test]
    public void Envelope_and_BPR01_to_BPR16()
    {
        var h = ReadOne(FullText).Remittance.Header;
        h.InterchangeSenderId.Should().Be("SENDER");
        h.InterchangeReceiverId.Should().Be("RECEIVER");
        h.InterchangeControlNumber.Should().Be("000000905");
        h.GroupSenderCode.Should().Be("SENDER");
        h.GroupReceiverCode.Should().Be("RECEIVER");
        h.GroupControlNumber.Should().Be("1");
        h.Version.Should().Be("005010X221A1");
        h.TransactionControlNumber.Should().Be("0001");

        var p = h.Payment;
        p.TransactionHandlingCode.Should().Be("I");
        p.TotalPaymentAmount.Should().Be(9996.59m);
        p.CreditDebitFlag.Should().Be("C");
        p.PaymentMethod.Should().Be("ACH");
        p.PaymentFormat.Should().Be("CCP");
        p.SenderDfiQualifier.Should().Be("01");
        p.SenderDfiId.Should().Be("011000015");
        p.SenderAccountQualifier.Should().Be("DA");
        p.SenderAccountNumber.Should().Be("1234567890");
        p.OriginatingCompanyId.Should().Be("1512345678");
        p.OriginatingCompanySupplementalCode.Should().Be("SUPPL0001");
        p.ReceiverDfiQualifier.Should().Be("01");
        p.ReceiverDfiId.Should().Be("021000021");
        p.ReceiverAccountQualifier.Should().Be("DA");
        p.ReceiverAccountNumber.Should().Be("9876543210");
        p.PaymentDate.Should().Be(new DateOnly(2026, 1, 20));
        h.EffectiveDate.Should().Be(new DateOnly(2026, 1, 20));
    }

    [Test]
    public void TRN_CUR_REF_DTM_of_the_header()
    {
        var h = ReadOne(FullText).Remittance.Header;
        h.TraceTypeCode.Should().Be("1");
        h.TraceNumber.Should().Be("EFT20260120A");
        h.TracePayerIdentifier.Should().Be("1512345678");
        h.TraceSupplementalCode.Should().Be("SUPPL0001");
        h.Currency.Should().Be("CAD");
        h.ReceiverIdentifier.Should().Be("RECV12345");
        h.AdjudicationSystemVersion.Should().Be("ADJSYS 7.2");
        h.ProductionDate.Should().Be(new DateOnly(2026, 1, 19));
    }

    [Test]
    public void Payer_and_payee_loops()
    {
        var h = ReadOne(FullText).Remittance.Header;
        var payer = h.Payer;
        payer.EntityCode.Should().Be("PR");
        payer.Name.Should().Be("ACME HEALTH PLAN");
        payer.IdQualifier.Should().Be("XV");
        payer.Id.Should().Be("PLANID0001");
        payer.Address.Should().Be(new Address { Line1 = "PO BOX 1000", Line2 = "SUITE 200", City = "SPRINGFIELD", State = "IL", PostalCode = "627010001" });
        payer.References.Should().Equal(new Reference("2U", "PAYERID99"));
        payer.Contacts.Should().HaveCount(3);
        payer.Contacts[0].FunctionCode.Should().Be("CX");
        payer.Contacts[0].Name.Should().Be("CLAIMS DEPT");
        payer.Contacts[0].Numbers.Should().Equal(new Reference("TE", "8005551212"), new Reference("EX", "123"));
        payer.Contacts[1].FunctionCode.Should().Be("BL");
        payer.Contacts[1].Numbers.Should().Equal(new Reference("TE", "8005551313"), new Reference("EM", "EDI@ACME.EXAMPLE"));
        payer.Contacts[2].FunctionCode.Should().Be("IC");
        payer.Contacts[2].Name.Should().BeNull();
        payer.Contacts[2].Numbers.Should().Equal(new Reference("UR", "WWW.ACME.EXAMPLE"));

        var payee = h.Payee;
        payee.EntityCode.Should().Be("PE");
        payee.Name.Should().Be("RIVER CLINIC");
        payee.IdQualifier.Should().Be("XX");
        payee.Id.Should().Be("1234567893");
        payee.Address.Should().Be(new Address { Line1 = "12 MAIN ST", City = "SPRINGFIELD", State = "IL", PostalCode = "62702" });
        payee.References.Should().Equal(new Reference("TJ", "371234567"), new Reference("PQ", "PAYEE77"));
        payee.Contacts.Should().BeEmpty();
        h.PayeeNpi.Should().Be("1234567893");
        h.PayeeTaxId.Should().Be("371234567");
    }

    [Test]
    public void A_payee_identified_by_its_TIN()
    {
        var body = X12Text.SimpleRemittance().Select(s => s.StartsWith("N1*PE*", StringComparison.Ordinal) ? "N1*PE*RIVER CLINIC*FI*371234567" : s).ToList();
        body.Insert(body.IndexOf("LX*1"), "REF*TJ*999999999");
        var (r, diagnostics) = ReadOne(X12Text.Interchange([body]));
        diagnostics.Should().BeEmpty();
        r.Header.Payee.IdQualifier.Should().Be("FI");
        r.Header.PayeeTaxId.Should().Be("371234567", "N104 wins when N103 is FI");
        r.Header.PayeeNpi.Should().BeNull();
        r.Header.Payer.Address.Should().BeNull();
        r.Header.Currency.Should().BeNull();
        r.Header.EffectiveDate.Should().Be(new DateOnly(2026, 1, 15));
    }

    [Test]
    public void Header_number_loop_with_TS3_and_TS2()
    {
        var r = ReadOne(FullText).Remittance;
        var group = r.Claims[0].Group;
        group.Should().NotBeNull();
        r.Claims.Should().OnlyContain(c => ReferenceEquals(c.Group, group));
        group!.HeaderNumber.Should().Be("1");
        group.ProviderId.Should().Be("1234567893");
        group.FacilityTypeCode.Should().Be("11");
        group.FiscalPeriodDate.Should().Be(new DateOnly(2026, 12, 31));
        group.TotalClaimCount.Should().Be(4m);
        group.TotalClaimCharge.Should().Be(15600m);
        group.SummaryAmounts.Should().BeEquivalentTo(new Dictionary<string, decimal> { ["TS313"] = 125.5m, ["TS201"] = 2000m, ["TS202"] = 150.75m });
    }

    [Test]
    public void Claim_payment_CLP01_to_CLP14_and_claim_CAS_with_six_triplets()
    {
        var c = ReadOne(FullText).Remittance.Claims[0];
        c.PatientControlNumber.Should().Be("PCN-A-0001");
        c.StatusCode.Should().Be("19");
        c.ChargeAmount.Should().Be(15000m);
        c.PaymentAmount.Should().Be(9800m);
        c.PatientResponsibilityAmount.Should().Be(1000m);
        c.FilingIndicatorCode.Should().Be("MA");
        c.PayerClaimControlNumber.Should().Be("ICN20260001");
        c.FacilityTypeCode.Should().Be("11");
        c.FrequencyCode.Should().Be("1");
        c.PatientStatusCode.Should().Be("01");
        c.DrgCode.Should().Be("470");
        c.DrgWeight.Should().Be(1.5432m);
        c.DischargeFraction.Should().Be(0.75m);
        c.YesNoCondition.Should().Be("Y");
        c.IsReversal.Should().BeFalse();
        c.ServiceLines.Should().BeEmpty();

        c.Adjustments.Should().Equal(
            new ClaimAdjustment("CO", "45", 3000m, 1m),
            new ClaimAdjustment("CO", "94", 500m, 2m),
            new ClaimAdjustment("CO", "97", 300m, 1m),
            new ClaimAdjustment("CO", "253", 96.5m, 1m),
            new ClaimAdjustment("CO", "B4", 250m, 3m),
            new ClaimAdjustment("CO", "59", 53.5m, 1m),
            new ClaimAdjustment("PR", "1", 1000m, 1m));
        c.TotalAdjustmentAmount.Should().Be(5200m);
        c.ReasonCodes.Should().Equal("45", "94", "97", "253", "B4", "59", "1");
    }

    [Test]
    public void Claim_names_QC_IL_74_82_TT_PR_GB()
    {
        var c = ReadOne(FullText).Remittance.Claims[0];
        c.Names.Select(n => n.EntityCode).Should().Equal("QC", "IL", "74", "82", "TT", "PR", "GB");
        c.Name("QC").Should().Be(new PersonOrEntity { EntityCode = "QC", EntityType = "1", LastName = "DOE", FirstName = "JANE", MiddleName = "Q", Suffix = "JR", IdQualifier = "MI", Id = "W123456789" });
        c.PatientId.Should().Be("W123456789");
        c.Name("IL").Should().Be(new PersonOrEntity { EntityCode = "IL", EntityType = "1", LastName = "DOE", FirstName = "JOHN", MiddleName = "A", IdQualifier = "MI", Id = "W987654321" });
        c.Name("74").Should().Be(new PersonOrEntity { EntityCode = "74", EntityType = "1", LastName = "DOE", FirstName = "JANE", IdQualifier = "C", Id = "W111222333" });
        c.Name("82").Should().Be(new PersonOrEntity { EntityCode = "82", EntityType = "1", LastName = "SMITH", FirstName = "ROBERT", MiddleName = "J", IdQualifier = "XX", Id = "1922334455" });
        c.Name("TT").Should().Be(new PersonOrEntity { EntityCode = "TT", EntityType = "2", LastName = "CROSSOVER CARRIER", IdQualifier = "PI", Id = "CC12345" });
        c.Name("PR").Should().Be(new PersonOrEntity { EntityCode = "PR", EntityType = "2", LastName = "OTHER PAYER INC", IdQualifier = "PI", Id = "OP98765" });
        c.Name("GB").Should().Be(new PersonOrEntity { EntityCode = "GB", EntityType = "1", LastName = "ROE", FirstName = "RICHARD", IdQualifier = "MI", Id = "OS55555" });
        c.Name("XX").Should().BeNull();
    }

    [Test]
    public void MIA_with_covered_days_amounts_and_remarks_at_MIA05_and_MIA20_to_23()
    {
        var c = ReadOne(FullText).Remittance.Claims[0];
        c.OutpatientAdjudication.Should().BeNull();
        var mia = c.InpatientAdjudication!;
        mia.RemarkCodes.Should().Equal("MA01", "MA02", "MA03", "N432", "MA67");
        var expected = new Dictionary<int, decimal> { [1] = 12m, [2] = 5000.5m, [4] = 3000.25m, [24] = 2400m };
        for (var p = 6; p <= 19; p++) expected[p] = (p - 5) * 100m;
        mia.Values.Should().BeEquivalentTo(expected);
        mia.Values[1].Should().Be(12m, "MIA01 is the covered days or visits count");
        mia.Values.Should().NotContainKey(3);
        c.RemarkCodes.Should().Equal("MA01", "MA02", "MA03", "N432", "MA67");
    }

    [Test]
    public void Claim_REF_DTM_PER_AMT_QTY()
    {
        var c = ReadOne(FullText).Remittance.Claims[0];
        c.References.Should().Equal(
            new Reference("F8", "ICN20250999"), new Reference("1L", "GRP12345"), new Reference("EA", "MRN778899"), new Reference("6P", "GROUPNO6P"),
            new Reference("9A", "REPRICE01"), new Reference("BB", "AUTH5566"), new Reference("G1", "PA998877"));
        c.OriginalReferenceNumber.Should().Be("ICN20250999");
        c.ReferenceValue("G1").Should().Be("PA998877");
        c.ReferenceValue("9C").Should().BeNull();
        c.StatementFrom.Should().Be(new DateOnly(2025, 12, 1));
        c.StatementTo.Should().Be(new DateOnly(2025, 12, 5));
        c.CoverageExpiration.Should().Be(new DateOnly(2026, 12, 31));
        c.ReceivedDate.Should().Be(new DateOnly(2025, 12, 10));
        c.FirstServiceDate.Should().Be(new DateOnly(2025, 12, 1));
        c.Contacts.Should().ContainSingle();
        c.Contacts[0].FunctionCode.Should().Be("CX");
        c.Contacts[0].Name.Should().Be("CLAIM CONTACT");
        c.Contacts[0].Numbers.Should().Equal(new Reference("TE", "8005550000"));
        c.Amounts.Should().Equal(new QualifiedAmount("AU", 9800m), new QualifiedAmount("I", 12.34m));
        c.Quantities.Should().Equal(new QualifiedQuantity("CA", 5m), new QualifiedQuantity("LA", 60m));
    }

    [Test]
    public void Outpatient_claim_with_MOA_and_claim_level_CAS()
    {
        var c = ReadOne(FullText).Remittance.Claims[1];
        c.PatientControlNumber.Should().Be("PCN-B-0002");
        c.StatusCode.Should().Be("1");
        c.ChargeAmount.Should().Be(600m);
        c.PaymentAmount.Should().Be(260m);
        c.PatientResponsibilityAmount.Should().Be(87m);
        c.FilingIndicatorCode.Should().Be("12");
        c.DrgCode.Should().BeNull();
        c.DrgWeight.Should().BeNull();
        c.DischargeFraction.Should().BeNull();
        c.PatientStatusCode.Should().BeNull();
        c.YesNoCondition.Should().BeNull();
        c.InpatientAdjudication.Should().BeNull();
        var moa = c.OutpatientAdjudication!;
        moa.Values.Should().BeEquivalentTo(new Dictionary<int, decimal> { [1] = 80m, [2] = 120.5m, [8] = 25.25m, [9] = 10.1m });
        moa.RemarkCodes.Should().Equal("MA01", "MA15", "N432", "M80", "MA130");
        c.Adjustments.Should().Equal(new ClaimAdjustment("OA", "23", 50m, null));
        c.TotalAdjustmentAmount.Should().Be(340m);
        c.ReasonCodes.Should().Equal("23", "45", "253", "2", "3");
        c.RemarkCodes.Should().Equal("MA01", "MA15", "N432", "M80", "MA130", "M15", "N381");
        c.Names.Select(n => n.EntityCode).Should().Equal("QC", "82");
        c.ReceivedDate.Should().Be(new DateOnly(2025, 12, 20));
        c.StatementFrom.Should().BeNull();
        c.FirstServiceDate.Should().Be(new DateOnly(2025, 12, 1), "the earliest line date when there is no statement period");
        c.OriginalReferenceNumber.Should().BeNull();
    }

    [Test]
    public void Service_lines_SVC01_to_SVC07_with_dates_CAS_REF_AMT_QTY_LQ()
    {
        var text = FullText;
        var c = ReadOne(text).Remittance.Claims[1];
        c.ServiceLines.Should().HaveCount(2);

        var l1 = c.ServiceLines[0];
        l1.Procedure.Should().BeEquivalentTo(new ProcedureIdentifier { Qualifier = "HC", Code = "99214", Modifiers = ["25", "59", "XS", "GT"], Description = "OFFICE VISIT EST PATIENT" });
        l1.Procedure.ToString().Should().Be("HC:99214:25:59:XS:GT");
        l1.ChargeAmount.Should().Be(300m);
        l1.PaymentAmount.Should().Be(150m);
        l1.RevenueCode.Should().Be("0510");
        l1.UnitsPaid.Should().Be(1m);
        l1.SubmittedProcedure.Should().BeEquivalentTo(new ProcedureIdentifier { Qualifier = "HC", Code = "99215" });
        l1.SubmittedProcedure!.Code.Should().NotBe(l1.Procedure.Code, "the payer adjudicated another code than the one billed");
        l1.OriginalUnits.Should().Be(2m);
        l1.ServiceDate.Should().Be(new DateOnly(2025, 12, 1));
        l1.ServicePeriodStart.Should().BeNull();
        l1.ServicePeriodEnd.Should().BeNull();
        l1.Adjustments.Should().Equal(new ClaimAdjustment("CO", "45", 100m, 1m), new ClaimAdjustment("CO", "253", 3m, 1m), new ClaimAdjustment("PR", "2", 47m, null));
        l1.References.Should().Equal(new Reference("6R", "LINE0001"), new Reference("APC", "00123"), new Reference("0K", "HCPOL1"));
        l1.LineItemControlNumber.Should().Be("LINE0001");
        l1.Amounts.Should().Equal(new QualifiedAmount("B6", 197m), new QualifiedAmount("KH", 5m));
        l1.AllowedAmount.Should().Be(197m);
        l1.Quantities.Should().Equal(new QualifiedQuantity("ZK", 1m));
        l1.Remarks.Should().Equal(new RemarkCode("HE", "M15"), new RemarkCode("HE", "N381"), new RemarkCode("HE", "MA130"));
        l1.ByteOffset.Should().Be(text.IndexOf("SVC*HC:99214", StringComparison.Ordinal));

        var l2 = c.ServiceLines[1];
        l2.Procedure.Should().BeEquivalentTo(new ProcedureIdentifier { Qualifier = "HC", Code = "81002" });
        l2.Procedure.Modifiers.Should().BeEmpty();
        l2.Procedure.Description.Should().BeNull();
        l2.Procedure.ToString().Should().Be("HC:81002");
        l2.ChargeAmount.Should().Be(300m);
        l2.PaymentAmount.Should().Be(160m);
        l2.RevenueCode.Should().BeNull();
        l2.UnitsPaid.Should().Be(2m);
        l2.SubmittedProcedure.Should().BeNull();
        l2.OriginalUnits.Should().BeNull();
        l2.ServiceDate.Should().BeNull();
        l2.ServicePeriodStart.Should().Be(new DateOnly(2025, 12, 2));
        l2.ServicePeriodEnd.Should().Be(new DateOnly(2025, 12, 3));
        l2.Adjustments.Should().Equal(new ClaimAdjustment("CO", "45", 100m, 2m), new ClaimAdjustment("PR", "3", 40m, null));
        l2.LineItemControlNumber.Should().Be("LINE0002");
        l2.AllowedAmount.Should().Be(200m);
        l2.Quantities.Should().BeEmpty();
        l2.Remarks.Should().BeEmpty();
        l2.ByteOffset.Should().Be(text.IndexOf("SVC*HC:81002", StringComparison.Ordinal));
    }

    [Test]
    public void Reversal_negates_every_amount_and_keeps_the_ICN_and_the_correction_points_back_with_REF_F8()
    {
        var claims = ReadOne(FullText).Remittance.Claims;
        var reversal = claims[2];
        var correction = claims[3];

        reversal.IsReversal.Should().BeTrue();
        reversal.StatusCode.Should().Be("22");
        reversal.ChargeAmount.Should().Be(-200m);
        reversal.PaymentAmount.Should().Be(-150m);
        reversal.PatientResponsibilityAmount.Should().Be(-20m);
        reversal.PayerClaimControlNumber.Should().Be("ICN20259000");
        reversal.OriginalReferenceNumber.Should().BeNull();
        var rl = reversal.ServiceLines.Should().ContainSingle().Subject;
        rl.ChargeAmount.Should().Be(-200m);
        rl.PaymentAmount.Should().Be(-150m);
        rl.Adjustments.Should().Equal(new ClaimAdjustment("CO", "45", -25m, 1m), new ClaimAdjustment("CO", "63", -5m, null), new ClaimAdjustment("PR", "2", -20m, null));
        reversal.TotalAdjustmentAmount.Should().Be(-50m);

        correction.IsReversal.Should().BeFalse();
        correction.StatusCode.Should().Be("1");
        correction.PatientControlNumber.Should().Be(reversal.PatientControlNumber);
        correction.PayerClaimControlNumber.Should().Be("ICN20260003");
        correction.OriginalReferenceNumber.Should().Be(reversal.PayerClaimControlNumber);
        correction.FrequencyCode.Should().Be("7");
        correction.PaymentAmount.Should().Be(120m);
        (reversal.PaymentAmount + correction.PaymentAmount).Should().Be(-30m, "the net recoupment is 30.00");
    }

    [Test]
    public void Two_PLB_segments_give_nine_adjustments_in_order()
    {
        var r = ReadOne(FullText).Remittance;
        r.ProviderAdjustments.Should().Equal(
            Plb("1234567893", 2026, "WO", "ICN20259000", 30m, 1, 1),
            Plb("1234567893", 2026, "FB", "EFT20251215", -100m, 1, 2),
            Plb("1234567893", 2026, "L6", "ICN20260001", -12.34m, 1, 3),
            Plb("1234567893", 2026, "72", "CHK778899", -50m, 1, 4),
            Plb("1234567893", 2026, "CS", "ADJ REF 1", 25.5m, 1, 5),
            Plb("1234567893", 2026, "J1", "NONREIMB", 10m, 1, 6),
            Plb("1987654321", 2025, "WO", "ICN20258888", 200m, 2, 1),
            Plb("1987654321", 2025, "B2", "CHK1001", -75m, 2, 2),
            Plb("1987654321", 2025, "IR", "2025", 5.25m, 2, 3));
        (r.Claims.Sum(c => c.PaymentAmount) - r.ProviderAdjustments.Sum(a => a.Amount)).Should().Be(r.Header.Payment.TotalPaymentAmount);

        static ProviderAdjustment Plb(string provider, int year, string reason, string reference, decimal amount, int segment, int position) => new()
        {
            ProviderId = provider,
            FiscalPeriodDate = new DateOnly(year, 12, 31),
            ReasonCode = reason,
            Reference = reference,
            Amount = amount,
            SegmentNumber = segment,
            Position = position,
        };
    }

    [Test]
    public void Items_stream_in_file_order_with_offsets_and_back_references()
    {
        var text = FullText;
        var items = Era835Reader.Read(Encoding.ASCII.GetBytes(text), new Era835ReaderOptions { BufferSize = 256 }).ToList();
        items.Select(i => i.GetType().Name).Should().Equal(
            nameof(RemittanceHeader), nameof(ClaimPayment), nameof(ClaimPayment), nameof(ClaimPayment), nameof(ClaimPayment),
            nameof(ProviderAdjustmentSegment), nameof(ProviderAdjustmentSegment), nameof(RemittanceEnd));
        var header = (RemittanceHeader)items[0];
        header.ByteOffset.Should().Be(text.IndexOf("ST*835", StringComparison.Ordinal));
        header.SegmentIndex.Should().Be(2);

        var claims = items.OfType<ClaimPayment>().ToList();
        claims.Select(c => c.PatientControlNumber).Should().Equal("PCN-A-0001", "PCN-B-0002", "PCN-C-0003", "PCN-C-0003");
        claims.Should().OnlyContain(c => ReferenceEquals(c.Remittance, header));
        foreach (var claim in claims)
        {
            claim.ByteOffset.Should().Be(text.IndexOf($"CLP*{claim.PatientControlNumber}*{claim.StatusCode}*", StringComparison.Ordinal));
            claim.SegmentIndex.Should().Be(SegmentIndexOf(text, claim.ByteOffset));
        }

        var plbs = items.OfType<ProviderAdjustmentSegment>().ToList();
        plbs.Should().OnlyContain(p => ReferenceEquals(p.Remittance, header));
        plbs[0].ByteOffset.Should().Be(text.IndexOf("PLB*1234567893", StringComparison.Ordinal));
        plbs[1].ByteOffset.Should().Be(text.IndexOf("PLB*1987654321", StringComparison.Ordinal));
        plbs.Select(p => p.Adjustments.Count).Should().Equal(6, 3);

        var end = (RemittanceEnd)items[^1];
        end.Remittance.Should().BeSameAs(header);
        end.ByteOffset.Should().Be(text.IndexOf("~SE*", StringComparison.Ordinal) + 1);
        end.SegmentIndex.Should().Be(SegmentIndexOf(text, end.ByteOffset));
    }

    [Test]
    public async Task Async_reading_gives_the_same_items()
    {
        var bytes = Encoding.ASCII.GetBytes(FullText);
        var sync = Era835Reader.Read(bytes).Select(i => (i.GetType(), i.ByteOffset)).ToList();
        var asyncItems = new List<(Type, long)>();
        await foreach (var item in Era835Reader.ReadAsync(new MemoryStream(bytes), new Era835ReaderOptions { BufferSize = 300 })) asyncItems.Add((item.GetType(), item.ByteOffset));
        asyncItems.Should().Equal(sync);
    }

    [Test]
    public void Unknown_and_deactivated_CARCs_pass_through_without_diagnostics()
    {
        // 63 was deactivated in 2003 and A2 in 2008; Z99 was never a CARC. A reversal repeats whatever the original used.
        var body = X12Text.SimpleRemittance().Select(s => s == "CAS*CO*45*20" ? "CAS*CO*63*5**A2*10**Z99*5" : s).ToList();
        var (r, diagnostics) = ReadOne(X12Text.Interchange([body]));
        diagnostics.Should().BeEmpty();
        r.Claims[0].ServiceLines[0].Adjustments.Select(a => (a.Reason, a.Amount)).Should().Equal(("63", 5m), ("A2", 10m), ("Z99", 5m));
        r.End.IsBalanced.Should().BeTrue();
    }

    [Test]
    public void A_4010_reversal_with_group_CR_followed_by_its_correction()
    {
        // Σ CLP04 = −80 + 90 = 10; BPR02 = 10.
        string[] body =
        [
            "BPR*I*10*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20090115",
            "TRN*1*CHK4010*1512345678",
            "DTM*405*20090114",
            "N1*PR*ACME HEALTH PLAN",
            "N1*PE*RIVER CLINIC*XX*1234567893",
            "LX*1",
            "CLP*PCN4010*22*-100*-80*0*MB*ICN4010A*11*1",
            "NM1*QC*1*DOE*JANE****MI*W123456789",
            "SVC*HC:99213*-100*-80**1",
            "DTM*472*20090102",
            "CAS*CR*45*-20",
            "CLP*PCN4010*1*100*90*0*MB*ICN4010B*11*1",
            "NM1*QC*1*DOE*JANE****MI*W123456789",
            "SVC*HC:99213*100*90**1",
            "DTM*472*20090102",
            "CAS*CO*45*10",
        ];
        var text = X12Text.Interchange([body])
            .Replace("*^*00501*", "*U*00401*", StringComparison.Ordinal)
            .Replace("*005010X221A1~", "*004010X091A1~", StringComparison.Ordinal);
        var (r, diagnostics) = ReadOne(text);
        diagnostics.Should().BeEmpty();
        r.Header.Version.Should().Be("004010X091A1");
        r.End.IsBalanced.Should().BeTrue();
        var reversal = r.Claims[0];
        reversal.IsReversal.Should().BeTrue();
        reversal.ChargeAmount.Should().Be(-100m);
        reversal.PaymentAmount.Should().Be(-80m);
        reversal.ServiceLines.Single().Adjustments.Single().Should().Be(new ClaimAdjustment("CR", "45", -20m, null));
        var correction = r.Claims[1];
        correction.IsReversal.Should().BeFalse();
        correction.PayerClaimControlNumber.Should().NotBe(reversal.PayerClaimControlNumber);
        correction.ServiceLines.Single().Adjustments.Single().Group.Should().Be("CO");
    }

    [Test]
    public void Two_835s_around_an_837_give_only_the_835_items_and_both_remittances_complete()
    {
        var first = X12Text.SimpleRemittance(trace: "TRACE1", icn: "ICN1");
        var second = X12Text.SimpleRemittance(trace: "TRACE2", icn: "ICN2");
        string[] claim837 =
        [
            "BHT*0019*00*REF47517*20260101*1023*CH",
            "NM1*41*2*RIVER CLINIC*****46*TGJ23",
            "NM1*40*2*ACME HEALTH PLAN*****46*66783JJT",
            "HL*1**20*1",
            "NM1*85*2*RIVER CLINIC*****XX*1234567893",
            "HL*2*1*22*0",
            "SBR*P*18*******CI",
            "NM1*IL*1*DOE*JANE****MI*W123456789",
            "CLM*PCN999*100***11:B:1*Y*A*Y*Y",
            "LX*1",
            "SV1*HC:99213*100*UN*1***1",
            "DTM*472*D8*20260102",
        ];
        var text = MultiGroupInterchange(("HP", "005010X221A1", "835", first), ("HC", "005010X222A1", "837", claim837), ("HP", "005010X221A1", "835", second));
        var diagnostics = new DiagnosticList();
        var items = Era835Reader.Read(Encoding.ASCII.GetBytes(text), new Era835ReaderOptions { Diagnostics = diagnostics }).ToList();
        diagnostics.Should().BeEmpty();
        items.Select(i => i.GetType().Name).Should().Equal(
            nameof(RemittanceHeader), nameof(ClaimPayment), nameof(RemittanceEnd),
            nameof(RemittanceHeader), nameof(ClaimPayment), nameof(RemittanceEnd));

        var remittances = Era835Reader.ReadRemittances(Encoding.ASCII.GetBytes(text));
        remittances.Should().HaveCount(2);
        remittances.Select(r => r.Header.TraceNumber).Should().Equal("TRACE1", "TRACE2");
        remittances.Select(r => r.Header.GroupControlNumber).Should().Equal("1", "3");
        remittances.Should().OnlyContain(r => r.End.IsBalanced && r.End.HasTrailer && r.Claims.Count == 1 && r.Diagnostics.Count == 0);
        remittances.Select(r => r.Claims[0].PayerClaimControlNumber).Should().Equal("ICN1", "ICN2");
        remittances.Should().OnlyContain(r => r.Claims.All(c => c.Names.All(n => n.EntityCode == "QC")), "nothing of the 837 leaks into a claim");
        remittances[1].Claims[0].ByteOffset.Should().Be(text.LastIndexOf("CLP*", StringComparison.Ordinal));
    }

    /// <summary>One interchange with one functional group per transaction, with correct counts.</summary>
    private static string MultiGroupInterchange(params (string Functional, string Version, string Set, IReadOnlyList<string> Body)[] groups)
    {
        var sb = new StringBuilder(X12Text.Isa()).Append('~');
        var g = 0;
        foreach (var (functional, version, set, body) in groups)
        {
            g++;
            sb.Append($"GS*{functional}*SENDER*RECEIVER*20260115*1200*{g}*X*{version}~");
            sb.Append($"ST*{set}*0001").Append(set == "837" ? "*005010X222A1" : "").Append('~');
            foreach (var segment in body) sb.Append(segment).Append('~');
            sb.Append($"SE*{body.Count + 2}*0001~GE*1*{g}~");
        }
        sb.Append($"IEA*{g}*000000905~");
        return sb.ToString();
    }

    private static long SegmentIndexOf(string text, long offset) => text.AsSpan(0, (int)offset).Count('~');
}
