using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.PostgreSql;

/// <summary>When a commit of the PostgreSQL ledger returns (the session's <c>synchronous_commit</c>).</summary>
public enum CommitDurability
{
    /// <summary>
    /// <c>synchronous_commit = off</c>: a commit returns once the server has the whole transaction; the server writes
    /// it to its log within a fraction of a second. A committed remittance survives this process being killed at any
    /// point (the server has it). A crash of the server itself (or of its machine) may lose the last remittances
    /// committed, never part of one: the ledger stays consistent and a rerun of the same files redoes exactly what
    /// was lost. The default, as <c>synchronous=NORMAL</c> is for the SQLite ledger: it saves a log flush per remittance.
    /// </summary>
    Normal,

    /// <summary><c>synchronous_commit = on</c>: every commit waits until the server has flushed it to disk (durable against server crashes too); slower.</summary>
    Full,
}

/// <summary>Options of a <see cref="PostgreSqlClaimLedger"/>; change them with <c>with</c>.</summary>
public readonly record struct PostgreSqlLedgerOptions
{
    /// <summary>The options used when none are given.</summary>
    public static PostgreSqlLedgerOptions Default { get; } = new();

    /// <summary>Creates the default options.</summary>
    public PostgreSqlLedgerOptions()
    {
    }

    /// <summary>
    /// The PostgreSQL schema (namespace) the ledger's tables live in, created when missing: <c>recoup</c> by default,
    /// so that a ledger can share a database with other applications. Two ledgers in one database need two schemas.
    /// </summary>
    public string Schema { get; init; } = "recoup";

    /// <summary>When a commit returns; <see cref="CommitDurability.Normal"/> by default.</summary>
    public CommitDurability Durability { get; init; } = CommitDurability.Normal;

    /// <summary>
    /// How long to wait for a lock another writer holds (a partition it is writing, a remittance it is processing, or
    /// the end of its run before a <see cref="IClaimLedger.BeginTransaction"/>): 5 minutes by default; zero means the default.
    /// </summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromMinutes(5);

    internal TimeSpan EffectiveLockTimeout => LockTimeout > TimeSpan.Zero ? LockTimeout : TimeSpan.FromMinutes(5);

    internal string EffectiveSchema => string.IsNullOrWhiteSpace(Schema) ? "recoup" : Schema;
}

/// <summary>What a PostgreSQL ledger holds, counted.</summary>
/// <param name="SchemaVersion">The schema version of the ledger.</param>
/// <param name="Partitions">Payer/payee partitions seen.</param>
/// <param name="Documents">Remittances processed.</param>
/// <param name="Claims">Claims kept.</param>
/// <param name="Receivables">Receivables ever opened.</param>
/// <param name="OpenReceivables">Receivables still open.</param>
/// <param name="Suspense">Unmatched recoveries still in suspense.</param>
/// <param name="PendingReversals">Reversals still waiting for their correction.</param>
/// <param name="Providers">Providers with a known tax ID.</param>
/// <param name="Events">Events recorded.</param>
public sealed record PostgreSqlLedgerStatistics(
    int SchemaVersion, long Partitions, long Documents, long Claims, long Receivables, long OpenReceivables, long Suspense,
    long PendingReversals, long Providers, long Events);

/// <summary>A processed remittance as the ledger lists it.</summary>
/// <param name="Sequence">Commit order (increasing; another writer's remittances take numbers in between).</param>
/// <param name="Record">The document record given to <see cref="IClaimLedger.BeginDocument"/>.</param>
/// <param name="ClaimCount">How many claims the remittance added to the ledger (schema version 2; backfilled on migration).</param>
public sealed record PostgreSqlLedgerDocument(long Sequence, DocumentRecord Record, int ClaimCount);
