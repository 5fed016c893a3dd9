using Microsoft.Data.Sqlite;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Sqlite;

public sealed partial class SqliteClaimLedger
{
    // Claims are the bulk of the ledger. A claim row is appended (ids only grow, so the B-tree is written at its end)
    // and carries the 64-bit hashes of its keys; the key index of each partition lives in memory (ClaimKeyHashIndex),
    // built from those hashes when claims are first looked up and updated as claims are added. Rows are buffered in
    // the open transaction and written in multi-row INSERTs when the scope commits (or the buffer fills); until then
    // the buffer answers for them, so every read sees every change made so far, as in memory. The transaction makes
    // the remittance atomic either way.
    private const int FlushThreshold = 4096;

    private const string ClaimColumns =
        "id, partition_id, document_id, patient_control_number, payer_claim_number, paid, remittance_date, state, reversed_by_document_id, " +
        "correction_of_claim_id, possible_duplicate, body, keys";

    private const int ClaimColumnCount = 13;

    private readonly Dictionary<long, ClaimKeyHashIndex> _keyIndexes = [];
    private bool _keyIndexesLoaded;
    private readonly List<(LedgerClaim Claim, ulong[] Hashes)> _unflushedClaims = [];
    private readonly Dictionary<long, LedgerClaim> _unflushedById = [];
    private byte[] _keysBuffer = new byte[128];

    private const int ClaimBatch = 16;
    private RawStatement _insertClaim = null!;
    private RawStatement _insertClaims = null!;
    private readonly System.Buffers.ArrayBufferWriter<byte> _json = new(1024);
    private System.Text.Json.Utf8JsonWriter? _jsonWriter;
    private PreparedCommand _updateClaim = null!;
    private PreparedCommand _getClaim = null!;
    private PreparedCommand _partitionKeys = null!;

    private int UnflushedClaimCount => _unflushedClaims.Count;

    private void PrepareClaims()
    {
        _insertClaim = PrepareRaw($"INSERT INTO claim ({ClaimColumns}) VALUES {Positional(1, ClaimColumnCount)};");
        _insertClaims = PrepareRaw($"INSERT INTO claim ({ClaimColumns}) VALUES {Positional(ClaimBatch, ClaimColumnCount)};");
        _updateClaim = Prepare(
            "UPDATE claim SET state = $p1, reversed_by_document_id = $p2, correction_of_claim_id = $p3, possible_duplicate = $p4 WHERE id = $p0;", 5);
        _getClaim = Prepare($"SELECT {ClaimColumns} FROM claim WHERE id = $p0;", 1);
        _partitionKeys = Prepare("SELECT id, partition_id, keys FROM claim ORDER BY id;", 0);
    }

    /// <inheritdoc />
    public void AddClaim(LedgerClaim claim, IReadOnlyCollection<ClaimKey> keys)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(keys);
        var hashes = ClaimKeyHashIndex.Hashes(keys);
        Write((claim, hashes), static (ledger, s) => ledger.BufferClaim(s.claim, s.hashes));
    }

    private void BufferClaim(LedgerClaim claim, ulong[] hashes)
    {
        var partition = PartitionId(claim.Partition);
        var index = KeyIndex(partition);
        claim.Id = NextId();
        foreach (var hash in hashes) index.Add(hash, claim.Id);
        _unflushedClaims.Add((claim, hashes));
        _unflushedById[claim.Id] = claim;
        if (_scope is not null)
        {
            _identity[claim.Id] = claim;
            _scope.ClaimsAdded++;
        }
        if (_unflushedClaims.Count >= FlushThreshold) FlushClaims();
    }

    /// <summary>The key index of a partition. All are read from the claims, in one pass, when claims are first used.</summary>
    private ClaimKeyHashIndex KeyIndex(long partition)
    {
        if (!_keyIndexesLoaded)
        {
            _keyIndexes.Clear();
            using (var reader = _partitionKeys.Query())
            {
                ClaimKeyHashIndex? index = null;
                long current = -1;
                while (reader.Read())
                {
                    var id = reader.GetInt64(1);
                    if (id != current || index is null)
                    {
                        current = id;
                        if (!_keyIndexes.TryGetValue(id, out index)) _keyIndexes[id] = index = new ClaimKeyHashIndex();
                    }
                    index.AddEncoded(reader.GetInt64(0), reader.GetFieldValue<byte[]>(2));
                }
            }
            _keyIndexesLoaded = true;
        }
        if (!_keyIndexes.TryGetValue(partition, out var found)) _keyIndexes[partition] = found = new ClaimKeyHashIndex();
        return found;
    }

    /// <summary>Writes the buffered claims into the open transaction.</summary>
    private void FlushClaims()
    {
        if (_unflushedClaims.Count == 0) return;
        // Multi-row INSERTs: one statement step writes ClaimBatch rows.
        var claims = _unflushedClaims;
        var i = 0;
        for (; i + ClaimBatch <= claims.Count; i += ClaimBatch)
        {
            for (var j = 0; j < ClaimBatch; j++) BindClaim(_insertClaims, j * ClaimColumnCount, claims[i + j].Claim, claims[i + j].Hashes);
            _insertClaims.Execute();
        }
        for (; i < claims.Count; i++)
        {
            BindClaim(_insertClaim, 0, claims[i].Claim, claims[i].Hashes);
            _insertClaim.Execute();
        }
        _unflushedClaims.Clear();
        _unflushedById.Clear();
    }

    private void DiscardUnflushedClaims()
    {
        _unflushedClaims.Clear();
        _unflushedById.Clear();
    }

    private void BindClaim(RawStatement p, int o, LedgerClaim c, ulong[] hashes)
    {
        p.Int64(o + 1, c.Id);
        p.Int64(o + 2, _partitionIds[c.Partition]);
        p.Text(o + 3, c.DocumentId);
        p.Text(o + 4, c.PatientControlNumber);
        p.Text(o + 5, c.PayerClaimNumber);
        p.Money(o + 6, c.Paid);
        p.Date(o + 7, c.RemittanceDate);
        p.Int64(o + 8, (long)c.State);
        p.Text(o + 9, c.ReversedByDocumentId);
        p.Int64(o + 10, c.CorrectionOfClaimId);
        p.Bool(o + 11, c.PossibleDuplicate);
        p.Utf8(o + 12, BodyJson(c));
        if (_keysBuffer.Length < hashes.Length * 8) _keysBuffer = new byte[hashes.Length * 16];
        p.Blob(o + 13, _keysBuffer.AsSpan(0, ClaimKeyHashIndex.Encode(hashes, _keysBuffer)));
    }

    /// <summary>The body column as UTF-8 JSON, written into a reused buffer.</summary>
    private ReadOnlySpan<byte> BodyJson(LedgerClaim c)
    {
        _json.ResetWrittenCount();
        if (_jsonWriter is null) _jsonWriter = new System.Text.Json.Utf8JsonWriter(_json);
        else _jsonWriter.Reset(_json);
        ClaimBody.Write(_jsonWriter, c);
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
        if (!TryPartition(partition, out var partitionId)) return [];
        long single = 0;
        var ids = KeyIndex(partitionId).Find(key, ref single);
        if (ids.IsEmpty) return [];
        var result = new List<LedgerClaim>(ids.Length);
        foreach (var id in ids)
        {
            // The hash proposed it: keep it only if the claim really has the key (as the in-memory ledger does).
            if (ClaimById(id) is { } claim && ClaimKeys.Has(claim, key)) result.Add(claim);
        }
        return result;
    }

    /// <inheritdoc />
    public LedgerClaim? GetClaim(long id)
    {
        ThrowIfDisposed();
        return ClaimById(id);
    }

    /// <summary>A claim by id: the buffered or already read object of this scope, else read from its row.</summary>
    private LedgerClaim? ClaimById(long id)
    {
        if (_unflushedById.TryGetValue(id, out var buffered)) return buffered;
        if (_scope is not null && _identity.TryGetValue(id, out var known) && known is LedgerClaim cached) return cached;
        _getClaim.Set(0, id);
        using var reader = _getClaim.Query();
        return reader.Read() ? ReadClaim(reader) : null;
    }

    /// <summary>A claim from a row of <see cref="ClaimColumns"/>; the object already read in this scope when there is one.</summary>
    private LedgerClaim ReadClaim(SqliteDataReader r)
    {
        var id = r.GetInt64(0);
        if (_scope is not null && _identity.TryGetValue(id, out var known) && known is LedgerClaim cached) return cached;
        var body = LedgerJson.DeserializeBody(r.GetString(11));
        var claim = new LedgerClaim
        {
            Id = id,
            Partition = PartitionOf(r.GetInt64(1)),
            DocumentId = r.GetString(2),
            PatientControlNumber = r.GetString(3),
            PayerClaimNumber = SqliteValues.StringOrNull(r, 4),
            Paid = SqliteValues.Money(r, 5),
            RemittanceDate = SqliteValues.DateOrNull(r, 6),
            State = (LedgerClaimState)r.GetInt32(7),
            ReversedByDocumentId = SqliteValues.StringOrNull(r, 8),
            CorrectionOfClaimId = SqliteValues.Int64OrNull(r, 9),
            PossibleDuplicate = r.GetInt64(10) != 0,
            RemittanceTrace = body.RemittanceTrace,
            ProviderId = body.ProviderId,
            StatusCode = body.StatusCode ?? "",
            Charge = body.Charge,
            PatientResponsibility = body.PatientResponsibility,
            FilingIndicator = body.FilingIndicator,
            OriginalReference = body.OriginalReference,
            PatientId = body.PatientId,
            CorrectedPatientId = body.CorrectedPatientId,
            InsuredId = body.InsuredId,
            RenderingProviderId = body.RenderingProviderId,
            HasCorrectedPriorityPayer = body.HasCorrectedPriorityPayer,
            ServiceFrom = body.ServiceFrom,
            ServiceTo = body.ServiceTo,
            Position = body.Position,
            Adjustments = body.ToAdjustments(),
            RemarkCodes = body.Remarks ?? [],
            Lines = body.ToLines(),
        };
        if (_scope is not null) _identity[id] = claim;
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

    /// <summary><c>(?1, ?2), (?3, ?4)</c>: positional parameters, bound by index.</summary>
    private static string Positional(int rows, int columns)
    {
        var sb = new System.Text.StringBuilder();
        var n = 1;
        for (var row = 0; row < rows; row++)
        {
            if (row > 0) sb.Append(", ");
            sb.Append('(');
            for (var column = 0; column < columns; column++)
            {
                if (column > 0) sb.Append(", ");
                sb.Append('?').Append(n++);
            }
            sb.Append(')');
        }
        return sb.ToString();
    }

    private static string Prefixed(string prefix, string columns) =>
        string.Join(", ", columns.Split(',', StringSplitOptions.TrimEntries).Select(c => prefix + c));
}
