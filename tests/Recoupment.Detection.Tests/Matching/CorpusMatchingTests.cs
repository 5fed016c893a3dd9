using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Tests.Matching;

/// <summary>
/// The corpus files that carry reversals or provider-level recoveries, matched as a biller would read them. Several of
/// these public samples do not balance as published (trimmed or hand-edited test files); the engine reports that and
/// still pairs.
/// </summary>
public class CorpusMatchingTests
{
    private sealed record Matched(RecoupmentEngine Engine, List<RecoupmentEvent> Events, DiagnosticList Diagnostics, List<RemittanceDocument> Documents);

    private static Matched Match(string path, params Remit[] before)
    {
        var diagnostics = new DiagnosticList();
        var engine = new RecoupmentEngine(new InMemoryClaimLedger(), RecoupmentOptions.Default, diagnostics);
        var events = new List<RecoupmentEvent>();
        foreach (var remit in before) events.AddRange(engine.Process(remit.Document()));
        var documents = Era835Reader.ReadRemittances(Corpus.Read(path)).Select(r => RemittanceDocument.From(r)).ToList();
        foreach (var document in documents) events.AddRange(engine.Process(document));
        return new Matched(engine, events, diagnostics, documents);
    }

    private static string Describe(IEnumerable<RecoupmentEvent> events) => string.Join(Environment.NewLine, events.Select(ScenarioRun.Describe));

    [Test]
    public void Pyx12_835_simple_4010_reversals_with_group_CR_are_takebacks_of_claims_not_yet_in_the_ledger()
    {
        var m = Match("pyx12/history/835_simple.txt");
        m.Documents.Should().ContainSingle();
        m.Events.Select(e => e.EventType).Should().Equal(
            ["BalancingError", "ClaimCorrected", "UnmatchedRecoupment", "UnmatchedRecoupment", "ProviderLevelAdjustment", "ProviderLevelAdjustment", "ProviderLevelAdjustment"],
            Describe(m.Events));

        // As published, BPR02 (5950.21) is not Σ CLP04 (−510.25) − Σ PLB (−977.94): reported, and pairing still runs.
        m.Events[0].Amount.Should().Be(5482.52m);
        m.Events.Should().OnlyContain(e => e.Note!.EndsWith("FromUnbalancedDocument.", StringComparison.Ordinal));

        // Claim 6363451: reversal −210 and correction +200 under the same ICN: 10 taken back; the original is not in the ledger.
        var corrected = m.Events.OfType<ClaimCorrected>().Single();
        corrected.PayerClaimNumber.Should().Be("6363451");
        corrected.Amount.Should().Be(200.00m);
        corrected.Delta.Should().Be(-10.00m);
        var unmatched = m.Events.OfType<UnmatchedRecoupment>().ToList();
        unmatched.Select(u => (u.PayerClaimNumber, u.ClaimId, u.Amount, u.Mode, u.Reason)).Should().Equal(
            ("6363451", "123839-24635", 10.00m, RecoupmentMode.Immediate, UnmatchedReason.OriginalNotInLedger),
            ("6397645", "134158-27488", 500.25m, RecoupmentMode.FullTakeback, UnmatchedReason.OriginalNotInLedger));
        unmatched.Should().OnlyContain(u => u.OriginalPaidAmount == (u.PayerClaimNumber == "6363451" ? 210.00m : 500.25m));
        m.Events.OfType<CrossClaimOffset>().Should().BeEmpty("the only positive payment is the correction itself");

        // PLB CS without partner or keywords: payer adjustments passed through.
        m.Events.OfType<ProviderLevelAdjustment>().Select(p => (p.PlbReasonCode, p.Mode, p.Amount, p.Category)).Should().Equal(
            ("CS", RecoupmentMode.Increase, 1008.10m, "PayerAdjustment"),
            ("CS", RecoupmentMode.Decrease, 24.21m, "PayerAdjustment"),
            ("CS", RecoupmentMode.Decrease, 5.95m, "PayerAdjustment"));
        m.Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void Pyx12_835_simple_backfilled_originals_link_both_takebacks()
    {
        // The provider's 2008 remittance with the two originals arrives later (backfill): both suspended takebacks link.
        var originals = Remit.From("Payer 1", "0003901", "2008-03-03").PayerIdentifier("1382999999").PaidTo("1999999984", "Provider 1", tin: "382999999")
            .Paid(ClaimSpec.Paid("6363451", charge: 310, paid: 210, pcn: "123839-24635", patient: "373899999", dos: "2008-01-11", procedure: "HC:T1017", units: 6) with { Filing = "HM" },
                  ClaimSpec.Paid("6397645", charge: 500.25m, paid: 500.25m, pcn: "134158-27488", patient: "376899999", dos: "2008-04-02", procedure: "HC:T1017", modifiers: "TG", units: 6) with { Filing = "HM" });
        var m = Match("pyx12/history/835_simple.txt");
        var unmatched = m.Events.OfType<UnmatchedRecoupment>().ToList();

        var linked = m.Engine.Process(originals.Document());
        linked.Should().AllBeOfType<RecoupmentLinked>();
        linked.Select(l => (l.PayerClaimNumber, l.Amount, l.RelatedEventId)).Should().Equal(
            ("6363451", 10.00m, unmatched[0].EventId),
            ("6397645", 500.25m, unmatched[1].EventId));
        linked.Should().OnlyContain(l => l.OriginalRemittanceTrace == "0003901");
    }

    [Test]
    public void TigerShark_835_example_negative_WO_with_FCN_and_HIC_opens_a_receivable_collected_later()
    {
        var m = Match("tigershark/835-example.txt");
        m.Events.Select(e => e.EventType).Should().Equal(["BalancingError", "ReceivableOpened"], Describe(m.Events));
        m.Events[0].Amount.Should().Be(216.19m, "as published, BPR02 12345.67 is not 12200.67 + 361.19");

        var opened = (ReceivableOpened)m.Events[1];
        opened.PlbReasonCode.Should().Be("WO");
        opened.PlbReference.Should().Be("12104411559120820 001GAL295513");
        opened.Amount.Should().Be(361.19m);
        opened.RemainingAmount.Should().Be(361.19m);
        opened.ProviderId.Should().Be("743238060", "PLB01");
        opened.PayerClaimNumber.Should().BeNull("the FCN names no claim of this remittance or the ledger");
        opened.Mode.Should().Be(RecoupmentMode.None, "no reversal in the remittance: a deferred recovery, not a deferred takeback of a claim here");

        var reference = ReferenceParser.Parse(opened.PlbReference);
        reference.Tokens.Should().Equal("12104411559120820", "001GAL295513");

        // The payer collects it in its next remittance with the same reference: the receivable is completed.
        var next = Remit.From("UNITED HEALTHCARE INSURANCE COMPANY", "1QG22222222", "2012-05-03").PayerIdentifier("1111111111")
            .PaidTo("1333333333", "MY CLINIC", tin: "777777777")
            .Paid(ClaimSpec.Paid("2234567899 0987654399", charge: 900, paid: 700, pcn: "001-TTTTTTTTTT", dos: "2012-04-10"))
            .Plb("WO", "12104411559120820 001GAL295513", 361.19m, provider: "743238060");
        var later = m.Engine.Process(next.Document());
        later.Select(e => e.EventType).Should().Equal("RecoupmentCollected", "RecoupmentCompleted");
        later[0].Amount.Should().Be(361.19m);
        later[0].RemainingAmount.Should().Be(0m);
        later[0].RelatedEventId.Should().Be(opened.EventId);
    }

    [Test]
    public void Affect_nevada_medicaid_capitation_and_CS_pairs_pass_through_and_denials_are_not_recoupments()
    {
        var m = Match("affect/nevada_medicaid.txt");
        m.Documents.Should().HaveCount(3);
        m.Documents.Take(2).Should().OnlyContain(d => d.IsBalanced && d.TotalPayment == 0 && d.HandlingCode == "H");
        m.Events.Should().OnlyContain(e => e.RemittanceTrace == "000012382", "the two notification remittances only deny claims");

        m.Events.Should().AllBeOfType<ProviderLevelAdjustment>(Describe(m.Events));
        m.Events.Cast<ProviderLevelAdjustment>().Select(p => (p.PlbReasonCode, p.PlbReference, p.Mode, p.Amount, p.Category)).Should().Equal(
            ("CT", "888888888", RecoupmentMode.Increase, 1092.46m, "Capitation"),
            ("CT", "888888888", RecoupmentMode.Increase, 719.81m, "Capitation"),
            ("CS", "8888888888887", RecoupmentMode.Increase, 181.55m, "PayerAdjustment"),
            ("CS", "8888888888887", RecoupmentMode.Decrease, 181.55m, "PayerAdjustment"),
            ("CS", "8888888888888", RecoupmentMode.Increase, 130.00m, "PayerAdjustment"),
            ("CS", "8888888888888", RecoupmentMode.Decrease, 130.00m, "PayerAdjustment"));
        m.Events.Should().OnlyContain(e => e.ProviderId == "8888888888");
        m.Diagnostics.Should().BeEmpty();
    }

    [Test]
    public void Affect_sample_with_interests_L6_is_interest_paid_and_the_unknown_code_passes_through()
    {
        var m = Match("affect/sample_835_with_interests.txt");
        m.Documents.Should().HaveCount(2);
        m.Events.Select(e => (e.EventType, e.RemittanceTrace)).Should().Equal(
            [("BalancingError", "081000607720126"), ("ProviderLevelAdjustment", "081000607720126"),
             ("BalancingError", "081000607720039"), ("ProviderLevelAdjustment", "081000607720039")], Describe(m.Events));

        // Added to the published sample without changing BPR02: each PLB is exactly the imbalance.
        m.Events.OfType<BalancingError>().Select(b => b.Amount).Should().Equal(5.00m, 10.30m);
        var interest = m.Events.OfType<ProviderLevelAdjustment>().Single(p => p.PlbReasonCode == "L6");
        interest.Category.Should().Be("Interest");
        interest.Mode.Should().Be(RecoupmentMode.Increase, "a negative L6 is interest paid to the provider");
        interest.Amount.Should().Be(10.30m);
        interest.ProviderId.Should().Be("1001");
        var unknown = m.Events.OfType<ProviderLevelAdjustment>().Single(p => p.PlbReasonCode == "resnCode");
        unknown.Category.Should().Be("Other");
        unknown.Mode.Should().Be(RecoupmentMode.Decrease);
        unknown.Amount.Should().Be(5.00m);
        m.Events.Should().NotContain(e => e is ClaimRecoupment || e is UnmatchedRecoupment || e is ReceivableOpened);
    }

    [TestCase("stupidedi/005010-X221-case/1.edi", 1, true)]
    [TestCase("stupidedi/005010-X221A1-pass/dollars-and-data-sent-together.edi", 1, true)]
    [TestCase("stupidedi/005010-X221-case/3a.edi", 2, false)]
    [TestCase("stupidedi/history-samples/all.txt", 1, true)]
    public void Stupidedi_capital_passthrough_CV_is_a_provider_level_adjustment(string path, int count, bool balanced)
    {
        var m = Match(path);
        var passthrough = m.Events.OfType<ProviderLevelAdjustment>().ToList();
        passthrough.Should().HaveCount(count);
        passthrough.Should().OnlyContain(p => p.PlbReasonCode == "CV" && p.PlbReference == "CP" && p.Category == "Passthrough"
                                              && p.Mode == RecoupmentMode.Increase && p.Amount == 1.27m);
        // Nothing else happens: no reversal, no recovery (3a, as published, does not balance by the two CV amounts).
        m.Events.Where(e => e is not ProviderLevelAdjustment).Should().HaveCount(balanced ? 0 : 1);
        if (!balanced) m.Events.OfType<BalancingError>().Single().Amount.Should().Be(2.54m);
    }

    [Test]
    public void Stupidedi_4010_zero_L6_carries_no_money_and_gives_no_event()
    {
        var m = Match("stupidedi/004010-X091A1-case/1.edi");
        m.Documents.Single().ProviderAdjustments.Should().ContainSingle(a => a.ReasonCode == "L6" && a.Amount == 0);
        m.Events.Should().BeEmpty();
    }
}
