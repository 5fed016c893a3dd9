using Npgsql;

namespace Recoupment.Detection.PostgreSql;

/// <summary>
/// The ledger schema as an ordered list of migrations. The version of a ledger is the highest row of its
/// <c>schema_version</c> table (no table: version 0). Each migration runs in one transaction with its row, under an
/// advisory lock, so a ledger is always at a whole version and two processes opening a new ledger at once migrate it once.
/// </summary>
internal static class PostgreSqlSchema
{
    /// <summary>Migration 1: every table of the ledger.</summary>
    /// <remarks>
    /// <para>Money is <c>numeric</c> (scale kept), dates <c>date</c>, identifiers <c>text</c>, enums <c>smallint</c>.
    /// Every record belongs to a partition (a row of <c>partition</c>, unique by payer id and payee TIN) and every
    /// table is indexed by partition first.</para>
    /// <para>Claims are the bulk: append-only rows written with binary COPY, carrying the 64-bit hashes of their lookup
    /// keys (<c>key_hashes</c>, the engine's own <c>ClaimKeyIndex.Hash</c>: part of the format) from which the ledger
    /// builds its key index in memory (8 bytes each, little-endian, as in the SQLite ledger's <c>keys</c>); the columns
    /// are what changes (state, links) and what an analyst queries, and <c>body</c> is the whole claim as compact UTF-8
    /// JSON in a <c>bytea</c> (<c>convert_from(body, 'UTF8')::json</c> reads it; checking it as <c>json</c> on the way in
    /// cost the server about 10 µs a claim, <c>jsonb</c> 20 µs, more than the rest of the insert). The
    /// claim's partition is not a foreign key: the ledger only ever writes ids of partition rows, and a per-row check
    /// would cost more than the rest of the insert. Receivables, suspense items and pending reversals are few and have key
    /// tables; <c>dup</c> numbers a record listed twice under one key, so the ledger answers as the in-memory one does.</para>
    /// <para>Ids are unique across claims, receivables, suspense items and pending reversals: each writer takes blocks
    /// of <see cref="IdBlock"/> ids from <c>id_block</c>, and <c>partition.max_id</c> keeps ids increasing within a
    /// partition when writers take turns on it (see <see cref="PostgreSqlClaimLedger"/>). <c>partition.writes</c>
    /// counts the transactions that changed the partition: a writer whose count is behind reads the partition again.</para>
    /// </remarks>
    public const string Version1 = $"""
        CREATE SEQUENCE id_block AS bigint START WITH 1 INCREMENT BY {IdBlockText} MINVALUE 1 NO CYCLE;

        CREATE TABLE partition (
            id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            payer_id text NOT NULL,
            payee_id text NOT NULL,
            writes bigint NOT NULL DEFAULT 0,
            max_id bigint NOT NULL DEFAULT 0,
            UNIQUE (payer_id, payee_id)
        );

        CREATE TABLE document (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            document_id text NOT NULL UNIQUE,
            partition_id integer NOT NULL REFERENCES partition (id),
            trace text,
            total_payment numeric NOT NULL,
            date date,
            content_hash text NOT NULL,
            file text
        );
        CREATE INDEX document_by_trace ON document (partition_id, trace) WHERE trace IS NOT NULL;

        CREATE TABLE claim (
            id bigint PRIMARY KEY,
            partition_id integer NOT NULL,
            document_id text NOT NULL,
            patient_control_number text NOT NULL,
            payer_claim_number text,
            paid numeric NOT NULL,
            remittance_date date,
            state smallint NOT NULL,
            reversed_by_document_id text,
            correction_of_claim_id bigint,
            possible_duplicate boolean NOT NULL,
            key_hashes bytea NOT NULL,
            body bytea NOT NULL
        );
        CREATE INDEX claim_by_partition ON claim (partition_id, id);

        CREATE TABLE receivable (
            id bigint PRIMARY KEY,
            partition_id integer NOT NULL REFERENCES partition (id),
            code text NOT NULL,
            reference text,
            provider_id text,
            amount numeric NOT NULL,
            collected numeric NOT NULL,
            status smallint NOT NULL,
            opened_date date,
            document_id text NOT NULL,
            remittance_trace text,
            opened_event_id text NOT NULL,
            chain_id text,
            claim_id text,
            payer_claim_number text,
            original_paid_amount numeric,
            original_remittance_trace text,
            appeal_deadline date,
            stale_reported boolean NOT NULL
        );
        CREATE INDEX receivable_open ON receivable (partition_id, id) WHERE status = 0;

        CREATE TABLE receivable_key (
            partition_id integer NOT NULL,
            value text NOT NULL,
            receivable_id bigint NOT NULL REFERENCES receivable (id),
            dup integer NOT NULL,
            PRIMARY KEY (partition_id, value, receivable_id, dup)
        );

        CREATE TABLE suspense (
            id bigint PRIMARY KEY,
            partition_id integer NOT NULL REFERENCES partition (id),
            event_id text NOT NULL,
            amount numeric NOT NULL,
            document_id text NOT NULL,
            remittance_trace text,
            remittance_date date,
            plb_reason_code text,
            plb_reference text,
            provider_id text,
            claim_id text,
            payer_claim_number text,
            removed boolean NOT NULL DEFAULT false
        );
        CREATE INDEX suspense_present ON suspense (partition_id, id) WHERE NOT removed;

        CREATE TABLE suspense_key (
            partition_id integer NOT NULL,
            value text NOT NULL,
            suspense_id bigint NOT NULL REFERENCES suspense (id),
            dup integer NOT NULL,
            PRIMARY KEY (partition_id, value, suspense_id, dup)
        );

        CREATE TABLE pending_reversal (
            id bigint PRIMARY KEY,
            partition_id integer NOT NULL REFERENCES partition (id),
            original_claim_id bigint,
            original_paid numeric NOT NULL,
            original_remittance_trace text,
            reversal_event_id text NOT NULL,
            due_date date NOT NULL,
            reversal json NOT NULL,
            removed boolean NOT NULL DEFAULT false
        );
        CREATE INDEX pending_reversal_due ON pending_reversal (partition_id, due_date, id) WHERE NOT removed;
        CREATE INDEX pending_reversal_due_all ON pending_reversal (due_date, id) WHERE NOT removed;

        CREATE TABLE pending_reversal_key (
            partition_id integer NOT NULL,
            value text NOT NULL,
            pending_id bigint NOT NULL REFERENCES pending_reversal (id),
            dup integer NOT NULL,
            PRIMARY KEY (partition_id, value, pending_id, dup)
        );

        CREATE TABLE provider (
            provider_id text PRIMARY KEY,
            tax_id text NOT NULL
        );

        CREATE TABLE event (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            event_id text NOT NULL,
            event_type text NOT NULL,
            family text NOT NULL,
            payer_id text NOT NULL,
            payee_id text NOT NULL,
            remittance_date date,
            amount numeric NOT NULL,
            body json NOT NULL
        );
        """;

    /// <summary>
    /// Migration 2: each remittance records how many claims it added to the ledger (backfilled from the claims kept),
    /// and events get an index by event id, so that a report can follow <c>related_event_id</c> links and a run can
    /// be audited remittance by remittance (<see cref="PostgreSqlClaimLedger.Documents"/>, <see cref="PostgreSqlClaimLedger.FindEvent"/>).
    /// </summary>
    public const string Version2 = """
        ALTER TABLE document ADD COLUMN claim_count integer NOT NULL DEFAULT 0;
        UPDATE document SET claim_count = counted.n
            FROM (SELECT document_id, count(*) AS n FROM claim GROUP BY document_id) AS counted
            WHERE counted.document_id = document.document_id;
        CREATE INDEX event_by_event_id ON event (event_id);
        """;

    /// <summary>
    /// Migration 3 (as the SQLite ledger's): each remittance keeps the payer's and payee's names (N1*PR and N1*PE N102)
    /// and the payee's NPI, so that reports show names besides the keys. Remittances written before stay without names.
    /// </summary>
    public const string Version3 = """
        ALTER TABLE document ADD COLUMN payer_name text;
        ALTER TABLE document ADD COLUMN payee_name text;
        ALTER TABLE document ADD COLUMN payee_npi text;
        """;

    /// <summary>
    /// Migration 4 (as the SQLite ledger's): the worklist cases' history, append-only, one row per status change.
    /// </summary>
    public const string Version4 = """
        CREATE TABLE case_entry (
            seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            case_id text NOT NULL,
            event_id text NOT NULL,
            status text NOT NULL,
            note text,
            changed_by text,
            changed_at timestamptz NOT NULL
        );
        CREATE INDEX case_entry_by_case ON case_entry (case_id, seq);
        """;

    /// <summary>Ids a writer takes at a time (the increment of <c>id_block</c>).</summary>
    public const long IdBlock = 4096;

    private const string IdBlockText = "4096";

    /// <summary>The migrations in order, with what each does: index 0 takes a ledger from version 0 to 1, and so on.</summary>
    public static IReadOnlyList<(string Sql, string Description)> Migrations { get; } =
    [
        (Version1, "the ledger tables"),
        (Version2, "document.claim_count, event_by_event_id"),
        (Version3, "document.payer_name, payee_name, payee_npi"),
        (Version4, "case_entry"),
    ];

    /// <summary>The version this code writes.</summary>
    public static int CurrentVersion => Migrations.Count;

    /// <summary>The version of the ledger in <paramref name="schema"/>: 0 when the schema or its version table does not exist.</summary>
    /// <exception cref="InvalidDataException">The schema exists and holds tables, but no version table: not a ledger.</exception>
    public static int ReadVersion(NpgsqlConnection connection, string schema)
    {
        using var command = new NpgsqlCommand(
            "SELECT to_regclass(quote_ident($1) || '.schema_version') IS NOT NULL, " +
            "(SELECT count(*) FROM pg_tables WHERE schemaname = $1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = schema });
        bool hasVersionTable;
        long tables;
        using (var reader = command.ExecuteReader())
        {
            reader.Read();
            hasVersionTable = reader.GetBoolean(0);
            tables = reader.GetInt64(1);
        }
        if (!hasVersionTable)
        {
            if (tables > 0) throw new InvalidDataException($"The schema '{schema}' holds tables but no claim ledger (it has no schema_version table).");
            return 0;
        }
        using var version = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {Quote(schema)}.schema_version", connection);
        return Convert.ToInt32(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Brings the ledger to <see cref="CurrentVersion"/>; returns the version it had.</summary>
    /// <exception cref="InvalidDataException">The schema is a newer ledger, or holds tables that are not a ledger.</exception>
    public static int Migrate(NpgsqlConnection connection, string schema, int lockNamespace)
    {
        var from = Check(connection, schema);
        if (from == CurrentVersion) return from;
        using var transaction = connection.BeginTransaction();
        // One migrator at a time; whoever waited re-reads the version under the lock.
        Execute(connection, $"SELECT pg_advisory_xact_lock({lockNamespace}, {LockKeys.Migration})");
        var version = Check(connection, schema);
        if (version == 0)
        {
            Execute(connection, $"CREATE SCHEMA IF NOT EXISTS {Quote(schema)}");
            Execute(connection, $"CREATE TABLE {Quote(schema)}.schema_version (version integer PRIMARY KEY, description text NOT NULL, " +
                                "applied_at timestamptz NOT NULL DEFAULT now())");
        }
        for (; version < CurrentVersion; version++)
        {
            Execute(connection, $"SET LOCAL search_path TO {Quote(schema)}");
            Execute(connection, Migrations[version].Sql);
            using var record = new NpgsqlCommand($"INSERT INTO {Quote(schema)}.schema_version (version, description) VALUES ($1, $2)", connection);
            record.Parameters.Add(new NpgsqlParameter { Value = version + 1 });
            record.Parameters.Add(new NpgsqlParameter { Value = Migrations[version].Description });
            record.ExecuteNonQuery();
        }
        transaction.Commit();
        return from;
    }

    /// <summary>The version of the ledger, checked to be one this code can open; changes nothing.</summary>
    public static int Check(NpgsqlConnection connection, string schema)
    {
        var version = ReadVersion(connection, schema);
        if (version > CurrentVersion)
        {
            throw new InvalidDataException(
                $"The ledger has schema version {version}; this version of Recoupment.Detection.PostgreSql reads up to {CurrentVersion}.");
        }
        return version;
    }

    /// <summary>A schema name as an identifier: lower-case letters, digits and underscores only (no quoting surprises).</summary>
    public static string Quote(string schema)
    {
        if (schema.Length is 0 or > 63 || !schema.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') || char.IsAsciiDigit(schema[0]))
        {
            throw new ArgumentException($"The schema name '{schema}' must be 1 to 63 lower-case letters, digits and underscores, not starting with a digit.", nameof(schema));
        }
        return schema;
    }

    internal static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
