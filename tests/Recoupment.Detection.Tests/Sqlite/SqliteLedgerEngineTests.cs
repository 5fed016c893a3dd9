using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Sqlite;
using Recoupment.Detection.Synthetic;

namespace Recoupment.Detection.Tests.Sqlite;

/// <summary>The engine over the SQLite ledger gives the events it gives over the in-memory one, across runs too.</summary>
public sealed class SqliteLedgerEngineTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = TempFolder.Create();

    [TearDown]
    public void TearDown() => TempFolder.Delete(_folder);

    private string LedgerPath => Path.Combine(_folder, "ledger.db");

    internal static IReadOnlyList<string> SampleFiles { get; } = Directory.GetFiles(Path.Combine(RepositoryRoot(), "samples", "data"), "*.835")
        .Order(StringComparer.Ordinal)
        .ToList();

    [Test]
    public void SampleData_HasSixFiles() => SampleFiles.Should().HaveCount(6);

    [TestCase(LedgerKinds.SqliteMemory)]
    [TestCase(LedgerKinds.SqliteFile)]
    public async Task ScanningSampleData_GivesTheSameEventsAsTheInMemoryLedger(string kind)
    {
        var expected = await Scan(new InMemoryClaimLedger(), SampleFiles);
        var ledger = LedgerKinds.Create(kind, _folder);
        try
        {
            var actual = await Scan(ledger, SampleFiles);

            expected.Should().NotBeEmpty();
            actual.Should().Equal(expected);
            Rows(ledger.Events()).Should().Equal(expected);
        }
        finally
        {
            ((IDisposable)ledger).Dispose();
        }
    }

    [Test]
    public void GeneratedRemittances_GiveTheSameEventsAndLedgerState_AsTheInMemoryLedger()
    {
        var documents = LedgerWorkload.Create(documents: 40, claimsPerDocument: 120, reversalsPerDocument: 4, duplicateEvery: 100, unmatched: true);
        var memory = new InMemoryClaimLedger();
        using var sqlite = SqliteClaimLedger.Open(LedgerPath);

        var expected = Run(new RecoupmentEngine(memory), documents);
        var actual = Run(new RecoupmentEngine(sqlite), documents);

        var types = expected.Select(r => Column(r, "event_type")).ToHashSet();
        types.Should().Contain(["ClaimReversed", "ClaimCorrected", "ClaimRecoupment", "ClaimAdditionalPayment", "ReceivableOpened", "RecoupmentCollected",
            "RecoupmentCompleted", "ForwardBalanceCreated", "ForwardBalanceApplied", "CrossClaimOffset", "UnmatchedRecoupment", "RecoupmentLinked",
            "PossibleDuplicatePayment", "ProviderLevelAdjustment"]);
        expected.Where(r => Column(r, "event_type") == "ClaimRecoupment").Select(r => Column(r, "mode")).Should().Contain(["Immediate", "FullTakeback", "Deferred"]);
        actual.Should().Equal(expected);
        Rows(sqlite.Events()).Should().Equal(Rows(memory.Events()));
        sqlite.Statistics().Claims.Should().Be(memory.ClaimCount);
        sqlite.AllOpenReceivables().Should().BeEquivalentTo(memory.AllOpenReceivables(), o => o.WithStrictOrdering());
        sqlite.AllSuspense().Should().BeEquivalentTo(memory.AllSuspense(), o => o.WithStrictOrdering());
        sqlite.PendingReversalsDueBefore(null, DateOnly.MaxValue).Should().BeEquivalentTo(memory.PendingReversalsDueBefore(null, DateOnly.MaxValue),
            o => o.WithStrictOrdering());
    }

    [Test]
    public async Task ScanningInTwoRuns_WithTheLedgerReopened_GivesTheEventsOfOneRun()
    {
        var oneRun = await Scan(new InMemoryClaimLedger(), SampleFiles);

        List<string> first;
        using (var ledger = SqliteClaimLedger.Open(LedgerPath))
        {
            first = await Scan(ledger, SampleFiles.Take(3).ToList());
        }
        List<string> second;
        using (var ledger = SqliteClaimLedger.Open(LedgerPath))
        {
            ledger.OpenedSchemaVersion.Should().Be(SqliteClaimLedger.CurrentSchemaVersion);
            second = await Scan(ledger, SampleFiles.Skip(3).ToList());
            Rows(ledger.Events()).Should().Equal(oneRun);
        }

        first.Should().NotBeEmpty();
        second.Should().NotBeEmpty();
        first.Concat(second).Should().Equal(oneRun);
    }

    [Test]
    public async Task RescanningFilesAlreadySeen_GivesOnlyDuplicateRemittanceIgnored_AndChangesNothingElse()
    {
        using (var ledger = SqliteClaimLedger.Open(LedgerPath))
        {
            await Scan(ledger, SampleFiles);
        }

        using (var ledger = SqliteClaimLedger.Open(LedgerPath))
        {
            var before = ledger.Statistics();
            var openBefore = ledger.AllOpenReceivables();
            var claimsBefore = ledger.Documents();

            var again = await Scan(ledger, SampleFiles);

            again.Should().HaveCount(SampleFiles.Count);
            again.Select(r => Column(r, "event_type")).Should().AllBe(nameof(DuplicateRemittanceIgnored));
            again.Select(r => Column(r, "event_id")).Should().OnlyHaveUniqueItems();
            var after = ledger.Statistics();
            after.Should().Be(before with { Events = before.Events + SampleFiles.Count });
            ledger.AllOpenReceivables().Should().BeEquivalentTo(openBefore);
            ledger.Documents().Should().BeEquivalentTo(claimsBefore);
        }
    }

    [Test]
    public async Task SampleData_LeavesTheExpectedLedger()
    {
        using var ledger = SqliteClaimLedger.Open(LedgerPath);
        await Scan(ledger, SampleFiles);

        var stats = ledger.Statistics();
        stats.Documents.Should().Be(6);
        stats.Partitions.Should().Be(1, "both providers share the payee tax ID");
        stats.Providers.Should().Be(2);
        stats.OpenReceivables.Should().Be(0, "every story is closed by 006");
        ledger.Documents().Sum(d => d.ClaimCount).Should().Be((int)stats.Claims);
        ledger.Documents()[0].ClaimCount.Should().Be(5, "001 pays five originals");
        var reversed = ledger.FindClaims(new PartitionKey("1870000001", "079990001"), new ClaimKey(ClaimKeyKind.PayerClaimNumber, "26010000101")).Single();
        reversed.State.Should().Be(LedgerClaimState.Reversed);
        var opened = ledger.Events().OfType<ReceivableOpened>().First();
        ledger.FindEvent(opened.EventId).Should().BeEquivalentTo(opened, o => o.RespectingRuntimeTypes());
        ledger.FindEvent("EVnone").Should().BeNull();
    }

    [TestCase(LedgerKinds.InMemory)]
    [TestCase(LedgerKinds.SqliteFile)]
    public async Task ScanningSampleData_KeepsThePayerAndPayeeNamesOfN1_PerRemittance(string kind)
    {
        var ledger = LedgerKinds.Create(kind, _folder);
        try
        {
            await Scan(ledger, SampleFiles);

            var documents = ledger.AllDocuments();
            documents.Should().HaveCount(6);
            documents.Select(d => d.PayerName).Should().AllBe("ACME HEALTH PLAN");
            documents.Select(d => (d.PayeeNpi, d.PayeeName)).Distinct().Should().BeEquivalentTo(
                [("1999990017", "NORTHWIND FAMILY MEDICINE"), ("1999990025", "NORTHWIND URGENT CARE")]);
            documents.Select(d => d.Date).Should().BeInAscendingOrder("the ledger records remittances in processing order");
        }
        finally
        {
            (ledger as IDisposable)?.Dispose();
        }
    }

    private static async Task<List<string>> Scan(IClaimLedger ledger, IReadOnlyList<string> files)
    {
        var scanner = new RemittanceScanner(new RecoupmentEngine(ledger));
        var result = await scanner.ScanAsync(files);
        result.ReadErrors.Should().BeEmpty();
        return Rows(result.Events);
    }

    private static List<string> Run(RecoupmentEngine engine, IReadOnlyList<RemittanceDocument> documents)
    {
        var events = new List<RecoupmentEvent>();
        foreach (var document in documents) events.AddRange(engine.Process(document));
        events.AddRange(engine.Complete(documents.Max(d => d.EffectiveDate).AddDays(90)));
        return Rows(events);
    }

    /// <summary>Each event as its CSV values joined by " | ": equal rows are equal events for every outside tool.</summary>
    internal static List<string> Rows(IEnumerable<RecoupmentEvent> events) => events.Select(e => string.Join(" | ", EventRow.From(e).Values())).ToList();

    private static string Column(string row, string name) => row.Split(" | ")[EventRow.Columns.ToList().IndexOf(name)];

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Recoupment.Detection.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Recoupment.Detection.sln not found above the test binaries.");
    }
}
