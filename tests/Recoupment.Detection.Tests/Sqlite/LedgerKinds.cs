using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Sqlite;

namespace Recoupment.Detection.Tests.Sqlite;

/// <summary>The ledgers the contract tests run against: the in-memory reference and SQLite in memory and in a file.</summary>
public static class LedgerKinds
{
    public const string InMemory = "InMemory";
    public const string SqliteMemory = "SqliteMemory";
    public const string SqliteFile = "SqliteFile";

    public static readonly string[] All = [InMemory, SqliteMemory, SqliteFile];

    public static IClaimLedger Create(string kind, string? folder = null) => kind switch
    {
        InMemory => new InMemoryClaimLedger(),
        SqliteMemory => SqliteClaimLedger.OpenInMemory(),
        SqliteFile => SqliteClaimLedger.Open(Path.Combine(folder ?? TempFolder.Create(), "ledger.db")),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>Per-test temporary folders, removed with their ledger files.</summary>
public static class TempFolder
{
    public static string Create()
    {
        var path = Path.Combine(Path.GetTempPath(), "recoup-sqlite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string? path)
    {
        if (path is null || !Directory.Exists(path)) return;
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere: the OS temp folder cleans up.
        }
    }
}
