using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835.CodeLists;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;
using static Recoupment.Detection.Tests.Matching.Scenarios;

namespace Recoupment.Detection.Tests.Matching;

/// <summary>
/// RECOUPMENT-RULES §8, scenarios 1 to 40: each built as 835 text (<see cref="Scenarios"/>), read by the 835 reader and
/// matched by the engine. Where §8 and docs/matching.md differ, docs/matching.md (the engine's contract) decides; such
/// places say so in a comment.
/// </summary>
public class RecoupmentScenarioTests
{
    private static readonly DateOnly Feb12 = Remit.Day("2026-02-12");

    private static IEnumerable<string> TypesOf(IEnumerable<RecoupmentEvent> events) => events.Select(e => e.EventType);

    // ---- Claim reversals and corrections ------------------------------------------------------------------------

    [Test]
    public void S01_Reversal_and_reduced_correction_in_one_835_recoup_the_delta_immediately()
    {
        var run = S01.Run();

        run.ReaderDiagnostics.Should().BeEmpty("the builder writes balanced remittances");
        S01.Documents[1].Total.Should().Be(260m);
        run.In("T1").Should().BeEmpty("paying a claim is not an event");
        TypesOf(run.In("T2")).Should().Equal("ClaimReversed", "ClaimCorrected", "ClaimRecoupment", "CrossClaimOffset");

        var reversed = run.Single<ClaimReversed>();
        reversed.ClaimId.Should().Be("PCN-A");
        reversed.PayerClaimNumber.Should().Be(IcnA);
        reversed.OriginalRemittanceTrace.Should().Be("T1");
        reversed.OriginalPaidAmount.Should().Be(100.00m);
        reversed.Amount.Should().Be(100.00m);
        reversed.Confidence.Should().Be(MatchConfidence.High);
        reversed.RemittanceTrace.Should().Be("T2");
        reversed.PayerId.Should().Be(Remit.PayerKey);
        reversed.PayeeId.Should().Be(Remit.Tin);

        var corrected = run.Single<ClaimCorrected>();
        corrected.PayerClaimNumber.Should().Be(IcnB);
        corrected.OriginalPayerClaimNumber.Should().Be(IcnA);
        corrected.Amount.Should().Be(60.00m);
        corrected.Delta.Should().Be(-40.00m);
        corrected.RelatedEventId.Should().Be(reversed.EventId);

        var recoupment = run.Single<ClaimRecoupment>();
        recoupment.Amount.Should().Be(40.00m);
        recoupment.Mode.Should().Be(RecoupmentMode.Immediate);
        recoupment.Confidence.Should().Be(MatchConfidence.High);
        recoupment.RootCause.Should().Be(RootCause.FeeSchedule, "CO-45 grew from 50 to 90 in the correction");
        recoupment.CarcCodes.Should().Equal("CO-45");
        recoupment.OriginalPayerClaimNumber.Should().Be(IcnA);
        recoupment.OriginalRemittanceTrace.Should().Be("T1");
        recoupment.OriginalPaidAmount.Should().Be(100.00m);
        recoupment.RelatedEventId.Should().Be(reversed.EventId);
        recoupment.AppealDeadline.Should().Be(Feb12.AddDays(180), "CLP06 12 is commercial: 180 days");

        var offset = run.Single<CrossClaimOffset>();
        offset.Amount.Should().Be(40.00m, "the 300 paid on the other claim funded the takeback");
        offset.PayerClaimNumber.Should().Be(IcnA);
        offset.RelatedEventId.Should().Be(recoupment.EventId);
        EventRow.From(recoupment).Amount.Should().Be("40.00");
    }

    [Test]
    public void S02_Correction_paying_more_is_an_additional_payment_and_no_recoupment()
    {
        var run = S02.Run();

        TypesOf(run.In("T2")).Should().Equal("ClaimReversed", "ClaimCorrected", "ClaimAdditionalPayment");
        var reversed = run.Single<ClaimReversed>();
        run.Single<ClaimCorrected>().Delta.Should().Be(30.00m);
        var extra = run.Single<ClaimAdditionalPayment>();
        extra.Amount.Should().Be(30.00m);
        extra.PayerClaimNumber.Should().Be(IcnB);
        extra.OriginalPayerClaimNumber.Should().Be(IcnA);
        extra.RelatedEventId.Should().Be(reversed.EventId);
        run.All<ClaimRecoupment>().Should().BeEmpty();
        run.All<CrossClaimOffset>().Should().BeEmpty();
    }

    [Test]
    public void S03_Reversal_without_correction_is_a_full_takeback_when_the_window_ends()
    {
        // docs/matching.md: the full takeback comes when the correction window (60 days) ends, or at once with ImmediateFullTakeback.
        var run = S03.Run();
        var reversed = run.Single<ClaimReversed>();
        TypesOf(run.In("T2")).Should().Equal("ClaimReversed", "CrossClaimOffset");
        var offset = run.Single<CrossClaimOffset>();
        offset.Amount.Should().Be(100.00m, "the other claim's 300 funded the whole reversal");
        offset.RelatedEventId.Should().Be(reversed.EventId);

        var takeback = run.Completed.Should().ContainSingle().Which.Should().BeOfType<ClaimRecoupment>().Subject;
        takeback.Mode.Should().Be(RecoupmentMode.FullTakeback);
        takeback.Amount.Should().Be(100.00m);
        takeback.OriginalPayerClaimNumber.Should().Be(IcnA);
        takeback.OriginalRemittanceTrace.Should().Be("T1");
        takeback.OriginalPaidAmount.Should().Be(100.00m);
        takeback.RemittanceTrace.Should().Be("T2", "the money was taken back by the reversal's remittance");
        takeback.RelatedEventId.Should().Be(reversed.EventId);
        takeback.RootCause.Should().Be(RootCause.Unknown);
        takeback.Confidence.Should().Be(MatchConfidence.High);

        // On the last day of the window nothing is due yet.
        S03.Run(completeAsOf: Feb12.AddDays(60)).All<ClaimRecoupment>().Should().BeEmpty();

        // A later remittance of the partition dated after the window closes it too.
        var later = new Scenario("S03-later", [.. S03.Documents, Remit.From(P1, "T3", "2026-04-20").Paid(Other("2611000301", 50))]).Run();
        later.In("T3").OfType<ClaimRecoupment>().Should().ContainSingle().Which.Mode.Should().Be(RecoupmentMode.FullTakeback);

        // With ImmediateFullTakeback the takeback is emitted with the reversal and the offset relates to it.
        var immediate = S03.Run(options: RecoupmentOptions.Default with { ImmediateFullTakeback = true }, completeAsOf: Remit.Day("2026-12-31"));
        TypesOf(immediate.In("T2")).Should().Equal("ClaimReversed", "ClaimRecoupment", "CrossClaimOffset");
        var now = immediate.Single<ClaimRecoupment>();
        now.Mode.Should().Be(RecoupmentMode.FullTakeback);
        now.Amount.Should().Be(100.00m);
        immediate.Single<CrossClaimOffset>().RelatedEventId.Should().Be(now.EventId);
        immediate.Completed.Should().BeEmpty();
    }

    [Test]
    public void S04_Correction_denied_recoups_the_whole_original_for_medical_necessity()
    {
        var run = S04.Run();

        TypesOf(run.In("T2")).Should().Equal("ClaimReversed", "ClaimCorrected", "ClaimRecoupment", "CrossClaimOffset");
        var corrected = run.Single<ClaimCorrected>();
        corrected.Amount.Should().Be(0.00m);
        corrected.Delta.Should().Be(-100.00m);
        var recoupment = run.Single<ClaimRecoupment>();
        recoupment.Amount.Should().Be(100.00m);
        recoupment.Mode.Should().Be(RecoupmentMode.Immediate);
        recoupment.RootCause.Should().Be(RootCause.MedicalNecessity);
        recoupment.CarcCodes.Should().Equal("CO-50");
        run.Single<CrossClaimOffset>().Amount.Should().Be(100.00m);
    }

    [Test]
    public void S05_Reversal_in_4010_style_with_group_CR_matches_with_high_confidence()
    {
        var reversal = S05.Documents[1].Read().Claims[0];
        reversal.Adjustments.Concat(reversal.ServiceLines.SelectMany(l => l.Adjustments)).Should().OnlyContain(a => a.Group == "CR" && a.Reason == "45" && a.Amount == -75m);

        var run = S05.Run();
        run.ReaderDiagnostics.Should().BeEmpty();
        var reversed = run.Single<ClaimReversed>();
        reversed.Confidence.Should().Be(MatchConfidence.High, "group CR stands for any original group");
        reversed.Note.Should().BeNull("no variance");
        reversed.CarcCodes.Should().Equal("CR-45");
        run.Single<ClaimRecoupment>().Amount.Should().Be(20.00m);
    }

    [Test]
    public void S06_Reversal_repeating_a_deactivated_CARC_is_matched_without_validation_error()
    {
        CodeLists.Carc.TryGet("A2", out var a2).Should().BeTrue();
        a2!.IsActiveOn(Remit.Day("2008-02-15")).Should().BeFalse("CARC A2 was deactivated on 2008-01-01");

        var run = S06.Run();
        run.ReaderDiagnostics.Should().BeEmpty("an expired CARC on a reversal is never an error (RFI-1106)");
        run.Diagnostics.Should().BeEmpty();
        var reversed = run.Single<ClaimReversed>();
        reversed.Confidence.Should().Be(MatchConfidence.High);
        reversed.CarcCodes.Should().Equal("CO-A2");
        run.Single<ClaimRecoupment>().Amount.Should().Be(30.00m);
    }

    [Test]
    public void S07_Reversal_one_cent_off_matches_at_medium_confidence_with_a_variance()
    {
        var run = S07.Run();
        run.ReaderDiagnostics.Should().BeEmpty("the reversal still balances: CLP03 -150, CAS -50.01, CLP04 -99.99");

        var reversed = run.Single<ClaimReversed>();
        reversed.Confidence.Should().Be(MatchConfidence.Medium);
        reversed.Amount.Should().Be(99.99m, "the amount is what the reversal negates");
        reversed.OriginalPaidAmount.Should().Be(100.00m);
        reversed.Note.Should().Contain("CLP04 0.01").And.Contain("CAS 45 -0.01");

        // docs/matching.md: delta = corrected CLP04 + reversal CLP04 (the money that moved), so 60 - 99.99 = -39.99.
        var corrected = run.Single<ClaimCorrected>();
        corrected.Delta.Should().Be(-39.99m);
        corrected.Confidence.Should().Be(MatchConfidence.Medium);
        var recoupment = run.Single<ClaimRecoupment>();
        recoupment.Amount.Should().Be(39.99m);
        recoupment.Confidence.Should().Be(MatchConfidence.Medium);
    }

    [Test]
    public void S08_Reversal_under_a_new_ICN_is_matched_through_REF_F8()
    {
        var run = S08.Run();
        var reversed = run.Single<ClaimReversed>();
        reversed.PayerClaimNumber.Should().Be(IcnA, "the original is found through the reversal's REF*F8 (R5 key 2)");
        reversed.OriginalRemittanceTrace.Should().Be("T1");
        reversed.Confidence.Should().Be(MatchConfidence.High);
        var corrected = run.Single<ClaimCorrected>();
        corrected.PayerClaimNumber.Should().Be("2604399999");
        corrected.OriginalPayerClaimNumber.Should().Be(IcnA);
        run.Single<ClaimRecoupment>().Amount.Should().Be(25.00m);
    }

    [Test]
    public void S09_Reversal_with_a_reformatted_ICN_or_no_usable_ICN_is_matched_by_normalisation_or_key_3()
    {
        var normalised = S09a.Run();
        var reversed = normalised.Single<ClaimReversed>();
        reversed.PayerClaimNumber.Should().Be(IcnA, "\"00\" + ICN normalises to the ICN (R3)");
        reversed.Confidence.Should().Be(MatchConfidence.High);
        normalised.Single<ClaimRecoupment>().Amount.Should().Be(40.00m);

        var byService = S09b.Run();
        var matched = byService.Single<ClaimReversed>();
        matched.PayerClaimNumber.Should().Be(IcnA, "CLP01 + patient + date of service + charge find the original (R5 key 3)");
        matched.OriginalRemittanceTrace.Should().Be("T1");
        var takeback = byService.Single<ClaimRecoupment>();
        takeback.Mode.Should().Be(RecoupmentMode.FullTakeback);
        takeback.Amount.Should().Be(100.00m);
        takeback.OriginalPayerClaimNumber.Should().Be(IcnA);
        byService.All<UnmatchedRecoupment>().Should().BeEmpty();
    }

    [Test]
    public void S10_Correction_with_a_corrected_patient_ID_is_still_linked_through_CLP07()
    {
        var correction = S10.Documents[1].Read().Claims[1];
        correction.Name("74")!.Id.Should().Be("W555000777");
        correction.PatientId.Should().NotBe(S10.Documents[0].Read().Claims[0].PatientId);

        var run = S10.Run();
        var reversed = run.Single<ClaimReversed>();
        var corrected = run.Single<ClaimCorrected>();
        corrected.PayerClaimNumber.Should().Be(IcnA);
        corrected.RelatedEventId.Should().Be(reversed.EventId);
        corrected.Delta.Should().Be(-10.00m);
        run.Single<ClaimRecoupment>().Amount.Should().Be(10.00m);
    }

    // ---- Forward balances ---------------------------------------------------------------------------------------

    [Test]
    public void S11_Net_negative_835_creates_a_forward_balance_owed_from_the_reversed_claim()
    {
        var header = NetNegativeT3.Read().Header;
        header.Payment.TransactionHandlingCode.Should().Be("H");
        header.Payment.TotalPaymentAmount.Should().Be(0m);
        header.Payment.PaymentMethod.Should().Be("NON");

        var run = S11.Run();
        run.ReaderDiagnostics.Should().BeEmpty();
        run.Diagnostics.Should().BeEmpty("the FB reference is the TRN02 of its remittance");
        TypesOf(run.In("T3")).Should().Equal("ClaimReversed", "ClaimRecoupment", "CrossClaimOffset", "ForwardBalanceCreated", "ReceivableOpened");

        var recoupment = run.Single<ClaimRecoupment>();
        recoupment.Amount.Should().Be(500.00m);
        recoupment.Mode.Should().Be(RecoupmentMode.FullTakeback);
        var offset = run.Single<CrossClaimOffset>();
        offset.Amount.Should().Be(200.00m, "only the 200 of other payments absorbed part of the 500");
        offset.RelatedEventId.Should().Be(recoupment.EventId);
        var created = run.Single<ForwardBalanceCreated>();
        created.Amount.Should().Be(300.00m);
        created.PlbReasonCode.Should().Be("FB");
        created.PlbReference.Should().Be("T3");
        created.ProviderId.Should().Be(Remit.Npi1);
        // linkedClaims = [reversed claim]: the engine attributes the carried shortfall to the takebacks in the note (R17, derived).
        created.Note.Should().Contain(IcnA);
        var opened = run.Single<ReceivableOpened>();
        opened.Amount.Should().Be(300.00m);
        opened.RemainingAmount.Should().Be(300.00m);
        opened.PlbReasonCode.Should().Be("FB");
        opened.PlbReference.Should().Be("T3");
        opened.RelatedEventId.Should().Be(created.EventId, "the receivable links to the forward balance, which names the reversed claim");
    }

    [Test]
    public void S12_Forward_balance_is_applied_and_completed_in_the_next_835()
    {
        S12.Documents[2].Total.Should().Be(700m);
        var run = S12.Run();
        var opened = run.Single<ReceivableOpened>();
        TypesOf(run.In("T4")).Should().Equal("ForwardBalanceApplied", "RecoupmentCompleted");
        var applied = run.Single<ForwardBalanceApplied>();
        applied.Amount.Should().Be(300.00m);
        applied.RemainingAmount.Should().Be(0m);
        applied.PlbReference.Should().Be("T3");
        applied.OriginalRemittanceTrace.Should().Be("T3");
        applied.RelatedEventId.Should().Be(opened.EventId);
        var completed = run.Single<RecoupmentCompleted>();
        completed.Amount.Should().Be(300.00m);
        completed.RelatedEventId.Should().Be(opened.EventId);
        run.Ledger.AllOpenReceivables().Should().BeEmpty();
    }

    [Test]
    public void S13_Forward_balance_chain_rolls_from_T3_to_T4_and_completes_in_T5()
    {
        S13.Documents[2].Total.Should().Be(0m);

        var firstThree = S13.Run(order: [0, 1, 2]);
        TypesOf(firstThree.In("T4")).Should().Equal("ForwardBalanceApplied", "RecoupmentCompleted", "ForwardBalanceCreated", "ForwardBalanceRolled", "ReceivableOpened");
        var applied = firstThree.Single<ForwardBalanceApplied>();
        applied.Amount.Should().Be(300.00m);
        applied.PlbReference.Should().Be("T3");
        var createdT4 = firstThree.In("T4").OfType<ForwardBalanceCreated>().Single();
        createdT4.Amount.Should().Be(200.00m);
        createdT4.PlbReference.Should().Be("T4");
        var rolled = firstThree.Single<ForwardBalanceRolled>();
        rolled.FromReference.Should().Be("T3");
        rolled.ToReference.Should().Be("T4");
        rolled.Amount.Should().Be(200.00m);
        var open = firstThree.Ledger.AllOpenReceivables().Should().ContainSingle().Subject;
        open.Reference.Should().Be("T4");
        open.ChainId.Should().Be("T3", "the chain's origin stays 835#3");

        var run = S13.Run();
        TypesOf(run.In("T5")).Should().Equal("ForwardBalanceApplied", "RecoupmentCompleted");
        var last = run.In("T5").OfType<ForwardBalanceApplied>().Single();
        last.Amount.Should().Be(200.00m);
        last.PlbReference.Should().Be("T4");
        run.In("T5").OfType<RecoupmentCompleted>().Single().Amount.Should().Be(200.00m);
        run.Ledger.AllOpenReceivables().Should().BeEmpty("the chain is completed");
    }

    [Test]
    public void S14_Forward_balance_with_the_ICN_as_reference_is_paired_and_flagged_non_standard()
    {
        var run = S14.Run();
        run.Diagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.NonStandardReference).Which.Severity.Should().Be(DiagnosticSeverity.Warning);
        run.Diagnostics.Should().HaveCount(1);

        // The FB carries the shortfall of 300 (the other 200 were netted): a takeback of 500, not a deferral of 500.
        var recoupment = run.Single<ClaimRecoupment>();
        recoupment.Mode.Should().Be(RecoupmentMode.FullTakeback);
        recoupment.Amount.Should().Be(500.00m);
        run.Single<CrossClaimOffset>().Amount.Should().Be(200.00m);
        var created = run.Single<ForwardBalanceCreated>();
        created.Amount.Should().Be(300.00m);
        created.PlbReference.Should().Be(IcnA);
        created.PayerClaimNumber.Should().Be(IcnA, "the reference names the claim");
        var opened = run.Single<ReceivableOpened>();
        opened.Amount.Should().Be(300.00m);

        var applied = run.In("T4").OfType<ForwardBalanceApplied>().Should().ContainSingle().Subject;
        applied.Amount.Should().Be(300.00m, "paired on the equal (non-standard) reference");
        applied.RelatedEventId.Should().Be(opened.EventId);
        run.In("T4").OfType<RecoupmentCompleted>().Should().ContainSingle();
    }

    [Test]
    public void S15_Forward_balance_never_applied_is_stale_after_120_days()
    {
        var run = S15.Run();
        var opened = run.Single<ReceivableOpened>();
        var stale = run.Completed.OfType<ForwardBalanceStale>().Should().ContainSingle().Subject;
        stale.Amount.Should().Be(300.00m);
        stale.RemainingAmount.Should().Be(300.00m);
        stale.PlbReference.Should().Be("T3");
        stale.RelatedEventId.Should().Be(opened.EventId);
        stale.Family.Should().Be(EventFamily.Diagnostic);

        S15.Run(completeAsOf: Remit.Day("2026-03-02").AddDays(120)).All<ForwardBalanceStale>().Should().BeEmpty("120 days are still within the window");
    }

    // ---- Receivables: WO deferral, collections ------------------------------------------------------------------

    [Test]
    public void S16_Option_3_WO_deferral_then_collection()
    {
        S16.Documents[1].Total.Should().Be(300m, "BPR02 is not reduced: the WO -80 returns the net takeback");

        var run = S16.Run();
        TypesOf(run.In("T6")).Should().Equal("ClaimReversed", "ClaimCorrected", "ClaimRecoupment", "ReceivableOpened");
        var recoupment = run.Single<ClaimRecoupment>();
        recoupment.Amount.Should().Be(80.00m);
        recoupment.Mode.Should().Be(RecoupmentMode.Deferred);
        var opened = run.Single<ReceivableOpened>();
        opened.Amount.Should().Be(80.00m);
        opened.PlbReasonCode.Should().Be("WO");
        opened.PlbReference.Should().Be(IcnA);
        opened.Mode.Should().Be(RecoupmentMode.Deferred);
        opened.PayerClaimNumber.Should().Be(IcnA);
        opened.RelatedEventId.Should().Be(recoupment.EventId);

        TypesOf(run.In("T9")).Should().Equal("RecoupmentCollected", "RecoupmentCompleted");
        var collected = run.Single<RecoupmentCollected>();
        collected.Amount.Should().Be(80.00m);
        collected.RemainingAmount.Should().Be(0m);
        collected.PayerClaimNumber.Should().Be(IcnA);
        collected.OriginalRemittanceTrace.Should().Be("T1");
        collected.RelatedEventId.Should().Be(opened.EventId);
        var completed = run.Single<RecoupmentCompleted>();
        completed.Amount.Should().Be(80.00m);
        completed.RelatedEventId.Should().Be(opened.EventId);
    }

    [Test]
    public void S17_Partial_collections_over_three_835s()
    {
        var run = S17.Run();
        var opened = run.Single<ReceivableOpened>();
        opened.Amount.Should().Be(500.00m);
        var collections = run.All<RecoupmentCollected>();
        collections.Select(c => (c.RemittanceTrace, c.Amount, c.RemainingAmount)).Should().Equal(
            ("T7", 200.00m, (decimal?)300.00m), ("T8", 200.00m, (decimal?)100.00m), ("T9", 100.00m, (decimal?)0m));
        collections.Should().OnlyContain(c => c.RelatedEventId == opened.EventId);
        var completed = run.Single<RecoupmentCompleted>();
        completed.RemittanceTrace.Should().Be("T9");
        completed.Amount.Should().Be(500.00m);
    }

    [Test]
    public void S18_Over_collection_with_interest_in_the_835()
    {
        var run = S18.Run();
        TypesOf(run.In("T9")).Should().Equal("RecoupmentCollected", "RecoupmentCompleted", "RecoupmentOverCollected", "ProviderLevelAdjustment");
        run.Single<RecoupmentCollected>().Amount.Should().Be(500.00m);
        run.Single<RecoupmentCompleted>().Amount.Should().Be(500.00m);
        var over = run.Single<RecoupmentOverCollected>();
        over.Amount.Should().Be(5.25m);
        over.RemainingAmount.Should().Be(0m);
        over.Note.Should().StartWith("InterestOnOverpayment");
        over.RelatedEventId.Should().Be(run.Single<ReceivableOpened>().EventId);
        var interest = run.Single<ProviderLevelAdjustment>();
        interest.Category.Should().Be("Interest");
        interest.Amount.Should().Be(1.75m);
    }

    // ---- Medicare references ------------------------------------------------------------------------------------

    [Test]
    public void S19_Medicare_two_step_FB_then_WO_pairs_across_codes_on_ICN_and_PCN()
    {
        var reference = ReferenceParser.Parse(Icn19 + Pcn20);
        reference.Format.Should().Be("MedicareAB");
        reference.Tokens.Should().Equal(Icn19, Pcn20);

        var run = S19.Run();
        run.Diagnostics.Should().BeEmpty("an FB naming the reversed claim and offsetting its net adjustment is Medicare's Step I");
        var recoupment = run.Single<ClaimRecoupment>();
        recoupment.Mode.Should().Be(RecoupmentMode.Deferred);
        recoupment.Amount.Should().Be(40.00m);
        recoupment.Note.Should().Contain("Appeal by 2026-04-01", "Medicare: 30 days to stop the recoupment");
        recoupment.AppealDeadline.Should().Be(Remit.Day("2026-03-02").AddDays(120));
        var opened = run.Single<ReceivableOpened>();
        opened.PlbReasonCode.Should().Be("FB");
        opened.Amount.Should().Be(40.00m);
        opened.ClaimId.Should().Be(Pcn20);
        opened.PayerClaimNumber.Should().Be(Icn19);
        run.Single<ForwardBalanceCreated>().PayerClaimNumber.Should().Be(Icn19);

        TypesOf(run.In("T3")).Should().Equal("RecoupmentCollected", "RecoupmentCompleted");
        var collected = run.Single<RecoupmentCollected>();
        collected.PlbReasonCode.Should().Be("WO");
        collected.Amount.Should().Be(40.00m);
        collected.RemainingAmount.Should().Be(0m);
        collected.ClaimId.Should().Be(Pcn20);
        collected.PayerClaimNumber.Should().Be(Icn19);
        collected.RelatedEventId.Should().Be(opened.EventId);
        collected.Note.Should().Contain("FB receivable collected by WO");
    }

    [Test]
    public void S20_Medicare_WO_without_a_prior_negative_is_a_provider_level_recoupment_of_the_claim()
    {
        // §8's DirectRecoupment (mode PLBOnly) is ClaimRecoupment with mode ProviderLevel in DESIGN §4.4 and docs/matching.md.
        var run = S20.Run();
        var recoupment = run.Events.Should().ContainSingle().Which.Should().BeOfType<ClaimRecoupment>().Subject;
        recoupment.Mode.Should().Be(RecoupmentMode.ProviderLevel);
        recoupment.Amount.Should().Be(80.00m);
        recoupment.ClaimId.Should().Be(Pcn20);
        recoupment.PayerClaimNumber.Should().Be(Icn19);
        recoupment.OriginalRemittanceTrace.Should().Be("T1");
        recoupment.OriginalPaidAmount.Should().Be(100.00m);
        recoupment.PlbReasonCode.Should().Be("WO");
        recoupment.Confidence.Should().Be(MatchConfidence.High);
        recoupment.RootCause.Should().Be(RootCause.Unknown, "a PLB-only recovery carries no CARCs");
    }

    [Test]
    public void S21_DME_CR7068_reference_is_parsed_and_linked()
    {
        var reference = ReferenceParser.Parse("00" + AdjustmentCcn17 + Mbi);
        reference.Format.Should().Be("DmeRac");
        reference.Tokens.Should().Equal(AdjustmentCcn17, Mbi);

        var run = S21.Run();
        run.Diagnostics.Should().BeEmpty();
        run.Single<ClaimRecoupment>().Mode.Should().Be(RecoupmentMode.Deferred);
        var created = run.Single<ForwardBalanceCreated>();
        created.ClaimId.Should().Be("DME-PCN-1");
        created.PayerClaimNumber.Should().Be(Ccn17);
        var opened = run.Single<ReceivableOpened>();
        opened.Amount.Should().Be(70.00m);
        opened.PayerClaimNumber.Should().Be(Ccn17);
        var collected = run.Single<RecoupmentCollected>();
        collected.Amount.Should().Be(70.00m);
        collected.PayerClaimNumber.Should().Be(Ccn17);
        collected.RelatedEventId.Should().Be(opened.EventId);
        run.Single<RecoupmentCompleted>().Amount.Should().Be(70.00m);
    }

    [Test]
    public void S22_Anthem_reference_tokens_link_the_claim_by_account_and_date_of_service()
    {
        var reference = ReferenceParser.Parse("PTACCT123 20240115 CLM98765");
        reference.Format.Should().Be("Tokens");
        reference.ServiceDate.Should().Be(Remit.Day("2024-01-15"));
        reference.Tokens.Should().Contain(["PTACCT123", "CLM98765"]);

        var run = S22.Run();
        var recoupment = run.Events.Should().ContainSingle().Which.Should().BeOfType<ClaimRecoupment>().Subject;
        recoupment.Mode.Should().Be(RecoupmentMode.ProviderLevel);
        recoupment.Amount.Should().Be(37.50m);
        recoupment.ClaimId.Should().Be("PTACCT123");
        recoupment.PayerClaimNumber.Should().Be("2402600031", "of the two claims of PTACCT123, the one with DOS 2024-01-15");
        recoupment.OriginalRemittanceTrace.Should().Be("T1");
    }

    // ---- Refunds, write-offs, affiliated providers --------------------------------------------------------------

    [Test]
    public void S23_Refund_acknowledgement_closes_the_receivable_without_cash_recoupment()
    {
        S23.Documents[2].Total.Should().Be(200m, "WO +100 and 72 -100 net to zero");
        var run = S23.Run();
        var opened = run.Single<ReceivableOpened>();
        var refund = run.In("T3").Should().ContainSingle().Which.Should().BeOfType<RefundAcknowledged>().Subject;
        refund.Amount.Should().Be(100.00m);
        refund.PlbReasonCode.Should().Be("72");
        refund.PlbReference.Should().Be(IcnA);
        refund.PayerClaimNumber.Should().Be(IcnA);
        refund.RemainingAmount.Should().Be(0m);
        refund.Confidence.Should().Be(MatchConfidence.High);
        refund.RelatedEventId.Should().Be(opened.EventId);
        refund.Note.Should().Contain("satisfied the receivable");
        refund.Family.Should().Be(EventFamily.Refund);
        run.All<RecoupmentCollected>().Should().BeEmpty("no cash was recouped");
        run.All<RecoupmentCompleted>().Should().BeEmpty();
        run.Ledger.AllOpenReceivables().Should().BeEmpty("the receivable is closed as satisfied by the provider's check");
        run.Diagnostics.Should().BeEmpty();

        var withoutReceivable = S23b.Run();
        var alone = withoutReceivable.Events.Should().ContainSingle().Which.Should().BeOfType<RefundAcknowledged>().Subject;
        alone.Amount.Should().Be(100.00m);
        alone.PayerClaimNumber.Should().Be(IcnA);
        alone.OriginalRemittanceTrace.Should().Be("T1");
        alone.Confidence.Should().Be(MatchConfidence.High);
    }

    [Test]
    public void S24_Unsolicited_refund_B2_applies_to_an_open_forward_balance_when_the_reference_links()
    {
        var run = S24.Run();
        var fb = run.Single<ReceivableOpened>();
        var applied = run.In("T4").Should().ContainSingle().Which.Should().BeOfType<UnsolicitedRefundApplied>().Subject;
        applied.Amount.Should().Be(250.00m);
        applied.RemainingAmount.Should().Be(50.00m);
        applied.RelatedEventId.Should().Be(fb.EventId);
        run.Ledger.AllOpenReceivables().Should().ContainSingle().Which.Remaining.Should().Be(50.00m);

        var check = run.In("T5").Should().ContainSingle().Which.Should().BeOfType<UnsolicitedRefundApplied>().Subject;
        check.Amount.Should().Be(40.00m);
        check.PlbReference.Should().Be("CHK88812");
        check.RelatedEventId.Should().BeNull();
        check.RemainingAmount.Should().BeNull();
    }

    [Test]
    public void S25_Payer_write_off_closes_the_receivable()
    {
        var run = S25.Run();
        var opened = run.Single<ReceivableOpened>();
        var writtenOff = run.In("T3").Should().ContainSingle().Which.Should().BeOfType<ReceivableWrittenOff>().Subject;
        writtenOff.Amount.Should().Be(40.00m);
        writtenOff.PlbReasonCode.Should().Be("CS");
        writtenOff.RemainingAmount.Should().Be(0m);
        writtenOff.PayerClaimNumber.Should().Be(IcnA);
        writtenOff.RelatedEventId.Should().Be(opened.EventId);
        run.All<RecoupmentCollected>().Should().BeEmpty();
        run.Ledger.AllOpenReceivables().Should().BeEmpty();
    }

    [TestCase("WO")]
    [TestCase("OB")]
    public void S26_Affiliated_provider_offset(string code)
    {
        var run = (code == "WO" ? S26 : S26b).Run();
        var opened = run.Single<ReceivableOpened>();
        opened.ProviderId.Should().Be(Remit.Npi1);
        TypesOf(run.In("T3")).Should().Equal("RecoupmentCollected", "AffiliatedOffset", "RecoupmentCompleted");
        var collected = run.Single<RecoupmentCollected>();
        collected.Amount.Should().Be(80.00m);
        collected.ProviderId.Should().Be(Remit.Npi2);
        collected.RelatedEventId.Should().Be(opened.EventId);
        var offset = run.Single<AffiliatedOffset>();
        offset.FromProvider.Should().Be(Remit.Npi2);
        offset.ForProvider.Should().Be(Remit.Npi1);
        offset.Amount.Should().Be(80.00m);
        offset.PayerClaimNumber.Should().Be(IcnA);
        offset.PlbReasonCode.Should().Be(code);
        offset.Family.Should().Be(EventFamily.Offset);
    }

    // ---- Unmatched ----------------------------------------------------------------------------------------------

    [Test]
    public void S27_Orphan_recoupment_is_linked_when_the_2023_835_is_backfilled()
    {
        var run = S27.Run();
        var unmatched = run.In("T5").Should().ContainSingle().Which.Should().BeOfType<UnmatchedRecoupment>().Subject;
        unmatched.Reason.Should().Be(UnmatchedReason.OriginalNotInLedger);
        unmatched.Amount.Should().Be(75.00m);
        unmatched.Mode.Should().Be(RecoupmentMode.ProviderLevel);
        unmatched.PlbReference.Should().Be(Icn2023);
        var linked = run.In("T0").Should().ContainSingle().Which.Should().BeOfType<RecoupmentLinked>().Subject;
        linked.RelatedEventId.Should().Be(unmatched.EventId);
        linked.Amount.Should().Be(75.00m);
        linked.PayerClaimNumber.Should().Be(Icn2023);
        linked.ClaimId.Should().Be("PCN-2023");
        linked.OriginalRemittanceTrace.Should().Be("T0");

        // In processing order (payment date) the 2023 claim is known first: a provider-level recoupment of it.
        var sorted = S27.Run(sort: true);
        sorted.Events.Should().ContainSingle().Which.Should().BeOfType<ClaimRecoupment>().Which.PayerClaimNumber.Should().Be(Icn2023);
    }

    [Test]
    public void S28_Unparseable_reference_is_unmatched_and_the_fallback_only_proposes()
    {
        var run = S28.Run();
        var unmatched = run.In("T3").Should().ContainSingle().Which.Should().BeOfType<UnmatchedRecoupment>().Subject;
        unmatched.Reason.Should().Be(UnmatchedReason.ReferenceUnparseable);
        unmatched.Amount.Should().Be(60.00m);
        unmatched.PlbReasonCode.Should().Be("WU");
        unmatched.ClaimId.Should().BeNull();
        unmatched.Confidence.Should().Be(MatchConfidence.None);

        var fuzzy = S28.Run(options: RecoupmentOptions.Default with { LowConfidenceFallback = true });
        var proposed = fuzzy.In("T3").Should().ContainSingle().Which.Should().BeOfType<UnmatchedRecoupment>().Subject;
        proposed.Confidence.Should().Be(MatchConfidence.Low);
        proposed.ClaimId.Should().Be("PCN-K");
        proposed.PayerClaimNumber.Should().Be(IcnK);
        proposed.OriginalPaidAmount.Should().Be(60.00m);
        proposed.OriginalRemittanceTrace.Should().Be("T1");
        fuzzy.Ledger.AllOpenReceivables().Should().ContainSingle().Which.Remaining.Should().Be(60.00m, "a Low-confidence match never closes a receivable");
        fuzzy.All<RecoupmentCollected>().Should().BeEmpty();
    }

    // ---- Order, duplicates, trace numbers -----------------------------------------------------------------------

    [Test]
    public void S29_Correction_before_its_reversal_is_linked_with_one_recoupment()
    {
        var run = S29.Run(completeAsOf: Remit.Day("2026-12-31"));
        run.In("T2").Should().BeEmpty("a claim whose REF*F8 names the claim it replaces is not a duplicate payment");
        TypesOf(run.In("T3")).Should().Equal("ClaimReversed", "ClaimCorrected", "ClaimRecoupment", "CrossClaimOffset");

        // The same claim events as scenario 1: one reversal, one correction, one recoupment of the delta.
        var scenario1 = S01.Run();
        static object Shape(RecoupmentEvent e) => new
        {
            e.EventType, e.ClaimId, e.PayerClaimNumber, e.OriginalPayerClaimNumber, e.OriginalRemittanceTrace, e.OriginalPaidAmount, e.Amount, e.Mode,
            e.Confidence, e.RootCause,
        };
        run.Events.Where(e => e is not CrossClaimOffset).Select(Shape).Should().Equal(scenario1.Events.Where(e => e is not CrossClaimOffset).Select(Shape));
        run.Single<ClaimCorrected>().Delta.Should().Be(-40.00m);
        run.Single<ClaimRecoupment>().Mode.Should().Be(RecoupmentMode.Immediate);
        run.Completed.Should().BeEmpty("no full takeback follows: the reversal has its correction");
        // docs/matching.md: the offset is what the reversal's remittance netted. Here that is the whole reversal (100),
        // funded by the 150 of that remittance, because the correction's 60 was paid in the earlier remittance.
        run.Single<CrossClaimOffset>().Amount.Should().Be(100.00m);
    }

    [Test]
    public void S29_Reversal_first_and_correction_in_a_later_835_also_give_one_recoupment()
    {
        var run = S29b.Run(completeAsOf: Remit.Day("2026-12-31"));
        TypesOf(run.In("T2")).Should().Equal("ClaimReversed", "CrossClaimOffset");
        TypesOf(run.In("T3")).Should().Equal("ClaimCorrected", "ClaimRecoupment");
        var corrected = run.Single<ClaimCorrected>();
        corrected.PayerClaimNumber.Should().Be(IcnB);
        corrected.Delta.Should().Be(-40.00m);
        corrected.RelatedEventId.Should().Be(run.Single<ClaimReversed>().EventId);
        var recoupment = run.Single<ClaimRecoupment>();
        recoupment.Amount.Should().Be(40.00m);
        recoupment.Mode.Should().Be(RecoupmentMode.Immediate);
        recoupment.OriginalPayerClaimNumber.Should().Be(IcnA);
        run.All<PossibleDuplicatePayment>().Should().BeEmpty();
        run.Completed.Should().BeEmpty();
    }

    [Test]
    public void S29_Files_arriving_in_reverse_order_give_the_same_events_in_processing_order()
    {
        foreach (var scenario in new[] { S29, S29b })
        {
            var arrival = scenario.Run(completeAsOf: Remit.Day("2026-12-31"));
            var reversed = scenario.Run(order: [2, 1, 0], completeAsOf: Remit.Day("2026-12-31"), sort: true);
            reversed.Rows.Should().Equal(arrival.Rows, scenario.Name);
        }
    }

    [Test]
    public void S30_Duplicate_file_ingestion_repeats_nothing()
    {
        var run = S30.Run();
        var ignored = run.ByDocument[2].Events.Should().ContainSingle().Which.Should().BeOfType<DuplicateRemittanceIgnored>().Subject;
        ignored.Amount.Should().Be(260.00m, "the amount is BPR02");
        ignored.RemittanceTrace.Should().Be("T2");
        run.Rows.Take(run.Events.Count - 1).Should().Equal(S01.Run().Rows);
    }

    [Test]
    public void S31_Trace_number_reused_with_other_content_is_flagged_and_processed_apart()
    {
        S31.Documents[1].Trace.Should().Be(S31.Documents[2].Trace);
        var run = S31.Run();
        var diagnostic = run.Diagnostics.Should().ContainSingle().Subject;
        diagnostic.Code.Should().Be(DiagnosticCodes.TraceNumberReused);
        diagnostic.Severity.Should().Be(DiagnosticSeverity.Warning);

        run.ByDocument[1].Events.Should().OnlyContain(e => e.Note == null || !e.Note.Contains("TraceNumberReused"));
        var second = run.ByDocument[2].Events;
        TypesOf(second).Should().Equal("ClaimReversed", "ClaimCorrected", "ClaimRecoupment", "CrossClaimOffset");
        second.Should().OnlyContain(e => e.Note != null && e.Note.EndsWith("TraceNumberReused.", StringComparison.Ordinal));
        second.OfType<ClaimRecoupment>().Single().PayerClaimNumber.Should().Be(IcnC);
        second.OfType<ClaimRecoupment>().Single().Amount.Should().Be(20.00m);
        run.All<DuplicateRemittanceIgnored>().Should().BeEmpty();
        S31.Documents[1].Document().DocumentId.Should().NotBe(S31.Documents[2].Document().DocumentId);
    }

    [Test]
    public void S32_Duplicate_payment_is_flagged_when_paid_and_its_reversal_has_root_cause_Duplicate()
    {
        var run = S32.Run();
        var duplicate = run.In("T2").Should().ContainSingle().Which.Should().BeOfType<PossibleDuplicatePayment>().Subject;
        duplicate.Amount.Should().Be(120.00m);
        duplicate.PayerClaimNumber.Should().Be(IcnC);
        duplicate.OriginalPayerClaimNumber.Should().Be(IcnA);
        duplicate.OriginalRemittanceTrace.Should().Be("T1");
        duplicate.RootCause.Should().Be(RootCause.Duplicate);

        var recoupment = run.Single<ClaimRecoupment>();
        recoupment.PayerClaimNumber.Should().Be(IcnC);
        recoupment.OriginalRemittanceTrace.Should().Be("T2");
        recoupment.Amount.Should().Be(120.00m);
        recoupment.Mode.Should().Be(RecoupmentMode.Immediate);
        recoupment.RootCause.Should().Be(RootCause.Duplicate);
        recoupment.CarcCodes.Should().Contain("CO-18");
        run.Single<ClaimReversed>().PayerClaimNumber.Should().Be(IcnC);
    }

    [Test]
    public void S33_Negative_payment_without_reversal_is_a_net_delta_recoupment()
    {
        var run = S33.Run();
        run.ReaderDiagnostics.Should().BeEmpty();
        TypesOf(run.In("T2")).Should().Equal("ClaimRecoupment", "CrossClaimOffset");
        var recoupment = run.Single<ClaimRecoupment>();
        recoupment.Mode.Should().Be(RecoupmentMode.NetDelta);
        recoupment.Amount.Should().Be(30.00m);
        recoupment.Confidence.Should().Be(MatchConfidence.Medium);
        recoupment.OriginalPayerClaimNumber.Should().Be(IcnA);
        recoupment.OriginalRemittanceTrace.Should().Be("T1");
        recoupment.OriginalPaidAmount.Should().Be(100.00m);
        run.Single<CrossClaimOffset>().Amount.Should().Be(30.00m);
    }

    [Test]
    public void S34_Reversal_correction_and_WO_deferral_count_the_recoupment_once()
    {
        var run = S34.Run();
        var recoupment = run.Single<ClaimRecoupment>();
        recoupment.Mode.Should().Be(RecoupmentMode.Deferred);
        recoupment.Amount.Should().Be(40.00m);
        run.Single<ReceivableOpened>().Amount.Should().Be(40.00m);
        run.All<CrossClaimOffset>().Should().BeEmpty("the deferred takeback was not netted in its remittance");
        run.Single<RecoupmentCollected>().Amount.Should().Be(40.00m);
        run.Single<RecoupmentCompleted>().Amount.Should().Be(40.00m);
        run.All<ClaimRecoupment>().Sum(e => e.Amount).Should().Be(100m - 60m, "the net delta, exactly once");
    }

    // ---- Provider-level pass-through, PIP, balancing ------------------------------------------------------------

    [Test]
    public void S35_Interest_levy_and_zero_balancing_pass_through_uncategorised_by_claim()
    {
        var run = S35.Run();
        run.Events.Should().AllBeOfType<ProviderLevelAdjustment>();
        run.All<ProviderLevelAdjustment>().Select(e => (e.PlbReasonCode, e.Category, e.Mode, e.Amount)).Should().Equal(
            ("L6", "Interest", RecoupmentMode.Increase, 12.34m),
            ("IR", "Withholding", RecoupmentMode.Decrease, 50.00m),
            ("J1", "ZeroBalancing", RecoupmentMode.Decrease, 25.00m),
            ("J1", "ZeroBalancing", RecoupmentMode.Increase, 25.00m));
        run.All<ProviderLevelAdjustment>().Should().OnlyContain(e => e.Family == EventFamily.Adjustment);
    }

    [Test]
    public void S36_Periodic_interim_and_accelerated_payments_pair_as_receivables_to_completion()
    {
        var pip = S36.Run();
        var opened = pip.Single<ReceivableOpened>();
        opened.PlbReasonCode.Should().Be("PI");
        opened.Amount.Should().Be(10000.00m);
        pip.All<RecoupmentCollected>().Select(c => (c.Amount, c.RemainingAmount)).Should().Equal(
            (2000m, (decimal?)8000m), (2000m, (decimal?)6000m), (2000m, (decimal?)4000m), (2000m, (decimal?)2000m), (2000m, (decimal?)0m));
        pip.All<RecoupmentCollected>().Should().OnlyContain(c => c.RelatedEventId == opened.EventId && c.PlbReasonCode == "PI");
        var completed = pip.Single<RecoupmentCompleted>();
        completed.Amount.Should().Be(10000.00m);
        completed.RemittanceTrace.Should().Be("T6");

        var aap = S36b.Run();
        aap.Single<ReceivableOpened>().Amount.Should().Be(50000.00m);
        aap.All<RecoupmentCollected>().Select(c => c.RemainingAmount).Should().Equal(25000m, 0m);
        aap.Single<RecoupmentCompleted>().Amount.Should().Be(50000.00m);
    }

    [Test]
    public void S37_Balancing_failure_is_reported_and_pairing_still_runs()
    {
        var run = S37.Run();
        run.ReaderDiagnostics.Should().ContainSingle(d => d.Code == DiagnosticCodes.TransactionUnbalanced);
        var t2 = run.In("T2");
        var error = t2[0].Should().BeOfType<BalancingError>().Subject;
        error.Amount.Should().Be(10.00m);
        TypesOf(t2).Should().Equal("BalancingError", "ClaimReversed", "ClaimCorrected", "ClaimRecoupment", "CrossClaimOffset");
        t2.Should().OnlyContain(e => e.Note != null && e.Note.EndsWith("FromUnbalancedDocument.", StringComparison.Ordinal));
        run.Single<ClaimRecoupment>().Amount.Should().Be(40.00m);
    }

    [Test]
    public void S38_Two_PLB_segments_with_six_and_three_adjustments_are_all_read_and_balanced()
    {
        var remittance = S38.Documents[0].Read();
        remittance.ProviderAdjustments.Should().HaveCount(9);
        remittance.ProviderAdjustments.Select(a => a.SegmentNumber).Should().Equal(1, 1, 1, 1, 1, 1, 2, 2, 2);
        remittance.ProviderAdjustments.Select(a => a.Position).Should().Equal(1, 2, 3, 4, 5, 6, 1, 2, 3);
        remittance.End.IsBalanced.Should().BeTrue();
        remittance.Header.Payment.TotalPaymentAmount.Should().Be(2000m + 1.11m + 2.22m + 3.33m - 4.44m - 5.55m - 6.66m - 7.77m + 7.77m - 8.88m);

        var run = S38.Run();
        run.ReaderDiagnostics.Should().BeEmpty();
        run.All<BalancingError>().Should().BeEmpty();
        run.All<ProviderLevelAdjustment>().Select(e => e.PlbReasonCode).Should().Equal("L6", "CV", "CT", "E3", "IR", "LE", "J1", "J1", "50");
    }

    [Test]
    public void S39_Recoupment_outside_the_New_York_lookback_is_flagged()
    {
        var run = S39.Run();
        var recoupment = run.Single<ClaimRecoupment>();
        recoupment.Amount.Should().Be(40.00m);
        recoupment.OriginalRemittanceTrace.Should().Be("T1");
        recoupment.LookbackViolation.Should().Be("RecoupmentOutsideLookback: NY allows 730 days after payment");
        recoupment.Note.Should().Contain("RecoupmentOutsideLookback: NY");

        S39.Run(options: RecoupmentOptions.Default).Single<ClaimRecoupment>().LookbackViolation.Should().BeNull("no jurisdiction is configured for the payer");
    }

    [Test]
    public void S40_Appeal_won_pays_the_recoupment_back_with_appeal_interest()
    {
        var run = S40.Run();
        var recoupment = run.Single<ClaimRecoupment>();
        recoupment.Mode.Should().Be(RecoupmentMode.Deferred);
        recoupment.Amount.Should().Be(100.00m);
        recoupment.RootCause.Should().Be(RootCause.MedicalNecessity);
        run.Single<RecoupmentCompleted>().RemittanceTrace.Should().Be("T3");

        TypesOf(run.In("T4")).Should().Equal("ClaimReversed", "ClaimCorrected", "ClaimAdditionalPayment", "ProviderLevelAdjustment");
        var extra = run.Single<ClaimAdditionalPayment>();
        extra.Amount.Should().Be(100.00m);
        extra.PayerClaimNumber.Should().Be("2602000103");
        // The link to the earlier recoupment: the denial A1 it reverses is the claim that recoupment is about
        // (related_event_id points to this remittance's ClaimReversed of A1; see docs/matching.md).
        extra.OriginalPayerClaimNumber.Should().Be(recoupment.PayerClaimNumber);
        extra.Note.Should().Contain("RecoupmentReversedOnAppeal");
        run.ById(extra.RelatedEventId).Should().BeOfType<ClaimReversed>().Which.PayerClaimNumber.Should().Be("2521600102");

        var interest = run.Single<ProviderLevelAdjustment>();
        interest.PlbReasonCode.Should().Be("L6");
        interest.Category.Should().Be("Interest");
        interest.Amount.Should().Be(3.10m);
        interest.PayerClaimNumber.Should().Be(IcnA);
        interest.Note.Should().Contain("AppealInterest");
    }
}
