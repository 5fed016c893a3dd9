using Recoupment.Detection.Cli.Commands;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using static Recoupment.Detection.Tests.Matching.Pbm;

namespace Recoupment.Detection.Tests.Matching;

/// <summary>
/// What real payers send that the §8 scenarios do not show (issue 10): pay-then-reverse inside one remittance, rebills
/// before their reversal under a new claim number, forward balances from remittances not read, control-character
/// delimiters and wrapped records, zero-dollar reversals, and the same claim paid twice. Each from 835 text.
/// </summary>
public class PayerBehaviourTests
{
    private static IEnumerable<string> TypesOf(IEnumerable<RecoupmentEvent> events) => events.Select(e => e.EventType);

    private static readonly string[] MoneyMoving =
        [nameof(ClaimRecoupment), nameof(ClaimAdditionalPayment), nameof(UnmatchedRecoupment), nameof(CrossClaimOffset)];

    // ---- 1. Pay-then-reverse inside one remittance ------------------------------------------------------------

    [Test]
    public void A_claim_paid_and_reversed_in_one_remittance_cancels_with_nothing_recouped()
    {
        var paid = Rx("6123456", 1, "2606100000001", charge: 120.50m, paid: 84.10m, copay: 5);
        var other = Rx("6200001", 0, "2606100000002", charge: 40, paid: 31.25m);
        var scenario = new Scenario("pay-reverse", Remit.From(Payer, "P1", "2026-03-06").Paid(paid, other).Reversal(paid))
        { CompleteAsOf = Remit.Day("2026-12-31") };

        var run = scenario.Run();

        run.ReaderDiagnostics.Should().BeEmpty();
        TypesOf(run.Events).Should().Equal(nameof(ClaimReversed));
        var reversed = run.Single<ClaimReversed>();
        reversed.PayerClaimNumber.Should().Be("2606100000001");
        reversed.ClaimId.Should().Be("6123456-1");
        reversed.OriginalRemittanceTrace.Should().Be("P1", "the original is the payment earlier in the same remittance");
        reversed.Amount.Should().Be(84.10m);
        reversed.Note.Should().StartWith("CancelledInRemittance");
        run.Completed.Should().BeEmpty("a cancelled pair leaves no reversal waiting for a correction");
        run.Ledger.FindClaims(new PartitionKey(Remit.PayerKey, Remit.Tin), new ClaimKey(ClaimKeyKind.PayerClaimNumber, "2606100000001"))
            .Should().ContainSingle().Which.State.Should().Be(LedgerClaimState.Reversed);
    }

    [Test]
    public void A_reversal_never_pairs_with_a_denial_or_with_another_amount_when_the_exact_payment_is_there()
    {
        var first = Rx("6123456", 1, "2606100000001", charge: 120.50m, paid: 84.10m);
        var readjudicated = first with { PaidAmount = 90.00m, Adjustments = [new Cas("CO", "45", 30.50m)] };
        var scenario = new Scenario("exact-first",
            Remit.From(Payer, "P1", "2026-03-06").Paid(first).Claim(Denial(first)).Paid(readjudicated).Reversal(first))
        { CompleteAsOf = Remit.Day("2026-12-31") };

        var run = scenario.Run();

        TypesOf(run.Events).Should().Equal(nameof(ClaimReversed));
        run.Single<ClaimReversed>().OriginalPaidAmount.Should().Be(84.10m, "the exactly negated payment, not the nearer 90.00 nor the denial");
        var active = run.Ledger.FindClaims(new PartitionKey(Remit.PayerKey, Remit.Tin), new ClaimKey(ClaimKeyKind.PayerClaimNumber, "2606100000001"))
            .Where(c => c.State == LedgerClaimState.Active).ToList();
        active.Select(c => c.Paid).Should().BeEquivalentTo([0m, 90.00m], "the denial and the re-adjudicated payment stand");
    }

    [Test]
    public void Two_identical_pay_then_reverse_pairs_are_two_cancellations()
    {
        var paid = Rx("6123456", 1, "2606100000001", charge: 120.50m, paid: 84.10m);
        var scenario = new Scenario("twice", Remit.From(Payer, "P1", "2026-03-06").Paid(paid).Reversal(paid).Paid(paid).Reversal(paid))
        { CompleteAsOf = Remit.Day("2026-12-31") };

        var run = scenario.Run();

        TypesOf(run.Events).Should().Equal(nameof(ClaimReversed), nameof(ClaimReversed));
        run.Diagnostics.Should().NotContain(d => d.Code == DiagnosticCodes.DuplicateClaimInRemittance, "neither half is a repeated claim");
        run.Events.Select(e => e.EventId).Should().OnlyHaveUniqueItems();
    }

    [Test]
    public void Pay_then_reverse_next_to_a_reversal_of_an_earlier_payment_recoups_only_the_earlier_one()
    {
        var earlier = Rx("6123456", 1, "2606100000001", charge: 120.50m, paid: 84.10m);
        var again = Rx("6123456", 2, "2606100000009", charge: 120.50m, paid: 84.10m, fillDate: "2026-04-01");
        var scenario = new Scenario("mixed",
            Remit.From(Payer, "P1", "2026-03-06").Paid(earlier),
            Remit.From(Payer, "P2", "2026-04-03").Paid(again).Reversal(again).Reversal(earlier).Paid(Rx("7100001", 0, "2606100000010", 300, 250)))
        { Options = RecoupmentOptions.Default with { ImmediateFullTakeback = true } };

        var run = scenario.Run();

        TypesOf(run.In("P2")).Should().Equal(nameof(ClaimReversed), nameof(ClaimReversed), nameof(ClaimRecoupment), nameof(CrossClaimOffset));
        var recoupment = run.Single<ClaimRecoupment>();
        recoupment.OriginalRemittanceTrace.Should().Be("P1");
        recoupment.Amount.Should().Be(84.10m);
        run.Single<CrossClaimOffset>().Amount.Should().Be(84.10m, "the 250 paid funds the takeback; the cancelled payment funds nothing");
    }

    [Test]
    public void A_payment_already_in_the_ledger_makes_an_identical_earlier_claim_its_correction_sent_before_the_reversal()
    {
        var paid = Rx("6123456", 1, "2606100000001", charge: 120.50m, paid: 84.10m);
        var scenario = new Scenario("same-icn-correction-first",
            Remit.From(Payer, "P1", "2026-03-06").Paid(paid),
            Remit.From(Payer, "P2", "2026-04-03").Paid(paid).Reversal(paid));

        var run = scenario.Run();

        TypesOf(run.In("P2")).Should().Equal(nameof(ClaimReversed), nameof(ClaimCorrected));
        run.Single<ClaimReversed>().OriginalRemittanceTrace.Should().Be("P1");
        run.Single<ClaimCorrected>().Delta.Should().Be(0);
    }

    // ---- 2. A rebill before its reversal, under a new claim number --------------------------------------------

    [Test]
    public void A_rebill_before_its_reversal_under_a_new_claim_number_and_member_id_is_its_correction()
    {
        var original = Rx("6123456", 1, "2606100000001", charge: 120.50m, paid: 84.10m, member: "ZZQ88817733");
        var rebill = original with { Icn = "2609400000777", PatientId = "ZZQ88817734" };
        var scenario = new Scenario("rebill-first",
            Remit.From(Payer, "P1", "2026-03-06").Paid(original),
            Remit.From(Payer, "P2", "2026-04-03").Paid(rebill).Reversal(original))
        { CompleteAsOf = Remit.Day("2026-12-31") };

        var run = scenario.Run();

        TypesOf(run.In("P2")).Should().Equal(nameof(ClaimReversed), nameof(ClaimCorrected));
        var corrected = run.Single<ClaimCorrected>();
        corrected.PayerClaimNumber.Should().Be("2609400000777");
        corrected.OriginalPayerClaimNumber.Should().Be("2606100000001");
        corrected.Delta.Should().Be(0);
        run.Events.Select(e => e.EventType).Should().NotContain(MoneyMoving);
        run.Completed.Should().BeEmpty("the rebill is the correction: nothing waits for one");
    }

    [TestCase("ndc")]
    [TestCase("fill date")]
    [TestCase("prescription")]
    [TestCase("charge")]
    public void An_unrelated_claim_before_a_reversal_is_never_linked(string differs)
    {
        var original = Rx("6123456", 1, "2606100000001", charge: 120.50m, paid: 84.10m);
        var unrelated = differs switch
        {
            "ndc" => original with { Procedure = "N4:00378395293" },
            "fill date" => original with { ServiceDate = original.ServiceDate.AddDays(30) },
            "prescription" => original with { Pcn = "6123457-1" },
            _ => Rx("6123456", 1, "2606100000001", charge: 130.50m, paid: 94.10m),
        };
        unrelated = unrelated with { Icn = "2609400000777", PatientId = "ZZQ88817734" };
        var scenario = new Scenario("unrelated",
            Remit.From(Payer, "P1", "2026-03-06").Paid(original),
            Remit.From(Payer, "P2", "2026-04-03").Paid(unrelated).Reversal(original))
        { CompleteAsOf = Remit.Day("2026-12-31") };

        var run = scenario.Run();

        // The reversal nets in full (funded by the unrelated payment); the same prescription, date and charge under
        // another claim number is a possible duplicate, never the rebill.
        TypesOf(run.In("P2")).Should().Contain(nameof(ClaimReversed)).And.Contain(nameof(CrossClaimOffset));
        run.All<ClaimCorrected>().Should().BeEmpty($"a claim of another {differs} is not the rebill");
        run.Completed.OfType<ClaimRecoupment>().Should().ContainSingle().Which.Mode.Should().Be(RecoupmentMode.FullTakeback);
    }

    // ---- 3. Forward balances from earlier remittances ----------------------------------------------------------

    [Test]
    public void A_positive_FB_naming_a_balance_not_in_the_ledger_is_a_forward_balance_applied()
    {
        var scenario = new Scenario("fb-applied",
            Remit.From(Payer, "P5", "2026-03-06").Paid(Rx("7100001", 0, "2606100000010", 900, 800)).Plb("FB", "APNOCK0004711", 250));

        var run = scenario.Run();

        TypesOf(run.Events).Should().Equal(nameof(ForwardBalanceApplied));
        var applied = run.Single<ForwardBalanceApplied>();
        applied.Family.Should().Be(EventFamily.Offset);
        applied.Amount.Should().Be(250);
        applied.PlbReference.Should().Be("APNOCK0004711");
        applied.Note.Should().Contain("not in the ledger");
        var summary = ScanSummary.From(run.Events, run.Ledger);
        summary.ForwardBalancesApplied.Amount.Should().Be(250);
        summary.Unmatched.Count.Should().Be(0);
        summary.Recouped.Count.Should().Be(0);
    }

    [Test]
    public void A_positive_FB_naming_an_earlier_remittance_without_an_open_balance_is_applied_and_names_it()
    {
        var scenario = new Scenario("fb-earlier",
            Remit.From(Payer, "P4", "2026-02-06").Paid(Rx("7100002", 0, "2606100000011", 500, 400)),
            Remit.From(Payer, "P5", "2026-03-06").Paid(Rx("7100001", 0, "2606100000010", 900, 800)).Plb("FB", "P4", 120));

        var run = scenario.Run();

        var applied = run.Single<ForwardBalanceApplied>();
        applied.OriginalRemittanceTrace.Should().Be("P4");
        applied.Confidence.Should().Be(MatchConfidence.High);
        run.All<UnmatchedRecoupment>().Should().BeEmpty();
    }

    [Test]
    public void A_negative_FB_with_the_remittances_own_trace_still_creates_a_forward_balance()
    {
        var paid = Rx("7100001", 0, "2606100000010", 900, 300);
        var scenario = new Scenario("fb-created",
            Remit.From(Payer, "P1", "2026-02-06").Paid(Rx("6123456", 1, "2606100000001", 600, 500)),
            Remit.From(Payer, "P6", "2026-03-06").Paid(paid).Reversal(Rx("6123456", 1, "2606100000001", 600, 500)).Plb("FB", "P6", -200))
        { Options = RecoupmentOptions.Default with { ImmediateFullTakeback = true } };

        var run = scenario.Run();

        run.Single<ForwardBalanceCreated>().Amount.Should().Be(200);
        run.All<ForwardBalanceApplied>().Should().BeEmpty();
    }

    // ---- 4, 5. Control-character delimiters and wrapped records -------------------------------------------------

    [Test]
    public void Control_character_delimiters_and_wrapped_records_give_the_same_events()
    {
        var remits = new[]
        {
            Remit.From(Payer, "P1", "2026-03-06").Paid(Rx("6123456", 1, "2606100000001", 120.50m, 84.10m), Rx("7100001", 0, "2606100000010", 900, 800)),
            ComposedRemittance(pairs: 24, seed: 5, trace: "P2", date: "2026-03-13")
                .Reversal(Rx("6123456", 1, "2606100000001", 120.50m, 84.10m)).Plb("FB", "APNOCK0004711", 25),
        };
        var plain = new Scenario("plain", remits) { CompleteAsOf = Remit.Day("2026-12-31") }.Run();

        foreach (var (name, transform) in new (string, Func<byte[], byte[]>)[]
                 {
                     ("control", WithControlDelimiters),
                     ("wrapped", b => Wrapped(b)),
                     ("control+wrapped", b => Wrapped(WithControlDelimiters(b))),
                 })
        {
            var documents = remits.Select(r => RemittanceDocument.From(Era835Reader.ReadRemittances(transform(r.ToBytes())).Single())).ToList();
            var run = ScenarioRun.Process(documents, RecoupmentOptions.Default, Remit.Day("2026-12-31"));
            run.Rows.Should().Equal(plain.Rows, name);
        }
        plain.Types.Should().Contain(nameof(ClaimRecoupment), "the reversal of the P1 payment is a real takeback");
    }

    // ---- 6. Zero-dollar reversals -----------------------------------------------------------------------------

    [Test]
    public void A_zero_dollar_payment_reversed_and_repaid_moves_no_money_and_the_summary_counts_nothing()
    {
        var zero = Rx("6123456", 1, "2606100000001", charge: 12.00m, paid: 0m, copay: 12.00m);
        var zeroRefill = Rx("6123456", 2, "2606100000002", charge: 12.00m, paid: 0m, copay: 12.00m, fillDate: "2026-04-02");
        var scenario = new Scenario("zero",
            Remit.From(Payer, "P1", "2026-03-06").Paid(zero, Rx("7100001", 0, "2606100000010", 900, 800)),
            Remit.From(Payer, "P2", "2026-04-03").Reversal(zero).Paid(zero).Paid(Rx("7100002", 0, "2606100000011", 500, 400)),
            Remit.From(Payer, "P3", "2026-04-10").Paid(zeroRefill).Reversal(zeroRefill).Paid(Rx("7100003", 0, "2606100000012", 500, 400)))
        { CompleteAsOf = Remit.Day("2026-12-31") };

        var run = scenario.Run();

        TypesOf(run.In("P2")).Should().Equal(nameof(ClaimReversed), nameof(ClaimCorrected));
        run.In("P2").Should().OnlyContain(e => e.Amount == 0);
        TypesOf(run.In("P3")).Should().Equal(nameof(ClaimReversed));
        run.Completed.Should().BeEmpty();
        var summary = ScanSummary.From(run.Events, run.Ledger);
        summary.Recouped.Count.Should().Be(0);
        summary.Unmatched.Count.Should().Be(0);
        summary.Offset.Count.Should().Be(0);
    }

    [Test]
    public void A_zero_dollar_reversal_without_an_original_emits_no_event_but_says_so()
    {
        var zero = Rx("6123456", 1, "2606100000001", charge: 12.00m, paid: 0m, copay: 12.00m);
        var scenario = new Scenario("zero-orphan", Remit.From(Payer, "P2", "2026-04-03").Reversal(zero).Paid(Rx("7100002", 0, "2606100000011", 500, 400)));

        var run = scenario.Run();

        run.Events.Should().BeEmpty();
        run.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.ZeroReversalWithoutOriginal).Which.Severity.Should().Be(DiagnosticSeverity.Info);
    }

    // ---- 7. The same claim paid twice -------------------------------------------------------------------------

    [Test]
    public void The_same_claim_paid_in_two_remittances_is_a_possible_duplicate_and_its_takeback_pairs_with_the_second()
    {
        var claim = ClaimSpec.Paid("2601000101", charge: 150, paid: 100, pcn: "PCN-A", dos: "2026-01-05");
        var scenario = new Scenario("paid-twice",
            Remit.From(Scenarios.P1, "T1", "2026-01-15").Paid(claim),
            Remit.From(Scenarios.P1, "T2", "2026-02-12").Paid(claim),
            Remit.From(Scenarios.P1, "T3", "2026-06-16").Reversal(claim).Correction(claim.Denied("CO-18")).Paid(Scenarios.Other("2607500301", 300)));

        var run = scenario.Run();

        var duplicate = run.In("T2").Should().ContainSingle().Which.Should().BeOfType<PossibleDuplicatePayment>().Subject;
        duplicate.PayerClaimNumber.Should().Be("2601000101");
        duplicate.OriginalRemittanceTrace.Should().Be("T1");
        duplicate.Amount.Should().Be(100);
        run.Single<ClaimReversed>().OriginalRemittanceTrace.Should().Be("T2", "the takeback recovers the duplicate payment, not the first");
        var recoupment = run.Single<ClaimRecoupment>();
        recoupment.OriginalRemittanceTrace.Should().Be("T2");
        recoupment.RootCause.Should().Be(RootCause.Duplicate);
    }

    [Test]
    public void The_same_claim_number_paying_otherwise_in_a_later_remittance_is_not_a_duplicate()
    {
        var claim = ClaimSpec.Paid("2601000101", charge: 150, paid: 100, pcn: "PCN-A", dos: "2026-01-05");
        var scenario = new Scenario("not-twice",
            Remit.From(Scenarios.P1, "T1", "2026-01-15").Paid(claim),
            Remit.From(Scenarios.P1, "T2", "2026-02-12").Paid(claim with { PaidAmount = 90, Adjustments = [new Cas("CO", "45", 60)] }),
            Remit.From(Scenarios.P1, "T3", "2026-02-19").Paid(claim with { ServiceDate = claim.ServiceDate.AddDays(7) }));

        scenario.Run().Events.Should().BeEmpty();
    }
}
