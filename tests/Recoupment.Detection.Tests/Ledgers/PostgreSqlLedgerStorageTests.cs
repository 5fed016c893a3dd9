using System.Buffers.Binary;
using Npgsql;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.PostgreSql;
using static Recoupment.Detection.Tests.Ledgers.ClaimLedgerContractTests;

namespace Recoupment.Detection.Tests.Ledgers;

/// <summary>
/// What only the PostgreSQL ledger has: its schema and migrations, transactions, the unique remittance identity, and
/// writers taking turns through advisory locks. A database for the fixture, a schema per test.
/// </summary>
public sealed class PostgreSqlLedgerStorageTests
{
    private static readonly PartitionKey P1 = new("PAYER1", "TIN1");
    private static readonly PartitionKey P2 = new("PAYER1", "TIN2");
    private static readonly TimeSpan Waiting = TimeSpan.FromMilliseconds(700);

    private TestDatabase _database = null!;
    private string _schema = null!;
    private int _count;

    [OneTimeSetUp]
    public void CreateDatabase() => _database = TestDatabase.Create();

    [OneTimeTearDown]
    public void DropDatabase() => _database?.Dispose();

    [SetUp]
    public void NewSchema() => _schema = $"storage_{++_count}";

    private PostgreSqlLedgerOptions Options => PostgreSqlLedgerOptions.Default with { Schema = _schema };

    private PostgreSqlClaimLedger Open() => PostgreSqlClaimLedger.Open(_database.ConnectionString, Options);

    // ---- The schema --------------------------------------------------------------------------------------------------

    [Test]
    public void Open_CreatesTheSchema_AtTheCurrentVersion()
    {
        PostgreSqlClaimLedger.ReadSchemaVersion(_database.ConnectionString, Options).Should().Be(0);

        using (var ledger = Open())
        {
            ledger.OpenedSchemaVersion.Should().Be(0);
            ledger.SchemaVersion.Should().Be(PostgreSqlClaimLedger.CurrentSchemaVersion).And.Be(4);
            ledger.WasMigrated.Should().BeFalse();
            ledger.Statistics().Should().Be(new PostgreSqlLedgerStatistics(PostgreSqlClaimLedger.CurrentSchemaVersion, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        }

        PostgreSqlClaimLedger.ReadSchemaVersion(_database.ConnectionString, Options).Should().Be(4);
        _database.Scalar($"SELECT string_agg(version::text, ',' ORDER BY version) FROM {_schema}.schema_version").Should().Be("1,2,3,4");
        _database.Scalar($"SELECT count(*) FROM pg_indexes WHERE schemaname = '{_schema}' AND indexdef LIKE '%(partition_id%'").Should().BeOfType<long>()
            .Which.Should().BeGreaterThanOrEqualTo(8, "every table is indexed by partition first");
        using (var again = Open()) again.OpenedSchemaVersion.Should().Be(4, "a current ledger is left as it is");
    }

    [Test]
    public void Open_MigratesAVersion1Ledger_AndKeepsItsData()
    {
        // A version-1 ledger as the first release wrote it, with one remittance, one claim and one event.
        var claim = Claim(P1, "PCN-1", "ICN0001");
        claim.Id = 1;
        var keys = ClaimKeys.For(claim);
        var hashes = new byte[keys.Count * 8];
        var i = 0;
        foreach (var key in keys) BinaryPrimitives.WriteUInt64LittleEndian(hashes.AsSpan(8 * i++), ClaimKeyIndex.Hash(key));
        var opened = new ReceivableOpened { EventId = "EV1", PayerId = "PAYER1", PayeeId = "TIN1", Amount = 120m, ReceivableId = "R1" };
        using (var connection = Connect())
        {
            Execute(connection, $"CREATE SCHEMA {_schema}; SET search_path TO {_schema};");
            Execute(connection, "CREATE TABLE schema_version (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());");
            Execute(connection, PostgreSqlSchema.Version1);
            Execute(connection, """
                INSERT INTO schema_version (version, description) VALUES (1, 'the ledger tables');
                INSERT INTO partition (payer_id, payee_id, writes, max_id) VALUES ('PAYER1', 'TIN1', 1, 1);
                INSERT INTO document (document_id, partition_id, trace, total_payment, date, content_hash, file)
                    VALUES ('DOC-1', 1, 'TRN1', 1385.00, '2026-01-15', 'HASH', 'a.835');
                SELECT nextval('id_block');
                """);
            using var insert = new NpgsqlCommand(
                "INSERT INTO claim (id, partition_id, document_id, patient_control_number, payer_claim_number, paid, remittance_date, state, possible_duplicate, key_hashes, body) " +
                "VALUES (1, 1, 'DOC-1', 'PCN-1', 'ICN0001', 120.00, '2026-01-15', 0, false, $1, $2)", connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = hashes });
            insert.Parameters.Add(new NpgsqlParameter { Value = LedgerJson.ClaimUtf8(claim) });
            insert.ExecuteNonQuery();
            using var ev = new NpgsqlCommand(
                "INSERT INTO event (event_id, event_type, family, payer_id, payee_id, amount, body) VALUES ('EV1', 'ReceivableOpened', 'Recoupment', 'PAYER1', 'TIN1', 120, $1::json)",
                connection);
            ev.Parameters.Add(new NpgsqlParameter { Value = LedgerJson.Event(opened) });
            ev.ExecuteNonQuery();
        }
        PostgreSqlClaimLedger.ReadSchemaVersion(_database.ConnectionString, Options).Should().Be(1);

        using var ledger = Open();

        ledger.OpenedSchemaVersion.Should().Be(1);
        ledger.WasMigrated.Should().BeTrue();
        ledger.ContainsDocument("DOC-1").Should().BeTrue();
        ledger.Documents().Should().ContainSingle().Which.ClaimCount.Should().Be(1, "migration 2 counts the claims each remittance added");
        ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001")).Single().Should().BeEquivalentTo(claim);
        ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PatientControlNumber, "PCN1")).Single().Id.Should().Be(1);
        ledger.FindEvent("EV1").Should().BeEquivalentTo(opened, o => o.RespectingRuntimeTypes());
        _database.Scalar($"SELECT count(*) FROM pg_indexes WHERE schemaname = '{_schema}' AND indexname = 'event_by_event_id'").Should().Be(1L);

        var next = Claim(P1, "PCN-2", "ICN0002");
        using (var scope = ledger.BeginDocument(Document("DOC-2", P1, "TRN2")))
        {
            ledger.AddClaim(next, ClaimKeys.For(next));
            scope.Commit();
        }
        next.Id.Should().BeGreaterThan(1, "ids go on after the ledger's");
        ledger.Documents().Select(d => d.ClaimCount).Should().Equal(1, 1);

        // Migration 4: the case history, empty, and the receivable the old event opened is a case that can be tracked.
        _database.Scalar($"SELECT string_agg(version::text, ',' ORDER BY version) FROM {_schema}.schema_version").Should().Be("1,2,3,4");
        ledger.AllCaseEntries().Should().BeEmpty();
        var entry = new Recoupment.Detection.Cases.CaseEntry
        {
            CaseId = Recoupment.Detection.Cases.CaseIds.For("EV1"), EventId = "EV1", Status = Recoupment.Detection.Cases.CaseStatus.Disputed,
            Note = "Called the payer", By = "ana", At = new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero),
        };
        ledger.AppendCaseEntry(entry);
        ledger.CaseHistory(entry.CaseId).Should().Equal(entry);
    }

    [Test]
    public void Open_ALedgerOfANewerVersion_Throws()
    {
        using (Open())
        {
        }
        _database.Execute($"INSERT INTO {_schema}.schema_version (version, description) VALUES (99, 'from the future')");

        var open = Open;

        open.Should().Throw<InvalidDataException>().WithMessage("*version 99*");
    }

    [Test]
    public void Open_ASchemaWithOtherTables_Throws_AndLeavesItAlone()
    {
        _database.Execute($"CREATE SCHEMA {_schema}; CREATE TABLE {_schema}.other (x int);");

        var open = Open;

        open.Should().Throw<InvalidDataException>().WithMessage("*no claim ledger*");
        _database.Scalar($"SELECT count(*) FROM pg_tables WHERE schemaname = '{_schema}'").Should().Be(1L);
    }

    // ---- Transactions ------------------------------------------------------------------------------------------------

    [Test]
    public void AScopeDisposedWithoutCommit_LeavesNothing_AndTheSameIdsAreHandedOutAgain()
    {
        using var ledger = Open();
        using (var committed = ledger.BeginDocument(Document("DOC-0", P1, "TRN0"))) committed.Commit();
        var before = ledger.Statistics();
        long rolledBackId;

        using (ledger.BeginDocument(Document("DOC-1", new PartitionKey("NEW", "PARTITION"), "TRN1")))
        {
            var claim = Claim(P1, "PCN-1", "ICN0001");
            ledger.AddClaim(claim, ClaimKeys.For(claim));
            rolledBackId = claim.Id;
            ledger.AddReceivable(new Receivable { Partition = P1, Code = "WO", Amount = 5m, DocumentId = "DOC-1", OpenedEventId = "EV" }, ["ICN0001"]);
            ledger.AddSuspense(new SuspenseItem { Partition = P1, EventId = "EV", DocumentId = "DOC-1" }, ["K"]);
            ledger.AddPendingReversal(new PendingReversal { Partition = P1, Reversal = claim, ReversalEventId = "EV", DueDate = new DateOnly(2026, 1, 1) }, ["K"]);
            ledger.RegisterProvider("TIN1", "1999990017");
            ledger.RecordEvents(SampleEvents.OneOfEachType());
            ledger.Events().Should().HaveCount(SampleEvents.OneOfEachType().Count, "the scope sees its own events");
            // not committed
        }

        ledger.Statistics().Should().Be(before);
        ledger.ContainsDocument("DOC-1").Should().BeFalse();
        ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001")).Should().BeEmpty();
        ledger.GetClaim(rolledBackId).Should().BeNull();
        ledger.FindOpenReceivables(P1, "ICN0001").Should().BeEmpty();
        ledger.FindSuspense(P1, "K").Should().BeEmpty();
        ledger.FindPendingReversals(P1, "K").Should().BeEmpty();
        ledger.TaxIdOf("1999990017").Should().BeNull();
        ledger.Events().Should().BeEmpty("events are written in the transaction of the change that caused them");

        using (var scope = ledger.BeginDocument(Document("DOC-1", new PartitionKey("NEW", "PARTITION"), "TRN1")))
        {
            var claim = Claim(P1, "PCN-1", "ICN0001");
            ledger.AddClaim(claim, ClaimKeys.For(claim));
            claim.Id.Should().Be(rolledBackId);
            scope.Commit();
        }
        ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001")).Should().ContainSingle();
    }

    [Test]
    public void TheDocumentIdentityIsUnique()
    {
        using var ledger = Open();
        using (var scope = ledger.BeginDocument(Document("DOC-1", P1, "TRN1"))) scope.Commit();

        var again = () => ledger.BeginDocument(Document("DOC-1", P1, "TRN1-OTHER"));

        again.Should().Throw<InvalidOperationException>().WithMessage("*already in the ledger*")
            .WithInnerException<PostgresException>().Which.SqlState.Should().Be(PostgresErrorCodes.UniqueViolation);
        ledger.InScope.Should().BeFalse();
        using (var scope = ledger.BeginDocument(Document("DOC-2", P1, "TRN2"))) scope.Commit();
        ledger.Documents().Select(d => d.Record.DocumentId).Should().Equal("DOC-1", "DOC-2");
        var duplicate = () => _database.Execute(
            $"INSERT INTO {_schema}.document (document_id, partition_id, total_payment, content_hash) VALUES ('DOC-1', 1, 0, 'H')");
        duplicate.Should().Throw<PostgresException>().Which.SqlState.Should().Be(PostgresErrorCodes.UniqueViolation);
    }

    [Test]
    public void ManyClaimsInOneRemittance_GoInWithCopy_AndAreAllFound()
    {
        using (var ledger = Open())
        {
            using var scope = ledger.BeginDocument(Document("DOC-1", P1, "TRN1"));
            for (var i = 0; i < 10_000; i++)
            {
                var claim = Claim(P1, $"PCN-{i}", $"ICN{i:D6}");
                ledger.AddClaim(claim, ClaimKeys.For(claim));
                if (i % 1000 == 999) ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, $"ICN{i - 500:D6}")).Single().Id.Should().Be(i - 499);
            }
            scope.Commit();
        }

        using (var ledger = Open())
        {
            ledger.Statistics().Claims.Should().Be(10_000);
            ledger.Documents().Single().ClaimCount.Should().Be(10_000);
            ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN009999")).Single().Id.Should().Be(10_000);
            ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PaidAmount, "120.00")).Should().HaveCount(10_000).And.BeInAscendingOrder(c => c.Id);
        }
    }

    // ---- Writers taking turns ------------------------------------------------------------------------------------------

    [Test]
    public async Task WritersOfDifferentPartitions_GoSideBySide_WritersOfOnePartition_TakeTurns()
    {
        using var first = Open();
        using var second = Open();
        var scope = first.BeginDocument(Document("DOC-1", P1, "TRN1"));
        var claim = Claim(P1, "PCN-1", "ICN0001");
        first.AddClaim(claim, ClaimKeys.For(claim));

        // Another partition: not held up by the open transaction.
        var other = Task.Run(() =>
        {
            using var s = second.BeginDocument(Document("DOC-2", P2, "TRN2"));
            var c = Claim(P2, "PCN-2", "ICN0002");
            second.AddClaim(c, ClaimKeys.For(c));
            s.Commit();
        });
        (await Task.WhenAny(other, Task.Delay(TimeSpan.FromSeconds(30)))).Should().Be(other, "writers of different partitions do not wait for each other");
        await other;

        // The same partition: waits until the first writer commits, then sees its claim and numbers after it.
        LedgerClaim? added = null;
        var same = Task.Run(() =>
        {
            using var s = second.BeginDocument(Document("DOC-3", P1, "TRN3"));
            second.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001")).Should().ContainSingle();
            added = Claim(P1, "PCN-3", "ICN0003");
            second.AddClaim(added, ClaimKeys.For(added));
            s.Commit();
        });
        (await Task.WhenAny(same, Task.Delay(Waiting))).Should().NotBe(same, "the partition is locked by the first writer's transaction");
        scope.Commit();
        scope.Dispose();
        await same.WaitAsync(TimeSpan.FromSeconds(30));

        added!.Id.Should().BeGreaterThan(claim.Id, "ids keep increasing within a partition whichever writer adds them");
        using var scope2 = first.BeginDocument(Document("DOC-4", P1, "TRN4"));
        first.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0003")).Should().ContainSingle("the first writer reads what the second added");
        scope2.Commit();
    }

    [Test]
    public async Task ContainsDocument_WaitsForTheWriterProcessingThatRemittance_ThenFindsItCommitted()
    {
        using var first = Open();
        using var second = Open();
        first.ContainsDocument("DOC-1").Should().BeFalse();

        var asked = Task.Run(() => second.ContainsDocument("DOC-1"));
        (await Task.WhenAny(asked, Task.Delay(Waiting))).Should().NotBe(asked, "the first writer is processing it");
        using (var scope = first.BeginDocument(Document("DOC-1", P1, "TRN1"))) scope.Commit();

        (await asked.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeTrue("the second writer finds it committed, and the engine reports a duplicate");
        second.ContainsDocument("DOC-2").Should().BeFalse();
        first.ContainsDocument("DOC-3").Should().BeFalse("another remittance is not held up");
    }

    [Test]
    public async Task BeginTransaction_WaitsUntilNoOtherWriterIsInTheMiddleOfARun()
    {
        var first = Open();
        using var second = Open();
        first.ContainsDocument("DOC-1").Should().BeFalse();
        using (var scope = first.BeginDocument(Document("DOC-1", P1, "TRN1"))) scope.Commit();

        var completing = Task.Run(() =>
        {
            using var scope = second.BeginTransaction();
            var open = second.AllOpenReceivables();
            scope.Commit();
            return open;
        });
        (await Task.WhenAny(completing, Task.Delay(Waiting))).Should().NotBe(completing, "the first writer is in the middle of a run");
        first.Dispose();

        (await completing.WaitAsync(TimeSpan.FromSeconds(30))).Should().BeEmpty();
    }

    // ---- Connections -------------------------------------------------------------------------------------------------

    [Test]
    public void AServerThatRefuses_IsAConnectionException_NamingHostAndDatabase_NeverThePassword()
    {
        var server = new NpgsqlConnectionStringBuilder(_database.ConnectionString);
        var wrong = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Password = "Wr0ng-secret" };
        var closed = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Port = 1, Password = "Wr0ng-secret" };

        var refused = () => PostgreSqlClaimLedger.Open(wrong.ConnectionString, Options);
        var unreachable = () => PostgreSqlClaimLedger.Open(closed.ConnectionString, Options);

        refused.Should().Throw<PostgreSqlLedgerConnectionException>()
            .Where(e => e.Message.Contains(server.Host!) && e.Message.Contains(_database.Name) && e.Message.Contains("password authentication failed")
                        && !e.Message.Contains("Wr0ng-secret") && e.Database == _database.Name);
        unreachable.Should().Throw<PostgreSqlLedgerConnectionException>()
            .Where(e => e.Message.Contains($"{server.Host}:1,") && e.Port == 1 && !e.Message.Contains("Wr0ng-secret"));
    }

    private NpgsqlConnection Connect()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

/// <summary>Connection strings as users write them (no server needed).</summary>
public sealed class PostgreSqlConnectionStringTests
{
    [TestCase("Host=127.0.0.1;Database=recoup", true)]
    [TestCase("host = db.internal ; Port=5433; Database=recoup", true)]
    [TestCase("postgresql://recoup@db/recoup", true)]
    [TestCase("postgres://db/recoup", true)]
    [TestCase("recoup.db", false)]
    [TestCase("./ledger=1.db", false)]
    [TestCase("/var/lib/recoup/ledger.db", false)]
    [TestCase("C:\\ledgers\\recoup.db", false)]
    public void IsConnectionString_TellsAConnectionStringFromAPath(string value, bool expected) =>
        PostgreSqlConnectionString.IsConnectionString(value).Should().Be(expected);

    [Test]
    public void AUri_GivesEveryPart_PercentDecoded()
    {
        var builder = PostgreSqlConnectionString.Parse("postgresql://re%40coup:p%3Ass%2Fw@db.internal:5433/ledger%20one?sslmode=require&application_name=worker&connect_timeout=7");

        builder.Username.Should().Be("re@coup");
        builder.Password.Should().Be("p:ss/w");
        builder.Host.Should().Be("db.internal");
        builder.Port.Should().Be(5433);
        builder.Database.Should().Be("ledger one");
        builder.SslMode.Should().Be(SslMode.Require);
        builder.ApplicationName.Should().Be("worker");
        builder.Timeout.Should().Be(7);
        PostgreSqlConnectionString.Parse("postgresql://[::1]/recoup").Host.Should().Be("::1");
        PostgreSqlConnectionString.Parse("postgresql:///recoup?host=/var/run/postgresql").Host.Should().Be("/var/run/postgresql");
    }

    [Test]
    public void Describe_AndRedacted_NameServerAndDatabase_NeverThePassword()
    {
        var builder = PostgreSqlConnectionString.Parse("Host=db;Port=5433;Database=recoup;Username=clerk;Password=Top-secret-1");

        PostgreSqlConnectionString.Describe(builder).Should().Be("host db:5433, database recoup, user clerk");
        PostgreSqlConnectionString.Redacted(builder).Should().Be("postgresql://clerk@db:5433/recoup");
    }

    [TestCase("Host=db;Password=Top-secret-1", "*names no database*")]
    [TestCase("Database=recoup;Password=Top-secret-1", "*names no host*")]
    [TestCase("Host=db;Database=recoup;Colour=blue;Password=Top-secret-1", "*Not a valid PostgreSQL connection string*")]
    [TestCase("postgresql://clerk:Top-secret-1@db/recoup?flavour=x", "*'flavour' is not supported*")]
    [TestCase("Host=db;Database=recoup;Port=Top-secret-1;Password=Top-secret-1", "*Not a valid*")]
    public void AnInvalidConnectionString_IsAnArgumentException_WithoutThePassword(string value, string message)
    {
        var parse = () => PostgreSqlConnectionString.Parse(value);

        parse.Should().Throw<ArgumentException>().WithMessage(message).Where(e => !e.Message.Contains("Top-secret-1"));
    }
}
