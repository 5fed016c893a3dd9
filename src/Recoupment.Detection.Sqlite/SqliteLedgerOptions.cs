namespace Recoupment.Detection.Sqlite;

/// <summary>How much a commit waits for the disk (SQLite <c>PRAGMA synchronous</c>, in WAL mode).</summary>
public enum LedgerDurability
{
    /// <summary>
    /// <c>synchronous=NORMAL</c>: a committed remittance survives the process being killed at any point (the WAL is
    /// written before COMMIT returns; only the operating system's cache stands between it and the disk). A power
    /// loss or an operating-system crash may lose the last remittances committed, never half of one: the ledger
    /// stays consistent and a rerun of the same files redoes exactly what was lost. The default: one fsync per
    /// checkpoint instead of one per remittance.
    /// </summary>
    Normal,

    /// <summary><c>synchronous=FULL</c>: every commit is flushed to the disk before it returns (also durable against power loss); slower.</summary>
    Full,
}

/// <summary>Options of a <see cref="SqliteClaimLedger"/>; change them with <c>with</c>.</summary>
public readonly record struct SqliteLedgerOptions
{
    /// <summary>The options used when none are given.</summary>
    public static SqliteLedgerOptions Default { get; } = new();

    /// <summary>Creates the default options.</summary>
    public SqliteLedgerOptions()
    {
    }

    /// <summary>Durability of a commit; <see cref="LedgerDurability.Normal"/> by default.</summary>
    public LedgerDurability Durability { get; init; } = LedgerDurability.Normal;

    /// <summary>SQLite page cache per connection, in MiB (64 by default; 0 means the default).</summary>
    public int CacheSizeMiB { get; init; } = 64;

    /// <summary>How long to wait for another process that holds the write lock (5 seconds by default; zero means the default).</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How much write-ahead log (in MiB) accumulates before it is copied into the database file (64 by default; zero
    /// means the default). Larger: fewer checkpoints and fsyncs, a larger <c>-wal</c> file beside the database.
    /// </summary>
    public int CheckpointMiB { get; init; } = 64;

    internal int EffectiveCheckpointMiB => CheckpointMiB > 0 ? CheckpointMiB : 64;

    internal int EffectiveCacheSizeMiB => CacheSizeMiB > 0 ? CacheSizeMiB : 64;

    internal TimeSpan EffectiveBusyTimeout => BusyTimeout > TimeSpan.Zero ? BusyTimeout : TimeSpan.FromSeconds(5);
}

/// <summary>What a ledger holds, counted.</summary>
/// <param name="SchemaVersion">The schema version of the database.</param>
/// <param name="Partitions">Payer/payee partitions seen.</param>
/// <param name="Documents">Remittances processed.</param>
/// <param name="Claims">Claims kept.</param>
/// <param name="Receivables">Receivables ever opened.</param>
/// <param name="OpenReceivables">Receivables still open.</param>
/// <param name="Suspense">Unmatched recoveries still in suspense.</param>
/// <param name="PendingReversals">Reversals still waiting for their correction.</param>
/// <param name="Providers">Providers with a known tax ID.</param>
/// <param name="Events">Events recorded.</param>
public sealed record LedgerStatistics(
    int SchemaVersion, long Partitions, long Documents, long Claims, long Receivables, long OpenReceivables, long Suspense,
    long PendingReversals, long Providers, long Events);

/// <summary>A processed remittance as the ledger lists it.</summary>
/// <param name="Sequence">Processing order (1 for the first remittance the ledger committed).</param>
/// <param name="Record">The document record given to <see cref="Recoupment.Detection.Matching.Ledger.IClaimLedger.BeginDocument"/>.</param>
/// <param name="ClaimCount">How many claims the remittance added to the ledger (schema version 2; backfilled on migration).</param>
public sealed record LedgerDocument(long Sequence, Recoupment.Detection.Matching.Ledger.DocumentRecord Record, int ClaimCount);
