using Microsoft.Data.Sqlite;
using Recoupment.Detection.Cases;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Reporting;
using Recoupment.Detection.Sqlite;
using Recoupment.Detection.Tests.Ledgers;
using static Recoupment.Detection.Tests.Ledgers.ClaimLedgerContractTests;

namespace Recoupment.Detection.Tests.Sqlite;

/// <summary>What only a durable ledger has: transactions, the unique document identity, persistence, the schema and its migrations.</summary>
public sealed class SqliteLedgerStorageTests
{
    private static readonly PartitionKey P1 = new("PAYER1", "TIN1");

    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = TempFolder.Create();

    [TearDown]
    public void TearDown() => TempFolder.Delete(_folder);

    private string LedgerPath => Path.Combine(_folder, "ledger.db");

    // ---- Opening and the schema ------------------------------------------------------------------------------------

    [Test]
    public void Open_CreatesANewFile_AtTheCurrentSchema_InWalMode()
    {
        SqliteClaimLedger.ReadSchemaVersion(LedgerPath).Should().Be(0);

        using (var ledger = SqliteClaimLedger.Open(LedgerPath))
        {
            ledger.OpenedSchemaVersion.Should().Be(0);
            ledger.SchemaVersion.Should().Be(SqliteClaimLedger.CurrentSchemaVersion).And.Be(4);
            ledger.WasMigrated.Should().BeFalse();
            ledger.JournalMode.Should().Be("wal");
            ledger.Path.Should().Be(Path.GetFullPath(LedgerPath));
            ledger.Statistics().Should().Be(new LedgerStatistics(4, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        }

        SqliteClaimLedger.ReadSchemaVersion(LedgerPath).Should().Be(4);
        Scalar("PRAGMA journal_mode;").Should().Be("wal");
    }

    [Test]
    public void Open_AnExistingLedger_KeepsItsData_AndContinuesItsIds()
    {
        long firstId;
        using (var ledger = SqliteClaimLedger.Open(LedgerPath))
        {
            using var scope = ledger.BeginDocument(Document("DOC-1", P1, "TRN1"));
            var claim = Claim(P1, "PCN-1", "ICN0001");
            ledger.AddClaim(claim, ClaimKeys.For(claim));
            ledger.RegisterProvider("TIN1", "1999990017");
            ledger.RecordEvents(SampleEvents.OneOfEachType());
            scope.Commit();
            firstId = claim.Id;
        }

        using (var ledger = SqliteClaimLedger.Open(LedgerPath))
        {
            ledger.OpenedSchemaVersion.Should().Be(4);
            ledger.ContainsDocument("DOC-1").Should().BeTrue();
            ledger.GetClaim(firstId).Should().BeEquivalentTo(Claim(P1, "PCN-1", "ICN0001"), o => o.Excluding(c => c.Id));
            ledger.TaxIdOf("1999990017").Should().Be("TIN1");
            ledger.Events().Should().HaveCount(SampleEvents.OneOfEachType().Count);
            var next = Claim(P1, "PCN-2", "ICN0002");
            ledger.AddClaim(next, ClaimKeys.For(next));
            next.Id.Should().Be(firstId + 1);
        }
    }

    [Test]
    public void Open_MigratesAVersion1Ledger_AndKeepsItsData()
    {
        // A version-1 file as the first release wrote it, with one remittance and one claim.
        using (var connection = Connect())
        {
            Execute(connection, SqliteSchema.Version1);
            Execute(connection, "PRAGMA user_version = 1;");
            Execute(connection, """
                INSERT INTO partition (id, payer_id, payee_id) VALUES (1, 'PAYER1', 'TIN1');
                INSERT INTO document (document_id, partition_id, trace, total_payment, date, content_hash, file)
                    VALUES ('DOC-1', 1, 'TRN1', '1385.00', '2026-01-15', 'HASH', 'a.835');
                INSERT INTO event (event_id, event_type, family, payer_id, payee_id, amount, mode, confidence, root_cause, carc_codes)
                    VALUES ('EV1', 'ClaimReversed', 'Recoupment', 'PAYER1', 'TIN1', '120.00', 'None', 'High', 'Unknown', 'CO-45');
                UPDATE ledger_state SET next_id = 2;
                """);
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO claim (id, partition_id, document_id, patient_control_number, payer_claim_number, paid, remittance_date, state,
                    possible_duplicate, body, keys)
                VALUES (1, 1, 'DOC-1', 'PCN-1', 'ICN0001', '120.00', '2026-01-15', 0, 0,
                        '{"t":"TRN1","s":"1","c":200.00,"a":[{"g":"CO","c":"45","m":80.00}],"l":[{"p":"HC:99213","c":200.00,"d":120.00}]}', $keys);
                """;
            var hashes = ClaimKeyHashIndex.Hashes([new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001"), new ClaimKey(ClaimKeyKind.PatientControlNumber, "PCN1")]);
            var keys = new byte[hashes.Length * 8];
            ClaimKeyHashIndex.Encode(hashes, keys);
            insert.Parameters.AddWithValue("$keys", keys);
            insert.ExecuteNonQuery();
        }
        SqliteClaimLedger.ReadSchemaVersion(LedgerPath).Should().Be(1);

        using var ledger = SqliteClaimLedger.Open(LedgerPath);

        ledger.OpenedSchemaVersion.Should().Be(1);
        ledger.SchemaVersion.Should().Be(4);
        ledger.WasMigrated.Should().BeTrue();
        ledger.ContainsDocument("DOC-1").Should().BeTrue();
        ledger.Documents().Should().ContainSingle().Which.ClaimCount.Should().Be(1, "migration 2 counts the claims each remittance added");
        var claim = ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001")).Single();
        ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PatientControlNumber, "PCN1")).Single().Id.Should().Be(claim.Id);
        claim.Paid.Should().Be(120m);
        claim.Adjustments.Should().Equal(new AdjustmentAmount("CO", "45", 80m));
        claim.Lines.Single().Procedure.Should().Be("HC:99213");
        ledger.FindEvent("EV1").Should().BeOfType<ClaimReversed>().Which.CarcCodes.Should().Equal("CO-45");
        Scalar("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'event_by_event_id';").Should().Be("1");

        var next = Claim(P1, "PCN-2", "ICN0002");
        using (var scope = ledger.BeginDocument(Document("DOC-2", P1, "TRN2")))
        {
            ledger.AddClaim(next, ClaimKeys.For(next));
            scope.Commit();
        }
        next.Id.Should().Be(2);
        ledger.Documents().Select(d => d.ClaimCount).Should().Equal(1, 1);
    }

    [Test]
    public void Open_MigratesAVersion2Ledger_WithData_AndLaterRemittancesKeepTheirNames()
    {
        // A version-2 file as the release before names wrote it: one remittance with one claim and its events.
        using (var connection = Connect())
        {
            Execute(connection, SqliteSchema.Version1);
            Execute(connection, SqliteSchema.Version2);
            Execute(connection, "PRAGMA user_version = 2;");
            Execute(connection, """
                INSERT INTO partition (id, payer_id, payee_id) VALUES (1, 'PAYER1', 'TIN1');
                INSERT INTO document (document_id, partition_id, trace, total_payment, date, content_hash, file, claim_count)
                    VALUES ('DOC-1', 1, 'TRN1', '1385.00', '2026-01-15', 'HASH', 'a.835', 1);
                INSERT INTO event (event_id, event_type, family, payer_id, payee_id, amount, mode, confidence, root_cause, carc_codes)
                    VALUES ('EV1', 'ClaimReversed', 'Recoupment', 'PAYER1', 'TIN1', '120.00', 'None', 'High', 'Unknown', 'CO-45');
                UPDATE ledger_state SET next_id = 2;
                """);
        }

        using var ledger = SqliteClaimLedger.Open(LedgerPath);

        ledger.OpenedSchemaVersion.Should().Be(2);
        ledger.SchemaVersion.Should().Be(4);
        var old = ledger.AllDocuments().Should().ContainSingle().Subject;
        old.Should().Be(new DocumentRecord("DOC-1", P1, "TRN1", 1385.00m, new DateOnly(2026, 1, 15), "HASH", "a.835"), "the data is kept, without names it never had");
        ledger.FindEvent("EV1").Should().BeOfType<ClaimReversed>();

        var named = Document("DOC-2", P1, "TRN2") with { PayerName = "ACME HEALTH PLAN", PayeeName = "NORTHWIND FAMILY MEDICINE", PayeeNpi = "1999990017" };
        using (var scope = ledger.BeginDocument(named)) scope.Commit();
        ledger.AllDocuments().Should().Equal(old, named);
        ledger.Documents().Select(d => d.ClaimCount).Should().Equal(1, 0);
    }

    [Test]
    public void Open_MigratesAVersion3Ledger_WithAnOpenReceivable_AndItsCaseCanBeTracked()
    {
        // A version-3 file as the release before cases wrote it: one remittance that opened a receivable.
        using (var connection = Connect())
        {
            Execute(connection, SqliteSchema.Version1);
            Execute(connection, SqliteSchema.Version2);
            Execute(connection, SqliteSchema.Version3);
            Execute(connection, "PRAGMA user_version = 3;");
            Execute(connection, """
                INSERT INTO partition (id, payer_id, payee_id) VALUES (1, 'PAYER1', 'TIN1');
                INSERT INTO document (document_id, partition_id, trace, total_payment, date, content_hash, file, claim_count, payer_name)
                    VALUES ('DOC-1', 1, 'TRN1', '0.00', '2026-01-15', 'HASH', 'a.835', 0, 'ACME HEALTH PLAN');
                INSERT INTO receivable (id, partition_id, code, reference, amount, collected, status, opened_date, document_id, opened_event_id,
                        appeal_deadline, stale_reported)
                    VALUES (1, 1, 'WO', 'ICN1', '250.00', '0', 0, '2026-01-15', 'DOC-1', 'EV00000000000000c3', '2026-05-15', 0);
                INSERT INTO receivable_key (partition_id, value, receivable_id, dup) VALUES (1, 'ICN1', 1, 0);
                INSERT INTO event (event_id, event_type, family, payer_id, payee_id, amount, mode, confidence, root_cause, carc_codes, receivable_id,
                        remittance_date)
                    VALUES ('EV00000000000000c3', 'ReceivableOpened', 'Recoupment', 'PAYER1', 'TIN1', '250.00', 'Deferred', 'High', 'Coding', 'CO-50', '1',
                        '2026-01-15');
                UPDATE ledger_state SET next_id = 2;
                """);
        }

        using (var ledger = SqliteClaimLedger.Open(LedgerPath))
        {
            ledger.OpenedSchemaVersion.Should().Be(3);
            ledger.SchemaVersion.Should().Be(4);
            ledger.AllCaseEntries().Should().BeEmpty();
            var item = RecoupmentReport.Create(ledger, new DateOnly(2026, 3, 1)).Worklist.Should().ContainSingle().Subject;
            item.CaseId.Should().Be("CS00000000000000c3");
            item.CaseStatus.Should().Be(CaseStatus.New);
            item.Outstanding.Should().Be(250.00m, "the data is kept");
            new CaseBook(ledger).Set(item.CaseId, CaseStatus.Accepted, "Valid: units billed twice", "ana");
        }

        using var again = SqliteClaimLedger.Open(LedgerPath);
        again.OpenedSchemaVersion.Should().Be(4);
        var report = RecoupmentReport.Create(again, new DateOnly(2026, 3, 1));
        report.Worklist.Should().BeEmpty("an accepted case leaves the worklist");
        report.Cases.Should().ContainSingle().Which.CaseNote.Should().Be("Valid: units billed twice");
        report.Overall.OpenReceivables.Should().Be(new ReportTally(1, 250.00m), "and stays in the totals");
        again.CaseHistory("CS00000000000000c3").Should().ContainSingle().Which.By.Should().Be("ana");
    }

    [Test]
    public void Open_ALedgerOfANewerVersion_Throws()
    {
        using (var connection = Connect()) Execute(connection, "PRAGMA user_version = 99;");

        var open = () => SqliteClaimLedger.Open(LedgerPath);

        open.Should().Throw<InvalidDataException>().WithMessage("*version 99*");
    }

    [Test]
    public void Open_ASqliteDatabaseThatIsNotALedger_Throws_AndLeavesItAlone()
    {
        using (var connection = Connect()) Execute(connection, "CREATE TABLE other (x);");

        var open = () => SqliteClaimLedger.Open(LedgerPath);

        open.Should().Throw<InvalidDataException>().WithMessage("*not a claim ledger*");
        Scalar("SELECT count(*) FROM sqlite_schema;").Should().Be("1");
    }

    [Test]
    public void Open_AFileThatIsNotSqlite_Throws()
    {
        File.WriteAllText(LedgerPath, "ISA*00*          *00*          *ZZ*SENDER~" + new string('x', 200));

        var open = () => SqliteClaimLedger.Open(LedgerPath);

        open.Should().Throw<InvalidDataException>().WithMessage("*not a SQLite database*");
    }

    // ---- Transactions ----------------------------------------------------------------------------------------------

    [Test]
    public void AScopeDisposedWithoutCommit_LeavesNothingBehind()
    {
        using var ledger = SqliteClaimLedger.Open(LedgerPath);
        using (var committed = ledger.BeginDocument(Document("DOC-0", P1, "TRN0"))) committed.Commit();
        var before = ledger.Statistics();
        long rolledBackId;

        using (ledger.BeginDocument(Document("DOC-1", new PartitionKey("NEW", "PARTITION"), "TRN1")))
        {
            var claim = Claim(P1, "PCN-1", "ICN0001");
            ledger.AddClaim(claim, ClaimKeys.For(claim));
            rolledBackId = claim.Id;
            var receivable = new Receivable { Partition = P1, Code = "WO", Amount = 5m, DocumentId = "DOC-1", OpenedEventId = "EV" };
            ledger.AddReceivable(receivable, ["ICN0001"]);
            ledger.AddSuspense(new SuspenseItem { Partition = P1, EventId = "EV", DocumentId = "DOC-1" }, ["K"]);
            ledger.AddPendingReversal(new PendingReversal { Partition = P1, Reversal = claim, ReversalEventId = "EV", DueDate = new DateOnly(2026, 1, 1) }, ["K"]);
            ledger.RegisterProvider("TIN1", "1999990017");
            ledger.RecordEvents(SampleEvents.OneOfEachType());
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
        ledger.Events().Should().BeEmpty();

        // The ledger goes on as if the scope had never been: the same ids are handed out again.
        using (var scope = ledger.BeginDocument(Document("DOC-1", new PartitionKey("NEW", "PARTITION"), "TRN1")))
        {
            var claim = Claim(P1, "PCN-1", "ICN0001");
            ledger.AddClaim(claim, ClaimKeys.For(claim));
            claim.Id.Should().Be(rolledBackId);
            ledger.RegisterProvider("TIN1", "1999990017");
            scope.Commit();
        }
        ledger.TaxIdOf("1999990017").Should().Be("TIN1");
        ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001")).Should().ContainSingle();
    }

    [Test]
    public void ALedgerDisposedInTheMiddleOfARemittance_KeepsOnlyCommittedRemittances()
    {
        using (var ledger = SqliteClaimLedger.Open(LedgerPath))
        {
            using (var scope = ledger.BeginDocument(Document("DOC-1", P1, "TRN1")))
            {
                var claim = Claim(P1, "PCN-1", "ICN0001");
                ledger.AddClaim(claim, ClaimKeys.For(claim));
                scope.Commit();
            }
            var open = ledger.BeginDocument(Document("DOC-2", P1, "TRN2"));
            var half = Claim(P1, "PCN-2", "ICN0002");
            ledger.AddClaim(half, ClaimKeys.For(half));
            ledger.RecordEvents(SampleEvents.OneOfEachType());
            GC.KeepAlive(open); // never committed: the process "dies" here
        }

        using (var ledger = SqliteClaimLedger.Open(LedgerPath))
        {
            ledger.ContainsDocument("DOC-1").Should().BeTrue();
            ledger.ContainsDocument("DOC-2").Should().BeFalse();
            ledger.Statistics().Claims.Should().Be(1);
            ledger.Events().Should().BeEmpty();
        }
    }

    [Test]
    public void TheDocumentIdentityIsUnique()
    {
        using var ledger = SqliteClaimLedger.Open(LedgerPath);
        using (var scope = ledger.BeginDocument(Document("DOC-1", P1, "TRN1"))) scope.Commit();

        var again = () => ledger.BeginDocument(Document("DOC-1", P1, "TRN1-OTHER"));

        again.Should().Throw<InvalidOperationException>().WithMessage("*already in the ledger*")
            .WithInnerException<SqliteException>().Which.SqliteErrorCode.Should().Be(19);
        ledger.InScope.Should().BeFalse();
        ledger.Documents().Should().ContainSingle();
        using (var scope = ledger.BeginDocument(Document("DOC-2", P1, "TRN2"))) scope.Commit();
        ledger.Documents().Select(d => d.Record.DocumentId).Should().Equal("DOC-1", "DOC-2");

        using var connection = Connect();
        var duplicate = () => Execute(connection,
            "INSERT INTO document (document_id, partition_id, total_payment, content_hash) VALUES ('DOC-1', 1, '0', 'H');");
        duplicate.Should().Throw<SqliteException>().Which.SqliteErrorCode.Should().Be(19);
    }

    [Test]
    public void ScopesDoNotNest_AndBeginTransactionGroupsChangesOutsideRemittances()
    {
        using var ledger = SqliteClaimLedger.Open(LedgerPath);
        using (ledger.BeginDocument(Document("DOC-1", P1, "TRN1")))
        {
            var nested = () => ledger.BeginDocument(Document("DOC-2", P1, "TRN2"));
            nested.Should().Throw<InvalidOperationException>();
        }

        using (ledger.BeginTransaction())
        {
            ledger.RecordEvents(SampleEvents.OneOfEachType());
        }
        ledger.Events().Should().BeEmpty();

        using (var scope = ledger.BeginTransaction())
        {
            ledger.RecordEvents(SampleEvents.OneOfEachType());
            scope.Commit();
        }
        ledger.Events().Should().HaveCount(SampleEvents.OneOfEachType().Count);
    }

    [Test]
    public void ManyClaimsInOneRemittance_AreAllWrittenAndFound()
    {
        using (var ledger = SqliteClaimLedger.Open(LedgerPath))
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

        using (var ledger = SqliteClaimLedger.Open(LedgerPath))
        {
            ledger.Statistics().Claims.Should().Be(10_000);
            ledger.Documents().Single().ClaimCount.Should().Be(10_000);
            ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN009999")).Single().Id.Should().Be(10_000);
            ledger.FindClaims(P1, new ClaimKey(ClaimKeyKind.PaidAmount, "120.00")).Should().HaveCount(10_000)
                .And.BeInAscendingOrder(c => c.Id);
        }
    }

    [Test]
    public void TwoLedgersOnOneFile_TakeTurns_AndSeeEachOthersChanges()
    {
        using var first = SqliteClaimLedger.Open(LedgerPath);
        using var second = SqliteClaimLedger.Open(LedgerPath);
        second.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001")).Should().BeEmpty();

        using (var scope = first.BeginDocument(Document("DOC-1", P1, "TRN1")))
        {
            var claim = Claim(P1, "PCN-1", "ICN0001");
            first.AddClaim(claim, ClaimKeys.For(claim));
            first.RegisterProvider("TIN1", "1999990017");
            scope.Commit();
        }
        LedgerClaim added;
        using (var scope = second.BeginDocument(Document("DOC-2", P1, "TRN2")))
        {
            second.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0001")).Should().ContainSingle().Which.Id.Should().Be(1);
            second.TaxIdOf("1999990017").Should().Be("TIN1");
            added = Claim(P1, "PCN-2", "ICN0002");
            second.AddClaim(added, ClaimKeys.For(added));
            scope.Commit();
        }

        added.Id.Should().Be(2, "ids continue after the other writer's");
        using (var scope = first.BeginDocument(Document("DOC-3", P1, "TRN3")))
        {
            first.FindClaims(P1, new ClaimKey(ClaimKeyKind.PayerClaimNumber, "ICN0002")).Should().ContainSingle().Which.Id.Should().Be(2);
            scope.Commit();
        }
        first.Statistics().Documents.Should().Be(3);
    }

    [Test]
    public void UsingADisposedLedger_Throws()
    {
        var ledger = SqliteClaimLedger.OpenInMemory();
        ledger.Dispose();
        ledger.Dispose();

        var use = () => ledger.ContainsDocument("X");

        use.Should().Throw<ObjectDisposedException>();
    }

    // ---- Helpers ---------------------------------------------------------------------------------------------------

    private SqliteConnection Connect()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = LedgerPath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private string? Scalar(string sql)
    {
        using var connection = Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
