using Recoupment.Detection.Cases;

namespace Recoupment.Detection.Tests.Reporting;

/// <summary>The case statuses: names, parsing and the transition table of docs/cases.md.</summary>
public sealed class CaseStatusTests
{
    private static readonly (CaseStatus From, CaseStatus[] To)[] Table =
    [
        (CaseStatus.New, [CaseStatus.InReview, CaseStatus.Accepted, CaseStatus.Disputed, CaseStatus.Appealed, CaseStatus.WrittenOff]),
        (CaseStatus.InReview, [CaseStatus.Accepted, CaseStatus.Disputed, CaseStatus.Appealed, CaseStatus.WrittenOff]),
        (CaseStatus.Disputed, [CaseStatus.InReview, CaseStatus.Accepted, CaseStatus.Appealed, CaseStatus.Won, CaseStatus.Lost, CaseStatus.WrittenOff]),
        (CaseStatus.Appealed, [CaseStatus.Won, CaseStatus.Lost, CaseStatus.WrittenOff]),
        (CaseStatus.Lost, [CaseStatus.Appealed]),
        (CaseStatus.Accepted, []),
        (CaseStatus.Won, []),
        (CaseStatus.WrittenOff, []),
    ];

    [Test]
    public void EveryPairOfStatuses_IsAllowedExactlyAsTheDocumentedTableSays()
    {
        Table.Select(t => t.From).Should().BeEquivalentTo(Enum.GetValues<CaseStatus>());
        foreach (var (from, to) in Table)
        {
            foreach (var target in Enum.GetValues<CaseStatus>())
            {
                CaseStatuses.CanChange(from, target).Should().Be(to.Contains(target), $"{from} -> {target}");
            }
        }
        Enum.GetValues<CaseStatus>().Should().OnlyContain(s => !CaseStatuses.CanChange(s, s), "a status never changes to itself");
        Enum.GetValues<CaseStatus>().Should().OnlyContain(s => !CaseStatuses.CanChange(s, CaseStatus.New), "no case goes back to new");
    }

    [Test]
    public void ClosedStatuses_AreAcceptedWonLostAndWrittenOff()
    {
        Enum.GetValues<CaseStatus>().Where(CaseStatuses.IsClosed).Should().Equal(CaseStatus.Accepted, CaseStatus.Won, CaseStatus.Lost, CaseStatus.WrittenOff);
    }

    [TestCase("in_review", CaseStatus.InReview)]
    [TestCase("In-Review", CaseStatus.InReview)]
    [TestCase("in review", CaseStatus.InReview)]
    [TestCase("WRITTEN_OFF", CaseStatus.WrittenOff)]
    [TestCase("appealed", CaseStatus.Appealed)]
    public void TryParse_ReadsTheNamesInAnySpelling(string text, CaseStatus expected)
    {
        CaseStatuses.TryParse(text, out var status).Should().BeTrue();
        status.Should().Be(expected);
    }

    [TestCase("")]
    [TestCase("appeal")]
    [TestCase("closed")]
    public void TryParse_RefusesWhatNamesNoStatus(string text) => CaseStatuses.TryParse(text, out _).Should().BeFalse();

    [Test]
    public void Names_RoundTrip() =>
        CaseStatuses.Names.Select(n => CaseStatuses.TryParse(n, out var s) ? s : (CaseStatus?)null).Should().Equal(Enum.GetValues<CaseStatus>().Cast<CaseStatus?>());

    [Test]
    public void CaseIds_AreDerivedFromTheOpeningEvent_AndStable()
    {
        CaseIds.For("EV0c499e2ae3fb4179").Should().Be("CS0c499e2ae3fb4179");
        CaseIds.For("EV0c499e2ae3fb4179").Should().Be(CaseIds.For("EV0c499e2ae3fb4179"));
        CaseIds.For("EV0000000000000001").Should().NotBe(CaseIds.For("EV0000000000000002"));
    }
}
