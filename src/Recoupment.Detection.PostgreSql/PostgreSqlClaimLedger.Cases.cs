using Npgsql;
using Recoupment.Detection.Cases;

namespace Recoupment.Detection.PostgreSql;

public sealed partial class PostgreSqlClaimLedger
{
    private const string CaseColumns = "case_id, event_id, status, note, changed_by, changed_at";

    /// <inheritdoc />
    /// <remarks>Outside a scope the entry is written in a transaction of its own; inside one, with its commit.</remarks>
    public void AppendCaseEntry(CaseEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ThrowIfDisposed();
        var insert = Command($"INSERT INTO case_entry ({CaseColumns}) VALUES ($1, $2, $3, $4, $5, $6)",
            entry.CaseId, entry.EventId, CaseStatuses.Name(entry.Status), entry.Note, entry.By, entry.At.ToUniversalTime());
        if (_inTransaction)
        {
            Queue(insert);
            return;
        }
        using var batch = Batch();
        batch.BatchCommands.Add(insert);
        ExecuteNonQuery(batch);
    }

    /// <inheritdoc />
    public IReadOnlyList<CaseEntry> CaseHistory(string caseId)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        return ReadCases(Command($"SELECT {CaseColumns} FROM case_entry WHERE case_id = $1 ORDER BY seq", caseId));
    }

    /// <inheritdoc />
    public IReadOnlyList<CaseEntry> AllCaseEntries() => ReadCases(Command($"SELECT {CaseColumns} FROM case_entry ORDER BY seq"));

    private List<CaseEntry> ReadCases(NpgsqlBatchCommand query)
    {
        ThrowIfDisposed();
        using var batch = Batch();
        batch.BatchCommands.Add(query);
        using var reader = ExecuteReader(batch);
        var result = new List<CaseEntry>();
        while (reader.Read())
        {
            if (!CaseStatuses.TryParse(reader.GetString(2), out var status)) throw new InvalidDataException("A case entry of the ledger has an unknown status.");
            result.Add(new CaseEntry
            {
                CaseId = reader.GetString(0),
                EventId = reader.GetString(1),
                Status = status,
                Note = StringOrNull(reader, 3),
                By = StringOrNull(reader, 4),
                At = new DateTimeOffset(reader.GetFieldValue<DateTime>(5).ToUniversalTime(), TimeSpan.Zero),
            });
        }
        return result;
    }
}
