using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835;

namespace Recoupment.Detection.Tests.Matching;

/// <summary>The test builder writes what a payer would send: balanced 835s that the reader takes without a word.</summary>
public class RemitBuilderTests
{
    [Test]
    public void Every_scenario_remittance_reads_without_diagnostics_and_balances_unless_meant_not_to()
    {
        foreach (var scenario in Scenarios.All)
        {
            foreach (var remit in scenario.Documents)
            {
                var diagnostics = new DiagnosticList();
                var remittance = remit.Read(new Era835ReaderOptions { Diagnostics = diagnostics });
                if (scenario.Name == "S37")
                {
                    diagnostics.Select(d => d.Code).Should().BeSubsetOf([DiagnosticCodes.TransactionUnbalanced]);
                    continue;
                }
                diagnostics.Should().BeEmpty($"{scenario.Name} {remit}: {string.Join("; ", diagnostics)}");
                remittance.End.IsBalanced.Should().BeTrue();
                remittance.Header.Payment.TotalPaymentAmount.Should().Be(remittance.Claims.Sum(c => c.PaymentAmount) - remittance.ProviderAdjustments.Sum(a => a.Amount));
                remittance.Claims.Where(c => c.ChargeAmount - c.TotalAdjustmentAmount != c.PaymentAmount).Should().BeEmpty();
            }
        }
    }

    [Test]
    public void A_reversal_negates_every_amount_of_its_original()
    {
        var original = ClaimSpec.Paid("2601000101", charge: 250, paid: 160, patientShare: 30, reason: "CO-45");
        var remittance = Remit.From(Scenarios.P1, "T9", "2026-03-02").Paid(ClaimSpec.Paid("2606100999", charge: 500, paid: 400)).Reversal(original).Read();
        var reversal = remittance.Claims[1];

        reversal.StatusCode.Should().Be("22");
        reversal.ChargeAmount.Should().Be(-250m);
        reversal.PaymentAmount.Should().Be(-160m);
        reversal.PatientResponsibilityAmount.Should().Be(-30m);
        reversal.PayerClaimControlNumber.Should().Be("2601000101");
        var line = reversal.ServiceLines.Single();
        line.ChargeAmount.Should().Be(-250m);
        line.PaymentAmount.Should().Be(-160m);
        line.Adjustments.Select(a => (a.Group, a.Reason, a.Amount)).Should().Equal(("PR", "2", -30m), ("CO", "45", -60m));
        remittance.Header.Payment.TotalPaymentAmount.Should().Be(240m);
        remittance.End.IsBalanced.Should().BeTrue();
    }

    [Test]
    public void The_text_is_a_realistic_835()
    {
        var text = Remit.From("ACME HEALTH PLAN", "T1", "2026-01-15").Paid(icn: "2601000101", charge: 150, paid: 100).Plb("L6", "2601000101", -1.5m).ToText();
        text.Should().StartWith("ISA*00*").And.Contain("~GS*HP*").And.Contain("~ST*835*0001~")
            .And.Contain("~BPR*I*101.5*C*ACH*CCP*").And.Contain("*20260115~TRN*1*T1*1512345678~DTM*405*20260115~N1*PR*ACME HEALTH PLAN~N3*100 MAIN STREET~N4*HARTFORD*CT*06101~")
            .And.Contain("~N1*PE*RIVER CLINIC*XX*1234567893~REF*TJ*741234567~LX*1~")
            .And.Contain("~CLP*PCN-2601000101*1*150*100**12*2601000101*11*1~NM1*QC*1*DOE*JANE****MI*W000000001~DTM*232*20251201~")
            .And.Contain("~SVC*HC:99214*150*100**1~DTM*472*20251201~CAS*CO*45*50~")
            .And.Contain("~PLB*1234567893*20261231*L6:2601000101*-1.5~SE*");
        Era835Reader.ReadRemittances(X12Text.Bytes(text), new Era835ReaderOptions { Diagnostics = new DiagnosticList() }).Single().Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void A_net_negative_remittance_without_a_forward_balance_is_refused()
    {
        var original = ClaimSpec.Paid("2601000101", charge: 650, paid: 500);
        var remit = Remit.From(Scenarios.P1, "T3", "2026-03-02").Reversal(original);
        remit.Invoking(r => r.ToText()).Should().Throw<InvalidOperationException>().WithMessage("*FB*");
        remit.Plb("FB", "T3", -500).ToText().Should().Contain("BPR*H*0*C*NON");
    }
}
