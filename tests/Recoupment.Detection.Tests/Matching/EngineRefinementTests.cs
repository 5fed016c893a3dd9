using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using static Recoupment.Detection.Tests.Matching.Scenarios;

namespace Recoupment.Detection.Tests.Matching;

/// <summary>Cases beyond the §8 scenarios that the engine must get right.</summary>
public class EngineRefinementTests
{
    [Test]
    public void A_same_ICN_correction_sent_before_its_reversal_is_the_correction_not_the_original()
    {
        // R6/R7: equal amounts decide before recency; the later claim under the same ICN paying less is the correction.
        var scenario = new Scenario("same-icn-first",
            Remit.From(P1, "T1", "2026-01-15").Paid(A),
            Remit.From(P1, "T2", "2026-02-12").Correction(A, paid: 60, icn: IcnA).Paid(Other("2604300201", 300)),
            Remit.From(P1, "T3", "2026-02-26").Reversal(A).Paid(Other("2604300301", 300)));

        var run = scenario.Run();

        var reversed = run.Single<ClaimReversed>();
        reversed.OriginalPaidAmount.Should().Be(100m);
        reversed.Confidence.Should().Be(MatchConfidence.High);
        var recoupment = run.Single<ClaimRecoupment>();
        recoupment.Amount.Should().Be(40m, "the net of the original 100 and the correction 60");
        recoupment.Mode.Should().Be(RecoupmentMode.Immediate);
        run.All<ClaimCorrected>().Should().ContainSingle().Which.Delta.Should().Be(-40m);
    }

    [Test]
    public void An_equal_payment_under_the_same_ICN_is_not_taken_for_a_correction()
    {
        var scenario = new Scenario("same-icn-twice",
            Remit.From(P1, "T1", "2026-01-15").Paid(A),
            Remit.From(P1, "T2", "2026-02-12").Paid(A).Paid(Other("2604300201", 300)),
            Remit.From(P1, "T3", "2026-02-26").Reversal(A).Paid(Other("2604300301", 300)));

        var run = scenario.Run(options: RecoupmentOptions.Default with { ImmediateFullTakeback = true });

        run.All<ClaimCorrected>().Should().BeEmpty();
        run.Single<ClaimRecoupment>().Should().Match<ClaimRecoupment>(r => r.Amount == 100m && r.Mode == RecoupmentMode.FullTakeback);
    }

    [Test]
    public void A_deferral_smaller_than_the_takeback_splits_it_into_netted_and_deferred()
    {
        // R27: net takeback 80, WO −50 defers 50; the other 30 was netted in the remittance.
        var scenario = new Scenario("partial-deferral",
            Remit.From(P1, "T1", "2026-01-15").Paid(A),
            Remit.From(P1, "T2", "2026-02-12").Reversal(A).Correction(A, paid: 20).Paid(Other("2604300201", 300)).Plb("WO", IcnA, -50));

        var run = scenario.Run();

        var parts = run.All<ClaimRecoupment>();
        parts.Select(r => (r.Mode, r.Amount)).Should().Equal((RecoupmentMode.Immediate, 30m), (RecoupmentMode.Deferred, 50m));
        run.Single<CrossClaimOffset>().Amount.Should().Be(30m);
        run.Single<CrossClaimOffset>().RelatedEventId.Should().Be(parts[0].EventId);
        var opened = run.Single<ReceivableOpened>();
        opened.Amount.Should().Be(50m);
        opened.RelatedEventId.Should().Be(parts[1].EventId);
    }

    [Test]
    public void A_net_delta_takes_its_root_cause_from_its_own_adjustments()
    {
        var run = S33.Run();
        run.Single<ClaimRecoupment>().RootCause.Should().Be(RootCause.FeeSchedule, "its CO-45 is the change itself");
    }

    [Test]
    public void A_rolled_forward_balance_points_to_the_balance_it_carries()
    {
        var run = S13.Run(order: [0, 1, 2]);
        var created = run.In("T4").OfType<ForwardBalanceCreated>().Single();
        run.Single<ForwardBalanceRolled>().RelatedEventId.Should().Be(created.EventId);
    }

    [Test]
    public void A_remittance_whose_amounts_cannot_be_read_is_not_called_unbalanced()
    {
        // PLB04 missing: the reader reports the element; whether the remittance balances is unknown.
        var text = X12Text.Interchange([[.. X12Text.SimpleRemittance(), "PLB*1234567893*20261231*WO:ICN9**L6:ICN9*-5"]]);
        var remittance = Era835Reader.ReadRemittances(X12Text.Bytes(text)).Single();
        remittance.End.IsBalanceKnown.Should().BeFalse();

        var events = new RecoupmentEngine(new InMemoryClaimLedger()).Process(RemittanceDocument.From(remittance));

        events.OfType<BalancingError>().Should().BeEmpty();
        events.Should().ContainSingle(e => e is ProviderLevelAdjustment);
        events.Should().OnlyContain(e => e.Note == null || !e.Note.Contains("FromUnbalancedDocument", StringComparison.Ordinal));
    }
}
