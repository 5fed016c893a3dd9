using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using static Recoupment.Detection.Tests.Matching.Scenarios;

namespace Recoupment.Detection.Tests.Matching;

/// <summary>
/// The root cause of a takeback, rule by rule. A reversal mirrors its original's adjudication, so without a correction
/// only what the reversal adds can explain the money taken back; otherwise the cause stays Unknown.
/// </summary>
public sealed class RootCauseClassifierTests
{
    private static readonly PartitionKey P = new("PAYER", "TIN");

    private static LedgerClaim Claim(string status, decimal paid, AdjustmentAmount[] adjustments, string[]? remarks = null, string? patient = "M1",
        string? correctedPatient = null, bool priorityPayer = false) => new()
    {
        Partition = P,
        DocumentId = "D",
        PatientControlNumber = "PCN-1",
        PayerClaimNumber = "ICN1",
        StatusCode = status,
        Charge = status == "22" ? -200 : 200,
        Paid = paid,
        Adjustments = adjustments,
        RemarkCodes = remarks ?? [],
        PatientId = patient,
        CorrectedPatientId = correctedPatient,
        HasCorrectedPriorityPayer = priorityPayer,
    };

    private static LedgerClaim Original(string[]? remarks = null) =>
        Claim("1", 120, [new("CO", "45", 60), new("PR", "2", 20)], remarks);

    private static LedgerClaim Mirror(AdjustmentAmount[]? extra = null, string[]? remarks = null, string? correctedPatient = null, bool priorityPayer = false) =>
        Claim("22", -120, [new("CO", "45", -60), new("PR", "2", -20), .. extra ?? []], remarks, correctedPatient: correctedPatient, priorityPayer: priorityPayer);

    [Test]
    public void AReversalThatOnlyMirrorsItsOriginal_SaysNothing_SoTheCauseIsUnknown()
    {
        var (cause, carcs) = RootCauseClassifier.Classify(Original(), Mirror(), correction: null);

        cause.Should().Be(RootCause.Unknown);
        carcs.Should().Equal("CO-45", "PR-2");
    }

    [Test]
    public void AReversalThatAddsACarc_TakesItsCategory()
    {
        var (cause, carcs) = RootCauseClassifier.Classify(Original(), Mirror([new("CO", "22", 0)]), correction: null);

        cause.Should().Be(RootCause.CoordinationOfBenefits, "CARC 22: another payer is primary");
        carcs.Should().Equal("CO-22");
    }

    [Test]
    public void AReversalThatAddsACarcWhichExplainsNothing_StaysUnknown()
    {
        RootCauseClassifier.Classify(Original(), Mirror([new("CO", "253", 0)]), correction: null).Cause.Should().Be(RootCause.Unknown, "sequestration is no cause");
    }

    [Test]
    public void WithoutTheOriginal_OnlyAnAdjustmentThatIsNotAMirroredOne_Counts()
    {
        RootCauseClassifier.Classify(null, Mirror(), correction: null).Cause.Should().Be(RootCause.Unknown, "negated CO-45 is the original's fee schedule, mirrored");
        var (cause, carcs) = RootCauseClassifier.Classify(null, Mirror([new("CO", "27", 15), new("CO", "45", 15)]), correction: null);
        cause.Should().Be(RootCause.Eligibility, "CARC 27, with a positive amount, is the reversal's own: coverage had ended");
        carcs.Should().Equal("CO-27");
    }

    [TestCase("MA67", RootCause.PayerReprocessing)]
    [TestCase("N432", RootCause.Documentation)]
    [TestCase("MA04", RootCause.CoordinationOfBenefits)]
    public void AReversalThatAddsARemarkCode_TakesItsCategory(string remark, RootCause expected)
    {
        RootCauseClassifier.Classify(Original(), Mirror(remarks: [remark]), correction: null).Cause.Should().Be(expected);
    }

    [Test]
    public void ARemarkTheOriginalAlreadyCarried_OrThatCannotBeToldFromIt_SaysNothing()
    {
        RootCauseClassifier.Classify(Original(["MA67"]), Mirror(remarks: ["MA67"]), correction: null).Cause.Should().Be(RootCause.Unknown);
        RootCauseClassifier.Classify(null, Mirror(remarks: ["MA67"]), correction: null).Cause.Should().Be(RootCause.Unknown,
            "without the original, a remark on the reversal may be the original's, repeated");
    }

    [Test]
    public void AReversalNamingAnotherPriorityPayer_IsCoordinationOfBenefits()
    {
        RootCauseClassifier.Classify(Original(), Mirror(priorityPayer: true), correction: null).Cause.Should().Be(RootCause.CoordinationOfBenefits);
    }

    [Test]
    public void AReversalWithACorrectedPatientId_IsEligibility()
    {
        RootCauseClassifier.Classify(Original(), Mirror(correctedPatient: "M2"), correction: null).Cause.Should().Be(RootCause.Eligibility);
        RootCauseClassifier.Classify(Original(), Mirror(correctedPatient: "m-1"), correction: null).Cause.Should().Be(RootCause.Unknown,
            "the same ID, written differently, corrects nothing");
    }

    [Test]
    public void ADuplicateCode_StillWinsFirst()
    {
        RootCauseClassifier.Classify(Original(), Mirror([new("OA", "18", 0)]), correction: null).Cause.Should().Be(RootCause.Duplicate);
    }

    [Test]
    public void WithACorrection_TheGrownCarcIsTheCause_AsBefore()
    {
        var correction = Claim("1", 80, [new("CO", "45", 100), new("PR", "2", 20)]);

        var (cause, carcs) = RootCauseClassifier.Classify(Original(), Mirror(), correction);

        cause.Should().Be(RootCause.FeeSchedule);
        carcs.Should().Equal("CO-45");
    }

    [Test]
    public void EndToEnd_AFullTakebackWhoseReversalCarriesAnAuditRemark_IsDocumentation()
    {
        // 835 text: A is paid, then reversed with MOA N432 (adjustment from a recovery audit) and no correction.
        var scenario = new Scenario("audit-takeback",
            Remit.From(P1, "T1", "2026-01-15").Paid(A),
            Remit.From(P1, "T2", "2026-02-12").Correction(A.Reversal() with { Remarks = ["N432"] }).Paid(Other("2604300201", 300)));

        var run = scenario.Run(options: RecoupmentOptions.Default with { ImmediateFullTakeback = true });

        var takeback = run.Single<ClaimRecoupment>();
        takeback.Mode.Should().Be(RecoupmentMode.FullTakeback);
        takeback.RootCause.Should().Be(RootCause.Documentation);
    }

    [Test]
    public void EndToEnd_AFullTakebackThatOnlyMirrorsTheOriginal_StaysUnknown()
    {
        var scenario = new Scenario("plain-takeback",
            Remit.From(P1, "T1", "2026-01-15").Paid(A),
            Remit.From(P1, "T2", "2026-02-12").Reversal(A).Paid(Other("2604300201", 300)));

        var run = scenario.Run(options: RecoupmentOptions.Default with { ImmediateFullTakeback = true });

        run.Single<ClaimRecoupment>().RootCause.Should().Be(RootCause.Unknown);
    }
}
