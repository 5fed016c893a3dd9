using System.CommandLine;
using System.Text;
using Microsoft.Data.Sqlite;
using Recoupment.Detection.Sqlite;

namespace Recoupment.Detection.Cli.Commands;

/// <summary>Opens the existing ledger file that <c>recoup report</c> and <c>recoup events</c> read.</summary>
public static class LedgerFile
{
    /// <summary>The required <c>--ledger &lt;file.db&gt;</c> option of the commands that read a ledger.</summary>
    public static Option<string> CreateOption(string description) => new("--ledger")
    {
        Description = description,
        HelpName = "file.db",
        Required = true,
    };

    /// <summary>
    /// Opens a ledger that a scan wrote. A missing file, a file that is not a ledger, or a ledger of a newer schema is
    /// reported on <paramref name="error"/> and gives null: the caller exits with <see cref="RecoupCli.InputErrors"/>.
    /// Never creates a file. An older schema is migrated in place, as <c>recoup scan</c> would.
    /// </summary>
    public static SqliteClaimLedger? TryOpenExisting(string path, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (!File.Exists(path))
        {
            error.WriteLine($"recoup: --ledger {path}: no such ledger file (recoup scan --ledger {path} <path>... creates it).");
            return null;
        }
        try
        {
            if (SqliteClaimLedger.ReadSchemaVersion(path) == 0)
            {
                error.WriteLine($"recoup: --ledger {path}: the file is not a claim ledger.");
                return null;
            }
            return SqliteClaimLedger.Open(path);
        }
        catch (Exception e) when (e is InvalidDataException or SqliteException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"recoup: --ledger {path}: the ledger cannot be read ({e.Message})");
            return null;
        }
    }

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
