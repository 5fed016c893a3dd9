using System.CommandLine;
using System.Text;
using Microsoft.Data.Sqlite;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.PostgreSql;
using Recoupment.Detection.Sqlite;

namespace Recoupment.Detection.Cli.Commands;

/// <summary>
/// A durable ledger as the commands use it, whichever store holds it: a SQLite file (<see cref="SqliteClaimLedger"/>)
/// or a PostgreSQL database (<see cref="PostgreSqlClaimLedger"/>), told apart by what <c>--ledger</c> says (a
/// connection string or a path; see <see cref="PostgreSqlConnectionString.IsConnectionString"/>).
/// </summary>
public sealed class DurableLedger : IDisposable
{
    private readonly SqliteClaimLedger? _sqlite;
    private readonly PostgreSqlClaimLedger? _postgres;

    private DurableLedger(SqliteClaimLedger? sqlite, PostgreSqlClaimLedger? postgres, string name)
    {
        _sqlite = sqlite;
        _postgres = postgres;
        Name = name;
    }

    /// <summary>The ledger for the engine.</summary>
    public IClaimLedger Ledger => (IClaimLedger?)_sqlite ?? _postgres!;

    /// <summary>How the summaries name it: the file as given, or <c>postgresql://user@host:port/database</c> (never the password).</summary>
    public string Name { get; }

    /// <summary>True for a PostgreSQL ledger.</summary>
    public bool IsPostgreSql => _postgres is not null;

    /// <summary>
    /// Opens (creating or migrating) the ledger <paramref name="target"/> names: a PostgreSQL connection string, else a
    /// SQLite file.
    /// </summary>
    /// <exception cref="PostgreSqlLedgerConnectionException">The PostgreSQL server cannot be reached or refused the connection.</exception>
    /// <exception cref="ArgumentException">A connection string that is not valid.</exception>
    /// <exception cref="InvalidDataException">Not a ledger, or a ledger of a newer schema.</exception>
    public static DurableLedger Open(string target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);
        if (!PostgreSqlConnectionString.IsConnectionString(target)) return new DurableLedger(SqliteClaimLedger.Open(target), null, target);
        var postgres = PostgreSqlClaimLedger.Open(target);
        return new DurableLedger(null, postgres, postgres.Description);
    }

    /// <summary>Wraps an open SQLite ledger (disposed with this object).</summary>
    public static DurableLedger Of(SqliteClaimLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return new DurableLedger(ledger, null, ledger.Path ?? ":memory:");
    }

    /// <summary>Wraps an open PostgreSQL ledger (disposed with this object).</summary>
    public static DurableLedger Of(PostgreSqlClaimLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return new DurableLedger(null, ledger, ledger.Description);
    }

    /// <summary>What the ledger holds, counted.</summary>
    public LedgerStatistics Statistics()
    {
        if (_sqlite is not null) return _sqlite.Statistics();
        var s = _postgres!.Statistics();
        return new LedgerStatistics(s.SchemaVersion, s.Partitions, s.Documents, s.Claims, s.Receivables, s.OpenReceivables, s.Suspense, s.PendingReversals,
            s.Providers, s.Events);
    }

    /// <summary>Every processed remittance, in processing (commit) order.</summary>
    public IReadOnlyList<LedgerDocument> Documents() =>
        _sqlite?.Documents() ?? _postgres!.Documents().Select(d => new LedgerDocument(d.Sequence, d.Record, d.ClaimCount)).ToList();

    /// <summary>The first event recorded with this id, or null.</summary>
    public RecoupmentEvent? FindEvent(string eventId) => _sqlite is not null ? _sqlite.FindEvent(eventId) : _postgres!.FindEvent(eventId);

    /// <summary>Closes the ledger (rolling back anything not committed).</summary>
    public void Dispose()
    {
        _sqlite?.Dispose();
        _postgres?.Dispose();
    }
}

/// <summary>The <c>--ledger</c> option and opening the existing ledger that <c>recoup report</c> and <c>recoup events</c> read.</summary>
public static class LedgerFile
{
    /// <summary>What <c>--ledger</c> takes, for help texts.</summary>
    public const string HelpName = "file.db|connection-string";

    /// <summary>The required <c>--ledger</c> option of the commands that read a ledger.</summary>
    public static Option<string> CreateOption(string description) => new("--ledger")
    {
        Description = description,
        HelpName = HelpName,
        Required = true,
    };

    /// <summary>
    /// Opens a ledger that a scan wrote. A missing file or database, a server that cannot be reached, something that is
    /// not a ledger, or a ledger of a newer schema is reported on <paramref name="error"/> and gives null: the caller
    /// exits with <see cref="RecoupCli.InputErrors"/>. Never creates a ledger. An older schema is migrated in place, as
    /// <c>recoup scan</c> would.
    /// </summary>
    public static DurableLedger? TryOpenExisting(string target, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(error);
        if (PostgreSqlConnectionString.IsConnectionString(target)) return TryOpenExistingPostgreSql(target, error);
        if (!File.Exists(target))
        {
            error.WriteLine($"recoup: --ledger {target}: no such ledger file (recoup scan --ledger {target} <path>... creates it).");
            return null;
        }
        try
        {
            if (SqliteClaimLedger.ReadSchemaVersion(target) == 0)
            {
                error.WriteLine($"recoup: --ledger {target}: the file is not a claim ledger.");
                return null;
            }
            return DurableLedger.Open(target);
        }
        catch (Exception e) when (e is InvalidDataException or SqliteException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"recoup: --ledger {target}: the ledger cannot be read ({e.Message})");
            return null;
        }
    }

    private static DurableLedger? TryOpenExistingPostgreSql(string target, TextWriter error)
    {
        try
        {
            if (PostgreSqlClaimLedger.ReadSchemaVersion(target) == 0)
            {
                var where = PostgreSqlConnectionString.Describe(PostgreSqlConnectionString.Parse(target));
                error.WriteLine($"recoup: --ledger: the PostgreSQL database at {where} holds no claim ledger (recoup scan --ledger <connection string> <path>... creates it).");
                return null;
            }
            return DurableLedger.Open(target);
        }
        catch (Exception e) when (IsOpenFailure(e))
        {
            error.WriteLine($"recoup: --ledger: {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// The failures of opening a PostgreSQL ledger that are the user's to fix (a connection string, a server, a schema),
    /// reported without a stack trace. Their messages name host and database, never the password.
    /// </summary>
    internal static bool IsOpenFailure(Exception e) =>
        e is PostgreSqlLedgerConnectionException or ArgumentException or InvalidDataException or Npgsql.NpgsqlException;

    /// <summary>Creates the <c>--out</c> file (UTF-8 without a byte order mark), or reports why it cannot be written and gives null.</summary>
    public static StreamWriter? TryCreateOutput(string path, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"recoup: --out {path}: the file cannot be written ({e.Message})");
            return null;
        }
    }
}
