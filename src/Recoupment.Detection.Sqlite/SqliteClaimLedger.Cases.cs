using System.Globalization;
using Microsoft.Data.Sqlite;
using Recoupment.Detection.Cases;

namespace Recoupment.Detection.Sqlite;

public sealed partial class SqliteClaimLedger
{
    private const string CaseColumns = "case_id, event_id, status, note, changed_by, changed_at";

    private PreparedCommand _insertCase = null!;
    private PreparedCommand _caseHistory = null!;
    private PreparedCommand _allCases = null!;

    private void PrepareCases()
    {
        _insertCase = Prepare($"INSERT INTO case_entry ({CaseColumns}) VALUES ($p0, $p1, $p2, $p3, $p4, $p5);", 6);
        _caseHistory = Prepare($"SELECT {CaseColumns} FROM case_entry WHERE case_id = $p0 ORDER BY seq;", 1);
        _allCases = Prepare($"SELECT {CaseColumns} FROM case_entry ORDER BY seq;", 0);
    }

    /// <inheritdoc />
    /// <remarks>Outside a scope the entry is written in a transaction of its own.</remarks>
    public void AppendCaseEntry(CaseEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Write(entry, static (ledger, e) =>
        {
            var p = ledger._insertCase;
            p.Set(0, e.CaseId);
            p.Set(1, e.EventId);
            p.Set(2, CaseStatuses.Name(e.Status));
            p.Set(3, e.Note);
            p.Set(4, e.By);
            p.Set(5, e.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            p.Execute();
        });
    }

    /// <inheritdoc />
    public IReadOnlyList<CaseEntry> CaseHistory(string caseId)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        ThrowIfDisposed();
        _caseHistory.Set(0, caseId);
        return ReadCases(_caseHistory);
    }

    /// <inheritdoc />
    public IReadOnlyList<CaseEntry> AllCaseEntries()
    {
        ThrowIfDisposed();
        return ReadCases(_allCases);
    }

    private static List<CaseEntry> ReadCases(PreparedCommand command)
    {
        var result = new List<CaseEntry>();
        using var reader = command.Query();
        while (reader.Read()) result.Add(ReadCase(reader));
        return result;
    }

    private static CaseEntry ReadCase(SqliteDataReader reader)
    {
        if (!CaseStatuses.TryParse(reader.GetString(2), out var status)) throw new InvalidDataException("A case entry of the ledger has an unknown status.");
        return new CaseEntry
        {
            CaseId = reader.GetString(0),
            EventId = reader.GetString(1),
            Status = status,
            Note = SqliteValues.StringOrNull(reader, 3),
            By = SqliteValues.StringOrNull(reader, 4),
            At = DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
        };
    }
}
