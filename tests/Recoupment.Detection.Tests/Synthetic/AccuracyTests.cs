using System.Globalization;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Synthetic;

namespace Recoupment.Detection.Tests.Synthetic;

/// <summary>
/// The engine against the generator's answer key on a corpus of more than 50,000 claims: every determinable row of
/// the answer key must be found (recall 100%), and every Recoupment, Refund, Offset and Adjustment event the engine
/// emits must be in it (precision 100%). Events match on type, mode, claim, PLB code and reference, amount and trace.
/// </summary>
[Category("Synthetic")]
public class AccuracyTests
{
    /// <summary>The full comparison, printed per event type; it fails only if the comparison could not run.</summary>
    [Test]
    public async Task AccuracyTable_PerEventType()
    {
        var corpus = await SyntheticCorpus.GetAsync();
        var s = corpus.Summary;
        var i = CultureInfo.InvariantCulture;
        TestContext.Out.WriteLine(string.Create(i,
            $"Corpus: {s.Files.Count:N0} files, {s.Bytes / 1e6:N1} MB, {s.Transactions:N0} remittances ({s.ResentFiles} resent files), {s.NewClaims:N0} new claims, {s.Claims:N0} claim loops, {s.ServiceLines:N0} lines, {s.ProviderAdjustments:N0} PLB pairs, {s.FirstDate:yyyy-MM-dd}..{s.LastDate:yyyy-MM-dd}."));
        TestContext.Out.WriteLine(string.Create(i,
            $"Generated in {corpus.Generation.TotalSeconds:N1} s; scanned in {corpus.Scanning.TotalSeconds:N1} s ({s.Bytes / 1e6 / corpus.Scanning.TotalSeconds:N1} MB/s); {corpus.Scan.Events.Count:N0} engine events, {corpus.AnswerKey.Count:N0} answer-key rows."));
        TestContext.Out.WriteLine();
        TestContext.Out.WriteLine(corpus.Report.ToMarkdown());
        WriteExamples(corpus.Report);

        corpus.AnswerKey.Should().NotBeEmpty();
        corpus.Report.Types.Should().NotBeEmpty();
    }

    /// <summary>The assertion: precision and recall 100% on every determinable row.</summary>
    [Test]
    public async Task Engine_FindsEveryDeterminableEvent_AndNothingElse()
    {
        var corpus = await SyntheticCorpus.GetAsync();
        corpus.Summary.NewClaims.Should().BeGreaterThanOrEqualTo(50_000);
        corpus.Scan.ReadErrors.Should().BeEmpty();
        WriteExamples(corpus.Report);

        corpus.Report.Missed.Select(AnswerKey.MatchKey).Should().BeEmpty("every determinable event of the answer key must be found (recall 100%)");
        corpus.Report.Unexpected.Select(AnswerKey.MatchKey).Should().BeEmpty("every event the engine emits must be in the answer key (precision 100%)");
    }

    /// <summary>The corpus exercises every story: each event type of the answer-key families, and each mode that matters.</summary>
    [Test]
    public async Task AnswerKey_CoversEveryStory()
    {
        var corpus = await SyntheticCorpus.GetAsync();
        var types = corpus.AnswerKey.Select(r => r.EventType).ToHashSet();
        types.Should().Contain(
        [
            nameof(ClaimReversed), nameof(ClaimCorrected), nameof(ClaimRecoupment), nameof(ClaimAdditionalPayment), nameof(ReceivableOpened),
            nameof(RecoupmentCollected), nameof(RecoupmentCompleted), nameof(RecoupmentOverCollected), nameof(ForwardBalanceCreated),
            nameof(ForwardBalanceApplied), nameof(ForwardBalanceRolled), nameof(CrossClaimOffset), nameof(AffiliatedOffset), nameof(RefundAcknowledged),
            nameof(UnsolicitedRefundApplied), nameof(ReceivableWrittenOff), nameof(ProviderLevelAdjustment), nameof(UnmatchedRecoupment),
        ]);
        var recoupmentModes = corpus.AnswerKey.Where(r => r.EventType == nameof(ClaimRecoupment)).Select(r => r.Mode).ToHashSet();
        recoupmentModes.Should().BeEquivalentTo(["Immediate", "FullTakeback", "Deferred", "ProviderLevel", "NetDelta"]);
        var codes = corpus.AnswerKey.Select(r => r.PlbReasonCode).Where(c => c.Length > 0).ToHashSet();
        codes.Should().Contain(["WO", "FB", "OB", "WU", "72", "B2", "CS", "PI", "L6", "IR"]);
        corpus.AnswerKey.Should().Contain(r => !AnswerKey.IsDeterminable(r), "full takebacks near the end of the span cannot be settled");
        // R7 version chain: a correction reversed again later (an appeal), so some ClaimReversed is about an earlier ClaimCorrected.
        var corrected = corpus.AnswerKey.Where(r => r.EventType == nameof(ClaimCorrected))
            .GroupBy(r => r.PayerClaimNumber).ToDictionary(g => g.Key, g => g.Min(r => r.RemittanceDate), StringComparer.Ordinal);
        corpus.AnswerKey.Should().Contain(r => r.EventType == nameof(ClaimReversed) && corrected.ContainsKey(r.PayerClaimNumber)
                                               && string.CompareOrdinal(corrected[r.PayerClaimNumber], r.RemittanceDate) < 0);
        corpus.AnswerKey.Should().OnlyContain(r => r.EventId.Length == 0 && (r.Note == ExpectedEvent.DeterminableNote || r.Note.StartsWith(ExpectedEvent.NotDeterminablePrefix)));
    }

    /// <summary>Resent files are byte-identical copies: the engine ignores each of their remittances, once.</summary>
    [Test]
    public async Task ResentFiles_AreIgnoredAsDuplicates()
    {
        var corpus = await SyntheticCorpus.GetAsync();
        var resent = corpus.Summary.Files.Where(f => f.EndsWith("-resent.835", StringComparison.Ordinal)).ToList();
        resent.Should().NotBeEmpty();
        long resentTransactions = 0;
        foreach (var file in resent) resentTransactions += (await Recoupment.Detection.Validation.FileValidator.ValidateFileAsync(file)).Transactions835;

        corpus.Scan.Remittances.Should().Be((int)corpus.Summary.Transactions);
        corpus.Scan.Events.OfType<DuplicateRemittanceIgnored>().Should().HaveCount((int)resentTransactions);
    }

    private static void WriteExamples(AccuracyReport report)
    {
        foreach (var row in report.Missed.GroupBy(r => r.EventType + "/" + r.Mode).SelectMany(g => g.Take(5)))
        {
            TestContext.Out.WriteLine($"missed:     {AnswerKey.MatchKey(row)} ({row.RemittanceDate}) {row.Note}");
        }
        foreach (var row in report.Unexpected.GroupBy(r => r.EventType + "/" + r.Mode).SelectMany(g => g.Take(5)))
        {
            TestContext.Out.WriteLine($"unexpected: {AnswerKey.MatchKey(row)} ({row.RemittanceDate}) {row.Note}");
        }
    }
}
