using Microsoft.Data.Sqlite;

namespace Recoupment.Detection.Sqlite;

/// <summary>
/// The ledger schema as an ordered list of migrations. The version of a database is <c>PRAGMA user_version</c>: 0 for
/// an empty file, <c>n</c> once migration <c>n</c> ran. Each migration runs in its own transaction together with the
/// version bump, so a database is always at a whole version.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>Migration 1: every table of the ledger.</summary>
    /// <remarks>
    /// Money is TEXT (the invariant decimal, scale kept), dates are TEXT <c>yyyy-MM-dd</c> (they sort), enums are
    /// INTEGER. Claims are append-only rows (ids only grow) carrying the 64-bit hashes of their lookup keys in
    /// <c>keys</c> (8 bytes each, <see cref="ClaimKeyHashIndex.Hash"/>: part of the format); the key indexes are built in memory from them when claims are first looked up (<see cref="ClaimKeyHashIndex"/>), so that
    /// adding a claim appends one row and never inserts into a B-tree at random places. A claim's columns are what
    /// changes (state, links) and what an analyst queries (numbers, payment, date); the rest is one compact JSON
    /// <c>body</c> (<see cref="ClaimBody"/>). The few receivables, suspense items and
    /// pending reversals have key tables, WITHOUT ROWID with the lookup columns first, read in id order ("oldest
    /// first"). <c>dup</c> numbers a record listed twice under one key (two raw identifiers that normalise alike), so
    /// the ledger answers exactly as the in-memory one does.
    /// </remarks>
    public const string Version1 = """
        CREATE TABLE ledger_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            next_id INTEGER NOT NULL
        );
        INSERT INTO ledger_state (id, next_id) VALUES (1, 1);

        CREATE TABLE partition (
            id INTEGER PRIMARY KEY,
            payer_id TEXT NOT NULL,
            payee_id TEXT NOT NULL,
            UNIQUE (payer_id, payee_id)
        );

        CREATE TABLE document (
            seq INTEGER PRIMARY KEY,
            document_id TEXT NOT NULL UNIQUE,
            partition_id INTEGER NOT NULL REFERENCES partition (id),
            trace TEXT,
            total_payment TEXT NOT NULL,
            date TEXT,
            content_hash TEXT NOT NULL,
            file TEXT
        );
        CREATE INDEX document_by_trace ON document (partition_id, trace) WHERE trace IS NOT NULL;

        CREATE TABLE claim (
            id INTEGER PRIMARY KEY,
            partition_id INTEGER NOT NULL REFERENCES partition (id),
            document_id TEXT NOT NULL,
            patient_control_number TEXT NOT NULL,
            payer_claim_number TEXT,
            paid TEXT NOT NULL,
            remittance_date TEXT,
            state INTEGER NOT NULL,
            reversed_by_document_id TEXT,
            correction_of_claim_id INTEGER,
            possible_duplicate INTEGER NOT NULL,
            body TEXT NOT NULL,
            keys BLOB NOT NULL
        );

        CREATE TABLE receivable (
            id INTEGER PRIMARY KEY,
            partition_id INTEGER NOT NULL REFERENCES partition (id),
            code TEXT NOT NULL,
            reference TEXT,
            provider_id TEXT,
            amount TEXT NOT NULL,
            collected TEXT NOT NULL,
            status INTEGER NOT NULL,
            opened_date TEXT,
            document_id TEXT NOT NULL,
            remittance_trace TEXT,
            opened_event_id TEXT NOT NULL,
            chain_id TEXT,
            claim_id TEXT,
            payer_claim_number TEXT,
            original_paid_amount TEXT,
            original_remittance_trace TEXT,
            appeal_deadline TEXT,
            stale_reported INTEGER NOT NULL
        );
        CREATE INDEX receivable_open ON receivable (partition_id, id) WHERE status = 0;

        CREATE TABLE receivable_key (
            partition_id INTEGER NOT NULL,
            value TEXT NOT NULL,
            receivable_id INTEGER NOT NULL REFERENCES receivable (id),
            dup INTEGER NOT NULL,
            PRIMARY KEY (partition_id, value, receivable_id, dup)
        ) WITHOUT ROWID;

        CREATE TABLE suspense (
            id INTEGER PRIMARY KEY,
            partition_id INTEGER NOT NULL REFERENCES partition (id),
            event_id TEXT NOT NULL,
            amount TEXT NOT NULL,
            document_id TEXT NOT NULL,
            remittance_trace TEXT,
            remittance_date TEXT,
            plb_reason_code TEXT,
            plb_reference TEXT,
            provider_id TEXT,
            claim_id TEXT,
            payer_claim_number TEXT,
            removed INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE suspense_key (
            partition_id INTEGER NOT NULL,
            value TEXT NOT NULL,
            suspense_id INTEGER NOT NULL REFERENCES suspense (id),
            dup INTEGER NOT NULL,
            PRIMARY KEY (partition_id, value, suspense_id, dup)
        ) WITHOUT ROWID;

        CREATE TABLE pending_reversal (
            id INTEGER PRIMARY KEY,
            partition_id INTEGER NOT NULL REFERENCES partition (id),
            original_claim_id INTEGER,
            original_paid TEXT NOT NULL,
            original_remittance_trace TEXT,
            reversal_event_id TEXT NOT NULL,
            due_date TEXT NOT NULL,
            reversal TEXT NOT NULL,
            removed INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX pending_reversal_due ON pending_reversal (partition_id, due_date, id) WHERE removed = 0;
        CREATE INDEX pending_reversal_due_all ON pending_reversal (due_date, id) WHERE removed = 0;

        CREATE TABLE pending_reversal_key (
            partition_id INTEGER NOT NULL,
            value TEXT NOT NULL,
            pending_id INTEGER NOT NULL REFERENCES pending_reversal (id),
            dup INTEGER NOT NULL,
            PRIMARY KEY (partition_id, value, pending_id, dup)
        ) WITHOUT ROWID;

        CREATE TABLE provider (
            provider_id TEXT PRIMARY KEY,
            tax_id TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE event (
            seq INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL,
            event_type TEXT NOT NULL,
            family TEXT NOT NULL,
            payer_id TEXT NOT NULL,
            payee_id TEXT NOT NULL,
            provider_id TEXT,
            remittance_trace TEXT,
            remittance_date TEXT,
            claim_id TEXT,
            payer_claim_number TEXT,
            original_payer_claim_number TEXT,
            original_remittance_trace TEXT,
            original_paid_amount TEXT,
            amount TEXT NOT NULL,
            remaining_amount TEXT,
            plb_reason_code TEXT,
            plb_reference TEXT,
            mode TEXT NOT NULL,
            confidence TEXT NOT NULL,
            root_cause TEXT NOT NULL,
            carc_codes TEXT NOT NULL,
            appeal_deadline TEXT,
            related_event_id TEXT,
            note TEXT,
            delta TEXT,
            lookback_violation TEXT,
            receivable_id TEXT,
            from_reference TEXT,
            to_reference TEXT,
            from_provider TEXT,
            for_provider TEXT,
            category TEXT,
            reason TEXT
        );
        """;

    /// <summary>
    /// Migration 2: each remittance records how many claims it added to the ledger (backfilled from the claims kept),
    /// and events get an index by event id, so that a report can follow <c>related_event_id</c> links and a run can
    /// be audited remittance by remittance (<see cref="SqliteClaimLedger.Documents"/>, <see cref="SqliteClaimLedger.FindEvent"/>).
    /// </summary>
    public const string Version2 = """
        ALTER TABLE document ADD COLUMN claim_count INTEGER NOT NULL DEFAULT 0;
        UPDATE document SET claim_count = counted.n
            FROM (SELECT document_id, count(*) AS n FROM claim GROUP BY document_id) AS counted
            WHERE counted.document_id = document.document_id;
        CREATE INDEX event_by_event_id ON event (event_id);
        """;

    /// <summary>
    /// Migration 3: each remittance keeps the payer's and payee's names (N1*PR and N1*PE N102) and the payee's NPI, so
    /// that reports show names besides the keys. Remittances written before stay without names (NULL): the ledger
    /// never had them, and the next remittance of the same payer or payee supplies them.
    /// </summary>
    public const string Version3 = """
        ALTER TABLE document ADD COLUMN payer_name TEXT;
        ALTER TABLE document ADD COLUMN payee_name TEXT;
        ALTER TABLE document ADD COLUMN payee_npi TEXT;
        """;

    /// <summary>The migrations in order: index 0 takes a database from version 0 to 1, and so on.</summary>
    // The worklist cases' history (issue 17): append-only, one row per status change.
    public const string Version4 = """
        CREATE TABLE case_entry (
            seq INTEGER PRIMARY KEY,
            case_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            status TEXT NOT NULL,
            note TEXT,
            changed_by TEXT,
            changed_at TEXT NOT NULL
        );
        CREATE INDEX case_entry_by_case ON case_entry (case_id, seq);
        """;

    public static IReadOnlyList<string> Migrations { get; } = [Version1, Version2, Version3, Version4];

    /// <summary>The version this code writes.</summary>
    public static int CurrentVersion => Migrations.Count;

    /// <summary>The version of the open database (<c>PRAGMA user_version</c>).</summary>
    public static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Brings the database to <see cref="CurrentVersion"/>; returns the version it had.</summary>
    /// <exception cref="InvalidDataException">The file is a newer ledger, or a SQLite database that is not a ledger.</exception>
    public static int Migrate(SqliteConnection connection)
    {
        var from = Check(connection);
        for (var version = from; version < CurrentVersion; version++)
        {
            Run(connection, "BEGIN IMMEDIATE;");
            try
            {
                // A concurrent opener may have migrated meanwhile: re-read under the write lock.
                if (ReadVersion(connection) != version)
                {
                    Run(connection, "ROLLBACK;");
                    version = ReadVersion(connection) - 1;
                    continue;
                }
                Run(connection, Migrations[version]);
                Run(connection, $"PRAGMA user_version = {version + 1};");
                Run(connection, "COMMIT;");
            }
            catch
            {
                try
                {
                    Run(connection, "ROLLBACK;");
                }
                catch (SqliteException)
                {
                    // Already rolled back by SQLite.
                }
                throw;
            }
        }
        return from;
    }

    /// <summary>The version of the database, checked to be one this code can open; changes nothing.</summary>
    /// <exception cref="InvalidDataException">The file is a newer ledger, or a SQLite database that is not a ledger.</exception>
    public static int Check(SqliteConnection connection)
    {
        var version = ReadVersion(connection);
        if (version > CurrentVersion)
        {
            throw new InvalidDataException(
                $"The ledger has schema version {version}; this version of Recoupment.Detection.Sqlite reads up to {CurrentVersion}.");
        }
        if (version == 0 && HasForeignTables(connection))
        {
            throw new InvalidDataException("The file is a SQLite database but not a claim ledger (it has tables and no ledger schema version).");
        }
        return version;
    }

    internal static void Run(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static bool HasForeignTables(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%';";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
