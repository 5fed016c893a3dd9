using Recoupment.Detection.Cases;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Reporting;

namespace Recoupment.Detection.Tests.Ledgers;

/// <summary>
/// The case store of the ledger contract (<see cref="ICaseStore"/>) and the <see cref="CaseBook"/> over it, run against
/// every ledger of <see cref="LedgerKinds.All"/> from the one fixture.
/// </summary>
[TestFixtureSource(typeof(LedgerKinds), nameof(LedgerKinds.All))]
public sealed class CaseStoreContractTests(string kind)
{
    private static readonly PartitionKey P1 = new("PAYER1", "TIN1");
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 14, 5, 6, 789, TimeSpan.Zero);

    private LedgerFactory _factory = null!;
    private IClaimLedger _ledger = null!;

    [OneTimeSetUp]
    public void CreateFactory() => _factory = new LedgerFactory(kind);

    [OneTimeTearDown]
    public void DisposeFactory() => _factory?.Dispose();

    [SetUp]
    public void SetUp() => _ledger = _factory.Create();

    [TearDown]
    public void TearDown() => (_ledger as IDisposable)?.Dispose();

    [Test]
    public void AppendCaseEntry_KeepsEveryField_InTheOrderAppended_PerCase()
    {
        _ledger.AllCaseEntries().Should().BeEmpty();
        _ledger.CaseHistory("CS1").Should().BeEmpty();
        var entries = new[]
        {
            Entry("CS1", CaseStatus.InReview, T0, "looking", "ana"),
            Entry("CS2", CaseStatus.Accepted, T0.AddMinutes(1), null, null),
            Entry("CS1", CaseStatus.Appealed, T0.AddMinutes(2), "Filed; \"level 1\", notes attached", "bo"),
            Entry("CS1", CaseStatus.Won, T0.AddDays(40), null, "ana"),
        };

        foreach (var e in entries) _ledger.AppendCaseEntry(e);

        _ledger.CaseHistory("CS1").Should().Equal(entries[0], entries[2], entries[3]);
        _ledger.CaseHistory("CS2").Should().Equal(entries[1]);
        _ledger.CaseHistory("CS9").Should().BeEmpty();
        _ledger.AllCaseEntries().Should().Equal(entries);
    }

    [Test]
    public void CaseEntries_OutlastTheLedgerBeingClosed()
    {
        if (kind is LedgerKinds.InMemory or LedgerKinds.SqliteMemory) Assert.Ignore("Only durable ledgers are reopened.");
        var place = _factory.NewPlace();
        var entry = Entry("CS1", CaseStatus.Disputed, T0, "called the payer", "ana");
        using (var ledger = (IDisposable)_factory.Open(place)) ((IClaimLedger)ledger).AppendCaseEntry(entry);

        using var again = (IDisposable)_factory.Open(place);
        ((IClaimLedger)again).CaseHistory("CS1").Should().Equal(entry);
    }

    [Test]
    public void CaseBook_WalksACaseThroughItsLifecycle_AndTheReportFollows()
    {
        var opened = Receivable("EV00000000000000a1", 250m);
        var clock = new StepClock(T0);
        var book = new CaseBook(_ledger, clock);
        var caseId = CaseIds.For(opened);
        caseId.Should().Be("CS00000000000000a1");

        Report().Worklist.Should().ContainSingle().Which.CaseStatus.Should().Be(CaseStatus.New);

        book.Set(caseId, CaseStatus.InReview, by: "ana");
        book.Set(caseId, CaseStatus.Appealed, "Level 1 filed with op notes", "ana");
        var appealed = Report().Worklist.Should().ContainSingle().Subject;
        appealed.CaseStatus.Should().Be(CaseStatus.Appealed);
        appealed.CaseNote.Should().Be("Level 1 filed with op notes");
        appealed.CaseChangedBy.Should().Be("ana");

        book.Set(caseId, CaseStatus.Lost, "Upheld");
        Report().Worklist.Should().BeEmpty("a lost case is closed");
        book.Set(caseId, CaseStatus.Appealed, "Level 2");
        Report().Worklist.Should().ContainSingle("the next appeal level reopens it");
        book.Set(caseId, CaseStatus.Won, by: "bo");

        var report = Report();
        report.Worklist.Should().BeEmpty();
        report.Cases.Should().ContainSingle().Which.CaseStatus.Should().Be(CaseStatus.Won);
        report.Overall.OpenReceivables.Amount.Should().Be(250m, "a closed case stays in the totals");
        report.Outcomes.RecoveredByWonAppeals.Should().Be(new ReportTally(1, 250m));
        report.Outcomes.ByStatus.Single(s => s.Status == CaseStatus.Won).Cases.Should().Be(new ReportTally(1, 250m));
        report.Outcomes.AppealsByPayer.Should().ContainSingle().Which.WinRate.Should().Be(1m);
        var history = book.History(caseId);
        history.Select(h => h.Status).Should().Equal(CaseStatus.InReview, CaseStatus.Appealed, CaseStatus.Lost, CaseStatus.Appealed, CaseStatus.Won);
        history.Select(h => h.At).Should().BeInAscendingOrder();
        history.Should().OnlyContain(h => h.EventId == opened && h.CaseId == caseId);
    }

    [Test]
    public void CaseBook_RefusesUnknownCasesAndInvalidTransitions_AndWritesNothing()
    {
        var caseId = CaseIds.For(Receivable("EV00000000000000b2", 80m));
        var book = new CaseBook(_ledger, new StepClock(T0));

        var unknown = () => book.Set("CS0000000000000000", CaseStatus.Accepted);
        unknown.Should().Throw<CaseChangeException>().Which.Error.Should().Be(CaseChangeError.UnknownCase);
        var toWon = () => book.Set(caseId, CaseStatus.Won);
        toWon.Should().Throw<CaseChangeException>().Which.Error.Should().Be(CaseChangeError.InvalidTransition, "new cannot be won without a dispute or appeal");
        _ledger.AllCaseEntries().Should().BeEmpty();

        book.Set(caseId, CaseStatus.Accepted);
        var reopen = () => book.Set(caseId, CaseStatus.Appealed);
        reopen.Should().Throw<CaseChangeException>().WithMessage("*accepted*cannot become appealed*");
        _ledger.CaseHistory(caseId).Should().ContainSingle();
    }

    private RecoupmentReport Report() => RecoupmentReport.Create(_ledger, new DateOnly(2026, 3, 1));

    /// <summary>An open receivable and the event that opened it; returns the event id.</summary>
    private string Receivable(string eventId, decimal amount)
    {
        var document = new DocumentRecord("DOC-" + eventId, P1, "TRN1", 0m, new DateOnly(2026, 1, 15), "HASH-" + eventId, "a.835");
        using var scope = _ledger.BeginDocument(document);
        var receivable = new Receivable
        {
            Partition = P1, Code = "WO", Reference = "ICN1", Amount = amount, OpenedDate = new DateOnly(2026, 1, 15), DocumentId = document.DocumentId,
            OpenedEventId = eventId, AppealDeadline = new DateOnly(2026, 5, 15),
        };
        _ledger.AddReceivable(receivable, ["ICN1"]);
        _ledger.RecordEvents([new ReceivableOpened
        {
            EventId = eventId, PayerId = P1.PayerId, PayeeId = P1.PayeeId, Amount = amount, RemittanceDate = new DateOnly(2026, 1, 15),
            PlbReasonCode = "WO", PlbReference = "ICN1", RootCause = RootCause.Coding, ReceivableId = "R1",
        }]);
        scope.Commit();
        return eventId;
    }

    private static CaseEntry Entry(string caseId, CaseStatus status, DateTimeOffset at, string? note, string? by) => new()
    {
        CaseId = caseId, EventId = "EV" + caseId[2..], Status = status, At = at, Note = note, By = by,
    };

    /// <summary>A clock that moves one minute at each reading.</summary>
    private sealed class StepClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now = _now.AddMinutes(1);
    }
}
