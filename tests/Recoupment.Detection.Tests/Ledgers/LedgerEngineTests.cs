using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Synthetic;

namespace Recoupment.Detection.Tests.Ledgers;

/// <summary>
/// The engine over each stored ledger (SQLite in memory and in a file, PostgreSQL) gives the events it gives over the
/// in-memory one, and leaves the same ledger; the durable ones also across runs, with the ledger closed and opened again.
/// </summary>
[TestFixtureSource(typeof(LedgerKinds), nameof(LedgerKinds.Stored))]
public sealed class LedgerEngineTests(string kind)
{
    private LedgerFactory _factory = null!;

    [OneTimeSetUp]
    public void CreateFactory() => _factory = new LedgerFactory(kind);

    [OneTimeTearDown]
    public void DisposeFactory() => _factory?.Dispose();

    internal static IReadOnlyList<string> SampleFiles { get; } = Directory.GetFiles(Path.Combine(Corpus.RepositoryRoot, "samples", "data"), "*.835")
        .Order(StringComparer.Ordinal)
        .ToList();

    [Test]
    public void SampleData_HasSixFiles() => SampleFiles.Should().HaveCount(6);

    [Test]
    public async Task ScanningSampleData_GivesTheSameEventsAsTheInMemoryLedger()
    {
        var expected = await Scan(new InMemoryClaimLedger(), SampleFiles);
        var ledger = _factory.Create();
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
        var stored = _factory.Create();
        try
        {
            var expected = Run(new RecoupmentEngine(memory), documents);
            var actual = Run(new RecoupmentEngine(stored), documents);

            var types = expected.Select(r => Column(r, "event_type")).ToHashSet();
            types.Should().Contain(["ClaimReversed", "ClaimCorrected", "ClaimRecoupment", "ClaimAdditionalPayment", "ReceivableOpened", "RecoupmentCollected",
                "RecoupmentCompleted", "ForwardBalanceCreated", "ForwardBalanceApplied", "CrossClaimOffset", "UnmatchedRecoupment", "RecoupmentLinked",
                "PossibleDuplicatePayment", "ProviderLevelAdjustment"]);
            expected.Where(r => Column(r, "event_type") == "ClaimRecoupment").Select(r => Column(r, "mode")).Should().Contain(["Immediate", "FullTakeback", "Deferred"]);
            actual.Should().Equal(expected);
            Rows(stored.Events()).Should().Equal(Rows(memory.Events()));
            StatisticsOf(stored).Claims.Should().Be(memory.ClaimCount);
            stored.AllOpenReceivables().Should().BeEquivalentTo(memory.AllOpenReceivables(), o => o.WithStrictOrdering());
            stored.AllSuspense().Should().BeEquivalentTo(memory.AllSuspense(), o => o.WithStrictOrdering());
            stored.PendingReversalsDueBefore(null, DateOnly.MaxValue).Should().BeEquivalentTo(memory.PendingReversalsDueBefore(null, DateOnly.MaxValue),
                o => o.WithStrictOrdering());
        }
        finally
        {
            ((IDisposable)stored).Dispose();
        }
    }

    [Test]
    public async Task ScanningSampleData_KeepsThePayerAndPayeeNamesOfN1_PerRemittance()
    {
        var ledger = _factory.Create();
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
            ((IDisposable)ledger).Dispose();
        }
    }

    /// <summary>The statistics of a stored ledger (the wrapper is not disposed: the ledger stays open).</summary>
    private static Detection.Sqlite.LedgerStatistics StatisticsOf(IClaimLedger ledger) => ledger switch
    {
        Detection.Sqlite.SqliteClaimLedger sqlite => Detection.Cli.Commands.DurableLedger.Of(sqlite).Statistics(),
        PostgreSql.PostgreSqlClaimLedger postgres => Detection.Cli.Commands.DurableLedger.Of(postgres).Statistics(),
        _ => throw new ArgumentOutOfRangeException(nameof(ledger)),
    };

    internal static async Task<List<string>> Scan(IClaimLedger ledger, IReadOnlyList<string> files)
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

    internal static string Column(string row, string name) => row.Split(" | ")[EventRow.Columns.ToList().IndexOf(name)];
}

/// <summary>The durable ledgers (a SQLite file, PostgreSQL) across runs: closed and opened again between them, files read again.</summary>
[TestFixtureSource(typeof(LedgerKinds), nameof(LedgerKinds.Durable))]
public sealed class LedgerRunTests(string kind)
{
    private static IReadOnlyList<string> SampleFiles => LedgerEngineTests.SampleFiles;

    private LedgerFactory _factory = null!;

    [OneTimeSetUp]
    public void CreateFactory() => _factory = new LedgerFactory(kind);

    [OneTimeTearDown]
    public void DisposeFactory() => _factory?.Dispose();

    [Test]
    public async Task ScanningInTwoRuns_WithTheLedgerReopened_GivesTheEventsOfOneRun()
    {
        var place = _factory.NewPlace();
        var oneRun = await Scan(new InMemoryClaimLedger(), SampleFiles);

        List<string> first;
        using (var ledger = _factory.OpenDurable(place))
        {
            first = await Scan(ledger.Ledger, SampleFiles.Take(3).ToList());
        }
        List<string> second;
        using (var ledger = _factory.OpenDurable(place))
        {
            second = await Scan(ledger.Ledger, SampleFiles.Skip(3).ToList());
            Rows(ledger.Ledger.Events()).Should().Equal(oneRun);
            ledger.Statistics().Documents.Should().Be(6);
        }

        first.Should().NotBeEmpty();
        second.Should().NotBeEmpty();
        first.Concat(second).Should().Equal(oneRun);
    }

    [Test]
    public async Task RescanningFilesAlreadySeen_GivesOnlyDuplicateRemittanceIgnored_AndChangesNothingElse()
    {
        var place = _factory.NewPlace();
        using (var ledger = _factory.OpenDurable(place))
        {
            await Scan(ledger.Ledger, SampleFiles);
        }

        using (var ledger = _factory.OpenDurable(place))
        {
            var before = ledger.Statistics();
            var openBefore = ledger.Ledger.AllOpenReceivables();
            var documentsBefore = ledger.Documents();

            var again = await Scan(ledger.Ledger, SampleFiles);

            again.Should().HaveCount(SampleFiles.Count);
            again.Select(r => Column(r, "event_type")).Should().AllBe(nameof(DuplicateRemittanceIgnored));
            again.Select(r => Column(r, "event_id")).Should().OnlyHaveUniqueItems();
            var after = ledger.Statistics();
            after.Should().Be(before with { Events = before.Events + SampleFiles.Count });
            ledger.Ledger.AllOpenReceivables().Should().BeEquivalentTo(openBefore);
            ledger.Documents().Should().BeEquivalentTo(documentsBefore);
        }
    }

    [Test]
    public async Task SampleData_LeavesTheExpectedLedger()
    {
        using var ledger = _factory.OpenDurable(_factory.NewPlace());
        await Scan(ledger.Ledger, SampleFiles);

        var stats = ledger.Statistics();
        stats.Documents.Should().Be(6);
        stats.Partitions.Should().Be(1, "both providers share the payee tax ID");
        stats.Providers.Should().Be(2);
        stats.OpenReceivables.Should().Be(0, "every story is closed by 006");
        ledger.Documents().Sum(d => d.ClaimCount).Should().Be((int)stats.Claims);
        ledger.Documents()[0].ClaimCount.Should().Be(5, "001 pays five originals");
        var reversed = ledger.Ledger.FindClaims(new PartitionKey("1870000001", "079990001"), new ClaimKey(ClaimKeyKind.PayerClaimNumber, "26010000101")).Single();
        reversed.State.Should().Be(LedgerClaimState.Reversed);
        var opened = ledger.Ledger.Events().OfType<ReceivableOpened>().First();
        ledger.FindEvent(opened.EventId).Should().BeEquivalentTo(opened, o => o.RespectingRuntimeTypes());
        ledger.FindEvent("EVnone").Should().BeNull();
    }

    private static Task<List<string>> Scan(IClaimLedger ledger, IReadOnlyList<string> files) => LedgerEngineTests.Scan(ledger, files);

    private static List<string> Rows(IEnumerable<RecoupmentEvent> events) => LedgerEngineTests.Rows(events);

    private static string Column(string row, string name) => LedgerEngineTests.Column(row, name);
}
