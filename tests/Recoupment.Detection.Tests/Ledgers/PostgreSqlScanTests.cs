using System.Globalization;
using Npgsql;
using Recoupment.Detection.Cli.Commands;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Synthetic;
using Recoupment.Detection.Tests.Cli;

namespace Recoupment.Detection.Tests.Ledgers;

/// <summary>
/// <c>recoup scan/report/events --ledger &lt;PostgreSQL&gt;</c> against the real server, as processes: runs split by
/// date give one SQLite run's report, a rerun changes nothing, two scans at once over different payers give the union
/// and over the same files one run's result; a server that cannot be reached is exit 1 with nothing written.
/// </summary>
[Category("Slow")]
[NonParallelizable]
public class PostgreSqlScanTests() : RecoupCliFixture("recoup-pg-")
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);
    private static readonly string[] ReportCsv = ["--format", "csv", "--as-of", "2026-12-31"];

    private LedgerFactory _postgres = null!;
    private string _corpus = null!;
    private List<string> _files = null!;

    [OneTimeSetUp]
    public void CreateCorpus()
    {
        _postgres = new LedgerFactory(LedgerKinds.PostgreSql);
        // Three payers, four providers: twelve partitions, with reversals, deferrals, forward balances and orphans.
        _corpus = Directory.CreateTempSubdirectory("recoup-pg-corpus-").FullName;
        var generated = new RemittanceGenerator(SyntheticOptions.Default with { Seed = 41, Days = 100, ClaimsPerDay = 120 }).Generate(_corpus, answerKey: null);
        _files = generated.Files.Order(StringComparer.Ordinal).ToList();
    }

    [OneTimeTearDown]
    public void RemoveCorpus()
    {
        _postgres?.Dispose();
        if (_corpus is not null) Directory.Delete(_corpus, recursive: true);
    }

    [Test]
    public async Task TwoChronologicalRuns_GiveTheReportOfOneSqliteRun_AndARerunChangesNothing()
    {
        var split = _files.Count / 2;
        var early = Folder("early", _files.Take(split));
        var late = Folder("late", _files.Skip(split));
        var sqlite = Temp("one.db");
        var postgres = _postgres.NewTarget();

        await ScanAsync(sqlite, _corpus);
        await ScanAsync(postgres, early);
        await ScanAsync(postgres, late);

        var expected = await ReportAsync(sqlite);
        expected.Split('\n').Length.Should().BeGreaterThan(20);
        (await ReportAsync(postgres)).Should().Be(expected, "two runs in date order give the report of one run over all files");

        LedgerStatisticsOf(postgres, out var before);
        var again = await ScanAsync(postgres, _corpus);
        again.Should().OnlyContain(e => e.EventType == nameof(DuplicateRemittanceIgnored));
        LedgerStatisticsOf(postgres, out var after);
        after.Should().Be(before with { Events = before.Events + again.Count }, "a rerun adds only its duplicate notices");
        (await ReportAsync(postgres)).Should().Be(expected, "a rerun changes nothing");

        var events = await RecoupProcess.RunAsync(RunTimeout, "events", "--ledger", postgres);
        var sqliteEvents = await RecoupProcess.RunAsync(RunTimeout, "events", "--ledger", sqlite);
        events.Exit.Should().Be(0, events.Err);
        using var reader = new StringReader(events.Out);
        using var sqliteReader = new StringReader(sqliteEvents.Out);
        Sorted(Csv.EventCsvReader.Read(reader)).Should().Equal(Sorted(Csv.EventCsvReader.Read(sqliteReader)), "recoup events gives the same events, each once");
    }

    [Test]
    public async Task TwoScansAtOnce_OverDifferentPayers_GiveTheUnion()
    {
        var first = Folder("payer1", _files.Where(f => Path.GetFileName(f).Contains("synpayer01", StringComparison.Ordinal)));
        var rest = Folder("payers23", _files.Where(f => !Path.GetFileName(f).Contains("synpayer01", StringComparison.Ordinal)));
        Directory.GetFiles(first).Should().NotBeEmpty();
        Directory.GetFiles(rest).Should().NotBeEmpty();
        var sqlite = Temp("one.db");
        var postgres = _postgres.NewTarget();
        await ScanAsync(sqlite, _corpus);

        await Task.WhenAll(ScanAsync(postgres, first), ScanAsync(postgres, rest));

        (await ReportAsync(postgres)).Should().Be(await ReportAsync(sqlite), "two writers of different partitions give what one run over both gives");
        LedgerStatisticsOf(postgres, out var shared);
        LedgerStatisticsOf(sqlite, out var one);
        shared.Should().Be(one, "the same remittances, claims, receivables and events, none twice");
    }

    [Test]
    public async Task TwoScansAtOnce_OverTheSameFiles_GiveOneRunsResult()
    {
        var sqlite = Temp("one.db");
        var postgres = _postgres.NewTarget();
        var one = await ScanAsync(sqlite, _corpus);

        var runs = await Task.WhenAll(ScanAsync(postgres, _corpus, "a"), ScanAsync(postgres, _corpus, "b"));

        (await ReportAsync(postgres)).Should().Be(await ReportAsync(sqlite), "each remittance is counted once");
        LedgerStatisticsOf(postgres, out var shared);
        LedgerStatisticsOf(sqlite, out var single);
        var duplicates = runs.SelectMany(r => r).Count(e => e.EventType == nameof(DuplicateRemittanceIgnored)) - one.Count(e => e.EventType == nameof(DuplicateRemittanceIgnored));
        duplicates.Should().BeGreaterThanOrEqualTo((int)single.Documents, "every remittance was committed by one run and found committed by the other");
        shared.Should().Be(single with { Events = single.Events + duplicates });
        Sorted(runs.SelectMany(r => r)).Should().Equal(Sorted(one), "between them the two runs found each event once");
    }

    [Test]
    public async Task UriAndKeywordConnectionStrings_ReachTheSameLedger()
    {
        var keywords = _postgres.NewTarget();
        var builder = new NpgsqlConnectionStringBuilder(keywords);
        var uri = $"postgresql://{Uri.EscapeDataString(builder.Username!)}:{Uri.EscapeDataString(builder.Password!)}@{builder.Host}:{builder.Port}/{builder.Database}";

        var scan = await RecoupProcess.RunAsync(RunTimeout, "scan", "--ledger", uri, SampleData);
        var report = await RecoupProcess.RunAsync(RunTimeout, ["report", "--ledger", keywords, .. ReportCsv]);

        scan.Exit.Should().Be(0, scan.Err);
        scan.Out.Should().Contain($"Ledger postgresql://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database} (every run so far): 6 remittances")
            .And.NotContain(builder.Password!, "the summary never shows the password");
        report.Exit.Should().Be(0, report.Err);
        report.Out.Should().Contain("total,All,");
    }

    private static IEnumerable<TestCaseData> Unreachable()
    {
        yield return new TestCaseData("scan").SetName("Unreachable_Scan_ExitsOne_NamesHostAndDatabase_WritesNothing");
        yield return new TestCaseData("report").SetName("Unreachable_Report_ExitsOne_NamesHostAndDatabase_WritesNothing");
        yield return new TestCaseData("events").SetName("Unreachable_Events_ExitsOne_NamesHostAndDatabase_WritesNothing");
    }

    [TestCaseSource(nameof(Unreachable))]
    public async Task AServerThatCannotBeReached_IsExitOne_NamingHostAndDatabase_NeverThePassword(string command)
    {
        var port = FreePort();
        var ledger = $"Host=127.0.0.1;Port={port};Database=recoup_nowhere;Username=clerk;Password=S3cret-pw;Timeout=5";
        string[] args = command == "scan" ? ["scan", "--ledger", ledger, "--events", Temp("events.csv"), SampleData] : [command, "--ledger", ledger, "--out", Temp("out.txt")];

        var run = await RecoupAsync(args);

        run.Exit.Should().Be(1);
        run.Out.Should().BeEmpty();
        run.Err.Should().Contain("127.0.0.1").And.Contain(port.ToString(CultureInfo.InvariantCulture)).And.Contain("recoup_nowhere").And.NotContain("S3cret-pw");
        Directory.GetFiles(TempRoot).Should().BeEmpty("nothing is written when the ledger cannot be reached");
    }

    [Test]
    public async Task AWrongPassword_OrAMissingDatabase_IsExitOne_NeverThePassword_AndCreatesNothing()
    {
        var server = new NpgsqlConnectionStringBuilder(TestDatabase.Server);
        var wrong = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Password = "not-the-Password-42", Database = "postgres" };
        var missing = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "recoup_missing_" + Guid.NewGuid().ToString("N")[..8] };

        var refused = await RecoupAsync("scan", "--ledger", wrong.ConnectionString, "--events", Temp("a.csv"), SampleData);
        var absent = await RecoupAsync("scan", "--ledger", missing.ConnectionString, "--events", Temp("b.csv"), SampleData);

        refused.Exit.Should().Be(1);
        refused.Err.Should().Contain("password authentication failed").And.Contain(server.Host!).And.Contain("database postgres").And.NotContain("not-the-Password-42");
        absent.Exit.Should().Be(1);
        absent.Err.Should().Contain(missing.Database!).And.Contain("does not exist").And.NotContain(server.Password!);
        Directory.GetFiles(TempRoot).Should().BeEmpty();
        var exists = await ScalarAsync(TestDatabase.Server, $"SELECT count(*) FROM pg_database WHERE datname = '{missing.Database}'");
        exists.Should().Be(0L, "a missing database is not created");
    }

    [Test]
    public async Task ReportAndEvents_OfADatabaseWithoutALedger_ExitOne_AndCreateNothing()
    {
        var empty = _postgres.NewTarget();

        var report = await RecoupAsync("report", "--ledger", empty);
        var events = await RecoupAsync("events", "--ledger", empty);

        report.Exit.Should().Be(1);
        report.Err.Should().Contain("holds no claim ledger");
        events.Exit.Should().Be(1);
        (await ScalarAsync(empty, "SELECT count(*) FROM pg_namespace WHERE nspname = 'recoup'")).Should().Be(0L, "reading never creates a ledger");
    }

    [Test]
    public async Task AConnectionStringThatIsNotValid_IsAUsageError_WithoutThePassword()
    {
        var run = await RecoupUsageErrorAsync("scan", "--ledger", "Host=127.0.0.1;Databse=recoup;Password=hunter2-pw", SampleData);

        run.Err.Should().Contain("Not a valid PostgreSQL connection string").And.NotContain("hunter2-pw");
    }

    // ---- Helpers -------------------------------------------------------------------------------------------------

    /// <summary>Scans as a separate process (two of them may run at once) and returns the events it wrote.</summary>
    private async Task<List<EventRow>> ScanAsync(string ledger, string folder, string name = "")
    {
        var events = Temp($"events-{Guid.NewGuid():N}{name}.csv");
        var run = await RecoupProcess.RunAsync(RunTimeout, "scan", "--ledger", ledger, "--events", events, folder);
        run.Exit.Should().Be(0, run.Err);
        return ReadCsv(events);
    }

    /// <summary>The events but duplicate notices, each as its CSV values, sorted (a multiset compared in linear time).</summary>
    private static List<string> Sorted(IEnumerable<EventRow> events) =>
        events.Where(e => e.EventType != nameof(DuplicateRemittanceIgnored)).Select(e => string.Join(" | ", e.Values())).Order(StringComparer.Ordinal).ToList();

    private static async Task<string> ReportAsync(string ledger)
    {
        var run = await RecoupProcess.RunAsync(RunTimeout, ["report", "--ledger", ledger, .. ReportCsv]);
        run.Exit.Should().Be(0, run.Err);
        return run.Out;
    }

    private void LedgerStatisticsOf(string ledger, out Detection.Sqlite.LedgerStatistics statistics)
    {
        using var opened = DurableLedger.Open(ledger);
        statistics = opened.Statistics();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
