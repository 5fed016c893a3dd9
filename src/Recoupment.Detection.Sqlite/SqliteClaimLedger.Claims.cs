using Microsoft.Data.Sqlite;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Sqlite;

public sealed partial class SqliteClaimLedger
{
    // Claims are the bulk of the ledger. A claim row is appended (ids only grow, so the B-trees are written at their
    // end) and carries its keys; the key index of each partition lives in memory (ClaimKeyIndex), built from those
    // rows when the partition is first used and updated as claims are added. Rows are buffered in the open transaction
    // and written when the scope commits (or the buffer fills); until then the buffer answers for them, so every read
    // sees every change made so far, as in memory. The transaction makes the remittance atomic either way.
    private const int FlushThreshold = 4096;

    private const string ClaimColumns =
        "id, partition_id, document_id, remittance_trace, remittance_date, provider_id, patient_control_number, status_code, charge, paid, " +
        "patient_responsibility, filing_indicator, payer_claim_number, original_reference, patient_id, corrected_patient_id, insured_id, " +
        "has_corrected_priority_payer, service_from, service_to, position, state, reversed_by_document_id, correction_of_claim_id, " +
        "possible_duplicate, detail, keys";

    private const int ClaimColumnCount = 27;

    private readonly Dictionary<long, ClaimKeyIndex> _keyIndexes = [];
    private readonly List<(LedgerClaim Claim, string Keys)> _unflushedClaims = [];
    private readonly Dictionary<long, LedgerClaim> _unflushedById = [];

    // The encoded keys of the claims added or read in this scope, to check index entries without reading rows again.
    private readonly Dictionary<long, string> _keysById = [];

    private RawStatement _insertClaim = null!;
    private readonly System.Buffers.ArrayBufferWriter<byte> _json = new(1024);
    private System.Text.Json.Utf8JsonWriter? _jsonWriter;
    private PreparedCommand _updateClaim = null!;
    private PreparedCommand _getClaim = null!;
    private PreparedCommand _partitionKeys = null!;

    private int UnflushedClaimCount => _unflushedClaims.Count;

    private void PrepareClaims()
    {
        _insertClaim = PrepareRaw($"INSERT INTO claim ({ClaimColumns}) VALUES ({string.Join(", ", Enumerable.Range(1, ClaimColumnCount).Select(i => "?" + i))});");
        _updateClaim = Prepare(
            "UPDATE claim SET state = $p1, reversed_by_document_id = $p2, correction_of_claim_id = $p3, possible_duplicate = $p4 WHERE id = $p0;", 5);
        _getClaim = Prepare($"SELECT {ClaimColumns} FROM claim WHERE id = $p0;", 1);
        _partitionKeys = Prepare("SELECT id, keys FROM claim WHERE partition_id = $p0 ORDER BY id;", 1);
    }

    /// <inheritdoc />
    public void AddClaim(LedgerClaim claim, IReadOnlyCollection<ClaimKey> keys)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(keys);
        var indexed = ClaimKeyIndex.From(keys);
        Write((claim, indexed), static (ledger, s) => ledger.BufferClaim(s.claim, s.indexed));
    }

    private void BufferClaim(LedgerClaim claim, (int Kind, string Value)[] keys)
    {
        var partition = PartitionId(claim.Partition);
        var index = KeyIndex(partition);
        claim.Id = NextId();
        var encoded = ClaimKeyIndex.Encode(keys);
        index.Add(claim.Id, keys);
        _unflushedClaims.Add((claim, encoded));
        _unflushedById[claim.Id] = claim;
        _keysById[claim.Id] = encoded;
        if (_scope is not null)
        {
            _identity[claim.Id] = claim;
            _scope.ClaimsAdded++;
        }
        if (_unflushedClaims.Count >= FlushThreshold) FlushClaims();
    }

    /// <summary>The key index of a partition, read from its claims when first used.</summary>
    private ClaimKeyIndex KeyIndex(long partition)
    {
        if (_keyIndexes.TryGetValue(partition, out var index)) return index;
        index = new ClaimKeyIndex();
        _partitionKeys.Set(0, partition);
        using (var reader = _partitionKeys.Query())
        {
            while (reader.Read()) index.AddEncoded(reader.GetInt64(0), reader.GetString(1));
        }
        _keyIndexes[partition] = index;
        return index;
    }

    /// <summary>Writes the buffered claims into the open transaction.</summary>
    private void FlushClaims()
    {
        if (_unflushedClaims.Count == 0) return;
        foreach (var (claim, keys) in _unflushedClaims)
        {
            BindClaim(_insertClaim, claim, keys);
            _insertClaim.Execute();
        }
        _unflushedClaims.Clear();
        _unflushedById.Clear();
        if (_scope is null) _keysById.Clear();
    }

    private void DiscardUnflushedClaims()
    {
        _unflushedClaims.Clear();
        _unflushedById.Clear();
        _keysById.Clear();
    }

    private void BindClaim(RawStatement p, LedgerClaim c, string keys)
    {
        p.Int64(1, c.Id);
        p.Int64(2, _partitionIds[c.Partition]);
        p.Text(3, c.DocumentId);
        p.Text(4, c.RemittanceTrace);
        p.Date(5, c.RemittanceDate);
        p.Text(6, c.ProviderId);
        p.Text(7, c.PatientControlNumber);
        p.Text(8, c.StatusCode);
        p.Money(9, c.Charge);
        p.Money(10, c.Paid);
        p.Money(11, c.PatientResponsibility);
        p.Text(12, c.FilingIndicator);
        p.Text(13, c.PayerClaimNumber);
        p.Text(14, c.OriginalReference);
        p.Text(15, c.PatientId);
        p.Text(16, c.CorrectedPatientId);
        p.Text(17, c.InsuredId);
        p.Bool(18, c.HasCorrectedPriorityPayer);
        p.Date(19, c.ServiceFrom);
        p.Date(20, c.ServiceTo);
        p.Int64(21, c.Position);
        p.Int64(22, (long)c.State);
        p.Text(23, c.ReversedByDocumentId);
        p.Int64(24, c.CorrectionOfClaimId);
        p.Bool(25, c.PossibleDuplicate);
        p.Utf8(26, DetailJson(c));
        p.Text(27, keys);
    }

    /// <summary>The detail column as UTF-8 JSON, written into a reused buffer.</summary>
    private ReadOnlySpan<byte> DetailJson(LedgerClaim c)
    {
        if (c.Adjustments.Count == 0 && c.RemarkCodes.Count == 0 && c.Lines.Count == 0) return "{}"u8;
        _json.ResetWrittenCount();
        if (_jsonWriter is null) _jsonWriter = new System.Text.Json.Utf8JsonWriter(_json);
        else _jsonWriter.Reset(_json);
        System.Text.Json.JsonSerializer.Serialize(_jsonWriter, ClaimDetail.From(c), LedgerJsonContext.Default.ClaimDetail);
        _jsonWriter.Flush();
        return _json.WrittenSpan;
    }

    /// <inheritdoc />
    public void UpdateClaim(LedgerClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ThrowIfDisposed();
        if (claim.Id <= 0) return; // not in the ledger (yet): AddClaim will write it as it is then
        if (_unflushedById.TryGetValue(claim.Id, out var buffered))
        {
            // Written when flushed, with the fields it has then.
            if (!ReferenceEquals(buffered, claim)) CopyMutable(claim, buffered);
            return;
        }
        Write(claim, static (ledger, c) =>
        {
            var p = ledger._updateClaim;
            p.Set(0, c.Id);
            p.Set(1, (long)c.State);
            p.Set(2, c.ReversedByDocumentId);
            p.Set(3, c.CorrectionOfClaimId);
            p.Set(4, c.PossibleDuplicate);
            p.Execute();
            if (ledger._scope is not null && ledger._identity.TryGetValue(c.Id, out var known) && known is LedgerClaim cached && !ReferenceEquals(cached, c))
            {
                CopyMutable(c, cached);
            }
        });
    }

    private static void CopyMutable(LedgerClaim from, LedgerClaim to)
    {
        to.State = from.State;
        to.ReversedByDocumentId = from.ReversedByDocumentId;
        to.CorrectionOfClaimId = from.CorrectionOfClaimId;
        to.PossibleDuplicate = from.PossibleDuplicate;
    }

    /// <inheritdoc />
    public IReadOnlyList<LedgerClaim> FindClaims(PartitionKey partition, ClaimKey key)
    {
        ThrowIfDisposed();
        if (!_partitionIds.TryGetValue(partition, out var partitionId)) return [];
        var kind = (int)key.Kind;
        long single = 0;
        var entries = KeyIndex(partitionId).Find(kind, key.Value, ref single);
        if (entries.IsEmpty) return [];
        var result = new List<LedgerClaim>(entries.Length);
        foreach (var entry in entries)
        {
            var id = ClaimKeyIndex.ClaimIdOf(entry);
            var claim = ClaimById(id, out var keys);
            // The hash proposed it: keep it only if the key it was listed under is exactly this one.
            if (claim is not null && ClaimKeyIndex.KeyAt(keys, ClaimKeyIndex.KeyIndexOf(entry), kind, key.Value)) result.Add(claim);
        }
        return result;
    }

    /// <inheritdoc />
    public LedgerClaim? GetClaim(long id)
    {
        ThrowIfDisposed();
        return ClaimById(id, out _);
    }

    /// <summary>A claim by id: the buffered or already read object of this scope, else read from its row.</summary>
    private LedgerClaim? ClaimById(long id, out string keys)
    {
        if (_unflushedById.TryGetValue(id, out var buffered))
        {
            keys = _keysById[id];
            return buffered;
        }
        if (_scope is not null && _identity.TryGetValue(id, out var known) && known is LedgerClaim cached && _keysById.TryGetValue(id, out var cachedKeys))
        {
            keys = cachedKeys;
            return cached;
        }
        _getClaim.Set(0, id);
        using var reader = _getClaim.Query();
        if (!reader.Read())
        {
            keys = "";
            return null;
        }
        keys = reader.GetString(26);
        return ReadClaim(reader, keys);
    }

    /// <summary>A claim from a row of <see cref="ClaimColumns"/>; the object already read in this scope when there is one.</summary>
    private LedgerClaim ReadClaim(SqliteDataReader r, string keys)
    {
        var id = r.GetInt64(0);
        if (_scope is not null && _identity.TryGetValue(id, out var known) && known is LedgerClaim cached) return cached;
        var detail = LedgerJson.DeserializeDetail(r.GetString(25));
        var claim = new LedgerClaim
        {
            Id = id,
            Partition = _partitions[r.GetInt64(1)],
            DocumentId = r.GetString(2),
            RemittanceTrace = SqliteValues.StringOrNull(r, 3),
            RemittanceDate = SqliteValues.DateOrNull(r, 4),
            ProviderId = SqliteValues.StringOrNull(r, 5),
            PatientControlNumber = r.GetString(6),
            StatusCode = r.GetString(7),
            Charge = SqliteValues.Money(r, 8),
            Paid = SqliteValues.Money(r, 9),
            PatientResponsibility = SqliteValues.MoneyOrNull(r, 10),
            FilingIndicator = SqliteValues.StringOrNull(r, 11),
            PayerClaimNumber = SqliteValues.StringOrNull(r, 12),
            OriginalReference = SqliteValues.StringOrNull(r, 13),
            PatientId = SqliteValues.StringOrNull(r, 14),
            CorrectedPatientId = SqliteValues.StringOrNull(r, 15),
            InsuredId = SqliteValues.StringOrNull(r, 16),
            HasCorrectedPriorityPayer = r.GetInt64(17) != 0,
            ServiceFrom = SqliteValues.DateOrNull(r, 18),
            ServiceTo = SqliteValues.DateOrNull(r, 19),
            Position = r.GetInt32(20),
            State = (LedgerClaimState)r.GetInt32(21),
            ReversedByDocumentId = SqliteValues.StringOrNull(r, 22),
            CorrectionOfClaimId = SqliteValues.Int64OrNull(r, 23),
            PossibleDuplicate = r.GetInt64(24) != 0,
            Adjustments = detail.ToAdjustments(),
            RemarkCodes = detail.Remarks ?? [],
            Lines = detail.ToLines(),
        };
        if (_scope is not null)
        {
            _identity[id] = claim;
            _keysById[id] = keys;
        }
        return claim;
    }

    /// <summary><c>($p0, $p1), ($p2, $p3)</c>: <paramref name="rows"/> rows of <paramref name="columns"/> parameters.</summary>
    private static string Values(int rows, int columns)
    {
        var sb = new System.Text.StringBuilder();
        var n = 0;
        for (var row = 0; row < rows; row++)
        {
            if (row > 0) sb.Append(", ");
            sb.Append('(');
            for (var column = 0; column < columns; column++)
            {
                if (column > 0) sb.Append(", ");
                sb.Append("$p").Append(n++);
            }
            sb.Append(')');
        }
        return sb.ToString();
    }

    private static string Prefixed(string prefix, string columns) =>
        string.Join(", ", columns.Split(',', StringSplitOptions.TrimEntries).Select(c => prefix + c));
}
