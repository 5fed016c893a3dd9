using Recoupment.Detection.Csv;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Sqlite;
using Recoupment.Detection.Synthetic;

namespace Recoupment.Detection.Tests.Cli;

/// <summary><c>recoup scan --ledger</c>: the ledger persists between runs; two runs give the events of one; a rerun only finds duplicates.</summary>
public class ScanLedgerTests() : RecoupCliFixture("recoup-ledger-")
{
    /// <summary>Scans into a ledger (opened and closed by the run, as a separate invocation would) and returns the run's events.</summary>
    private async Task<List<EventRow>> ScanAsync(string ledger, string name, params string[] paths)
    {
        var run = await RecoupAsync(["scan", "--ledger", ledger, "--events", Temp(name + ".csv"), .. paths]);
        run.Exit.Should().Be(0, run.Out + run.Err);
        return ReadCsv(Temp(name + ".csv"));
    }

    [Test]
    public async Task TwoRuns_SplitByPaymentDate_GiveTheEventsOfOneRun()
    {
        var one = await ScanAsync(Temp("one.db"), "one", SampleData);
        var inMemory = await RecoupAsync("scan", "--events", Temp("memory.csv"), SampleData);

        var first = await ScanAsync(Temp("two.db"), "first", [.. SampleFiles.Take(3)]);
        var second = await ScanAsync(Temp("two.db"), "second", [.. SampleFiles.Skip(3)]);

        first.Should().NotBeEmpty();
        second.Should().NotBeEmpty().And.NotContain(e => e.EventType == nameof(DuplicateRemittanceIgnored));
        first.Concat(second).Should().Equal(one, "files 1-3 then 4-6 give the events of 1-6, in the same order");
        one.Should().Equal(ReadCsv(Temp("memory.csv")), "a ledger file gives the events of the in-memory ledger");
        using var ledger = SqliteClaimLedger.Open(Temp("two.db"));
        ledger.Events().Select(EventRow.From).Should().Equal(one, "the ledger keeps the events of every run");
        ledger.Statistics().Documents.Should().Be(6);
    }

    [Test]
    public async Task TwoRuns_OverAGeneratedCorpusSplitByPaymentDate_GiveTheEventsOfOneRun()
    {
        // Three payers, four providers: twelve partitions that go quiet at different times.
        var corpus = Temp("corpus");
        var generated = new RemittanceGenerator(SyntheticOptions.Default with { Seed = 5, Days = 110, ClaimsPerDay = 60 }).Generate(corpus, answerKey: null);
        var files = generated.Files.Order(StringComparer.Ordinal).ToList();
        var split = generated.FirstDate!.Value.AddDays(75).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var early = Folder("early", files.Where(f => string.CompareOrdinal(Path.GetFileName(f), split) < 0));
        var late = Folder("late", files.Where(f => string.CompareOrdinal(Path.GetFileName(f), split) >= 0));

        var one = await ScanAsync(Temp("one.db"), "one", corpus);
        var first = await ScanAsync(Temp("two.db"), "first", early);
        var second = await ScanAsync(Temp("two.db"), "second", late);

        var two = first.Concat(second).ToList();
        one.Select(e => e.EventType).Should().Contain([nameof(ClaimRecoupment), nameof(UnmatchedRecoupment), nameof(RecoupmentCollected), nameof(ForwardBalanceApplied)]);
        one.Should().Contain(e => e.Mode == nameof(RecoupmentMode.FullTakeback) && e.EventType == nameof(ClaimRecoupment), "correction windows end in this corpus");
        two.Should().BeEquivalentTo(one, "the same events, each once");
        // The documented rule (README, "Several runs"): only time-driven events may come earlier, at the end of run 1.
        static bool TimeDriven(EventRow e) => e.Mode == nameof(RecoupmentMode.FullTakeback) || e.EventType == nameof(ForwardBalanceStale);
        two.Where(e => !TimeDriven(e)).Should().Equal(one.Where(e => !TimeDriven(e)), "remittance events come in the same order");
    }

    [Test]
    public async Task AWindowThatEndsByTheEndOfRunOne_ClosesThen_WithTheEventOneRunGivesLater()
    {
        // Acme's reversal of NWFM-1001 waits for a correction (due 2026-04-13); another payer's remittance of May 14 ends
        // run 1. One run would close the window with Acme's next remittance (May 21); run 1 closes it as of May 14.
        var otherPayer = File.ReadAllText(SampleFiles[4]).Replace("TRN*1*800100005*1870000001", "TRN*1*800100005*1870000009");
        otherPayer.Should().Contain("1870000009");
        var runOne = Folder("run1", ReversalWithoutCorrection());
        File.WriteAllText(Path.Combine(runOne, "005-other-payer.835"), otherPayer);
        var runTwo = Folder("run2", [SampleFiles[5]]);

        var one = await ScanAsync(Temp("one.db"), "one", runOne, runTwo);
        var first = await ScanAsync(Temp("two.db"), "first", runOne);
        var second = await ScanAsync(Temp("two.db"), "second", runTwo);

        var takeback = one.Single(e => e.Mode == nameof(RecoupmentMode.FullTakeback));
        takeback.OriginalPayerClaimNumber.Should().Be("26010000101");
        first[^1].Should().Be(takeback, "run 1 stands as of May 14, after the window ended: the full takeback closes it");
        second.Should().NotContain(e => e.Mode == nameof(RecoupmentMode.FullTakeback), "it is not emitted twice");
        one[one.IndexOf(takeback) + 1].RemittanceDate.Should().Be("2026-05-21", "one run emits it as Acme's next remittance (May 21) begins");
        first.Concat(second).Should().Equal(one, "the same events as one run (here even in the same order: nothing else comes between)");
    }

    [Test]
    public async Task RerunningFilesAlreadySeen_GivesOnlyDuplicateRemittanceIgnored()
    {
        await ScanAsync(Temp("ledger.db"), "first", SampleData);
        LedgerStatistics before;
        using (var ledger = SqliteClaimLedger.Open(Temp("ledger.db"))) before = ledger.Statistics();

        var run = await RecoupAsync("scan", "--ledger", Temp("ledger.db"), "--events", Temp("again.csv"), SampleData);

        run.Exit.Should().Be(0);
        var again = ReadCsv(Temp("again.csv"));
        again.Select(e => e.EventType).Should().HaveCount(6).And.AllBe(nameof(DuplicateRemittanceIgnored));
        again.Select(e => e.Amount).Should().Equal("1385.00", "370.00", "225.00", "0.00", "280.00", "285.00");
        run.Out.Should().Contain("6 remittances were already in the ledger, committed by an earlier run").And.NotContain("ignored as duplicates")
            .And.MatchRegex(@"\| Recouped on claims +\| +0 \| +0\.00 \|")
            .And.MatchRegex(@"\| Duplicate remittances ignored +\| +0 \| +0\.00 \|")
            .And.MatchRegex(@"\| Already in the ledger \(skipped\) +\| +6 \| +2,545\.00 \|")
            .And.Contain("Ledger " + Temp("ledger.db") + " (every run so far): 6 remittances (0 added by this run)");
        using (var ledger = SqliteClaimLedger.Open(Temp("ledger.db")))
        {
            ledger.Statistics().Should().Be(before with { Events = before.Events + 6 }, "nothing but the six duplicate notices is added");
        }
    }

    [Test]
    public async Task LedgerRun_SummaryGivesTheLedgersTotals()
    {
        var run = await RecoupAsync("scan", "--ledger", Temp("ledger.db"), SampleFiles[1], SampleFiles[2]);

        run.Exit.Should().Be(0, run.Err);
        // 002 and 003 alone: the WO of NWFM-1002 is owed (150, 100 collected), two recoveries have no original.
        run.Out.Should().Contain($"Ledger {Temp("ledger.db")} (every run so far): 2 remittances (2 added by this run)")
            .And.Contain("open receivables 1 (50.00), unmatched in suspense 2 (180.00)")
            .And.Contain($"recoup report --ledger {Temp("ledger.db")}");

        var later = await RecoupAsync("scan", "--ledger", Temp("ledger.db"), SampleFiles[3], SampleFiles[4]);
        later.Out.Should().Contain("4 remittances (2 added by this run)").And.Contain("open receivables 0 (0.00), unmatched in suspense 3 (820.00)",
            "005 collects the last 50.00 of run 1's receivable and applies 004's forward balance; 004 reverses NWFM-1005 (640.00) without its original");
    }

    [Test]
    public async Task Backfill_IsMatchedAgainstTheLedgerAsItStands_AndTheRunStandsAsOfTheLedgersLatestDate()
    {
        var later = await ScanAsync(Temp("ledger.db"), "later", [.. SampleFiles.Skip(1)]);
        later.Should().Contain(e => e.EventType == nameof(UnmatchedRecoupment));

        var run = await RecoupAsync("scan", "--ledger", Temp("ledger.db"), "--events", Temp("backfill.csv"), SampleFiles[0]);

        run.Out.Should().Contain("as of 2026-05-21", "a backfill run stands as of the latest payment date the ledger holds")
            .And.Contain("1 remittance of this run is dated before 2026-05-21");
        var backfill = ReadCsv(Temp("backfill.csv"));
        backfill.Select(e => e.EventType).Should().OnlyContain(t => t == nameof(RecoupmentLinked) || t == nameof(PossibleDuplicatePayment),
            "the originals arrive after their recoveries: the recoveries are linked now");
        backfill.Where(e => e.EventType == nameof(RecoupmentLinked)).Select(e => e.RelatedEventId)
            .Should().BeSubsetOf(later.Where(e => e.EventType == nameof(UnmatchedRecoupment)).Select(e => e.EventId));
    }

    [Test]
    public async Task TheLedgerInsideAScannedFolder_IsNotReadAsInput()
    {
        var folder = Folder("input", SampleFiles);

        var first = await RecoupAsync("scan", "--ledger", Path.Combine(folder, "recoup.db"), folder);
        var again = await RecoupAsync("scan", "--ledger", Path.Combine(folder, "recoup.db"), folder);

        first.Exit.Should().Be(0, first.Out);
        again.Exit.Should().Be(0, again.Out);
        again.Out.Should().Contain("Read 6 files (");
    }

    [Test]
    public async Task AFileThatIsNotALedger_IsAUsageError_FoundBeforeScanning()
    {
        File.WriteAllText(Temp("notes.db"), "this is not a database, and long enough to be read as one: " + new string('x', 200));

        var run = await RecoupUsageErrorAsync("scan", "--ledger", Temp("notes.db"), SampleData);

        run.Err.Should().Contain("--ledger").And.Contain("cannot be opened");
    }

    [Test]
    public async Task TheLedgerAndAnEventsFile_CannotBeTheSameFile()
    {
        var run = await RecoupAsync("scan", "--ledger", Temp("x"), "--events", Temp("x"), SampleData);

        run.Exit.Should().Be(2);
        run.Err.Should().Contain("--ledger");
    }

    [Test]
    public async Task EventsCommand_ExportsEveryRecordedEvent_OfEveryRun()
    {
        var first = await ScanAsync(Temp("ledger.db"), "first", [.. SampleFiles.Take(2)]);
        var second = await ScanAsync(Temp("ledger.db"), "second", [.. SampleFiles.Skip(2)]);

        var csv = await RecoupAsync("events", "--ledger", Temp("ledger.db"));
        var json = await RecoupAsync("events", "--ledger", Temp("ledger.db"), "--json", "--out", Temp("events.jsonl"));

        csv.Exit.Should().Be(0, csv.Err);
        using (var reader = new StringReader(csv.Out)) EventCsvReader.Read(reader).Should().Equal(first.Concat(second));
        json.Exit.Should().Be(0, json.Err);
        File.ReadAllLines(Temp("events.jsonl")).Should().HaveCount(first.Count + second.Count);
        (await RecoupAsync("events", "--ledger", Temp("missing.db"))).Exit.Should().Be(1);
        File.Exists(Temp("missing.db")).Should().BeFalse("reading a ledger never creates one");
    }

    [Test]
    public async Task Complete_KeepsEveryExpiryWithItsEvent_OrNone()
    {
        // A failure between closing a pending reversal and recording its full takeback (a crash, a full disk) must not
        // keep the one without the other: the engine completes in one ledger transaction.
        var path = Temp("ledger.db");
        using (var ledger = SqliteClaimLedger.Open(path))
        {
            var result = await new RemittanceScanner(new RecoupmentEngine(ledger)).ScanAsync(ReversalWithoutCorrection());
            result.ReadErrors.Should().BeEmpty();
            ledger.PendingReversalsDueBefore(null, DateOnly.MaxValue).Should().HaveCount(1);
        }

        using (var ledger = SqliteClaimLedger.Open(path))
        {
            var failing = new FailingRecordEvents(ledger);
            var act = () => new RecoupmentEngine(failing).Complete(new DateOnly(2026, 6, 30));
            act.Should().Throw<IOException>();
        }

        using (var ledger = SqliteClaimLedger.Open(path))
        {
            ledger.PendingReversalsDueBefore(null, DateOnly.MaxValue).Should().HaveCount(1, "the expiry was rolled back with its event");
            var events = new RecoupmentEngine(ledger).Complete(new DateOnly(2026, 6, 30));
            events.Should().ContainSingle().Which.Mode.Should().Be(RecoupmentMode.FullTakeback);
            ledger.PendingReversalsDueBefore(null, DateOnly.MaxValue).Should().BeEmpty();
            ledger.Events().Should().ContainSingle(e => e.Mode == RecoupmentMode.FullTakeback);
        }
    }

    /// <summary>001, and 002 with the correction of NWFM-1001 taken out (BPR02 and SE01 adjusted): a reversal that waits for its correction.</summary>
    private string[] ReversalWithoutCorrection()
    {
        File.WriteAllText(Temp("002.835"), SampleTwoWithoutTheCorrection());
        return [SampleFiles[0], Temp("002.835")];
    }

    /// <summary>The SQLite ledger, with <see cref="IClaimLedger.RecordEvents"/> failing when there are events to record.</summary>
    private sealed class FailingRecordEvents(SqliteClaimLedger inner) : IClaimLedger
    {
        public ILedgerScope BeginDocument(DocumentRecord document) => inner.BeginDocument(document);
        public ILedgerScope BeginTransaction() => inner.BeginTransaction();
        public bool ContainsDocument(string documentId) => inner.ContainsDocument(documentId);
        public IReadOnlyList<DocumentRecord> AllDocuments() => inner.AllDocuments();
        public IReadOnlyList<DocumentRecord> FindDocumentsByTrace(PartitionKey partition, string trace) => inner.FindDocumentsByTrace(partition, trace);
        public void AddClaim(LedgerClaim claim, IReadOnlyCollection<ClaimKey> keys) => inner.AddClaim(claim, keys);
        public void UpdateClaim(LedgerClaim claim) => inner.UpdateClaim(claim);
        public IReadOnlyList<LedgerClaim> FindClaims(PartitionKey partition, ClaimKey key) => inner.FindClaims(partition, key);
        public LedgerClaim? GetClaim(long id) => inner.GetClaim(id);
        public void AddReceivable(Receivable receivable, IReadOnlyCollection<string> referenceKeys) => inner.AddReceivable(receivable, referenceKeys);
        public void UpdateReceivable(Receivable receivable) => inner.UpdateReceivable(receivable);
        public IReadOnlyList<Receivable> FindOpenReceivables(PartitionKey partition, string referenceKey) => inner.FindOpenReceivables(partition, referenceKey);
        public IReadOnlyList<Receivable> OpenReceivables(PartitionKey partition) => inner.OpenReceivables(partition);
        public IReadOnlyList<Receivable> AllOpenReceivables() => inner.AllOpenReceivables();
        public void AddSuspense(SuspenseItem item, IReadOnlyCollection<string> keys) => inner.AddSuspense(item, keys);
        public IReadOnlyList<SuspenseItem> FindSuspense(PartitionKey partition, string key) => inner.FindSuspense(partition, key);
        public void RemoveSuspense(SuspenseItem item) => inner.RemoveSuspense(item);
        public IReadOnlyList<SuspenseItem> AllSuspense() => inner.AllSuspense();
        public void AddPendingReversal(PendingReversal pending, IReadOnlyCollection<string> keys) => inner.AddPendingReversal(pending, keys);
        public IReadOnlyList<PendingReversal> FindPendingReversals(PartitionKey partition, string key) => inner.FindPendingReversals(partition, key);
        public IReadOnlyList<PendingReversal> PendingReversalsDueBefore(PartitionKey? partition, DateOnly date) => inner.PendingReversalsDueBefore(partition, date);
        public void RemovePendingReversal(PendingReversal pending) => inner.RemovePendingReversal(pending);
        public void RegisterProvider(string taxId, string providerId) => inner.RegisterProvider(taxId, providerId);
        public string? TaxIdOf(string providerId) => inner.TaxIdOf(providerId);
        public IReadOnlyList<RecoupmentEvent> Events() => inner.Events();
        public void AppendCaseEntry(Recoupment.Detection.Cases.CaseEntry entry) => inner.AppendCaseEntry(entry);
        public IReadOnlyList<Recoupment.Detection.Cases.CaseEntry> CaseHistory(string caseId) => inner.CaseHistory(caseId);
        public IReadOnlyList<Recoupment.Detection.Cases.CaseEntry> AllCaseEntries() => inner.AllCaseEntries();

        public void RecordEvents(IReadOnlyList<RecoupmentEvent> events)
        {
            if (events.Count > 0) throw new IOException("Simulated failure while recording events.");
            inner.RecordEvents(events);
        }
    }
}
