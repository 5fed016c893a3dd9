using System.Text;
using Microsoft.Data.Sqlite;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Sqlite;

public sealed partial class SqliteClaimLedger
{
    // Claims are the bulk of the ledger: they are buffered in the open transaction and written in multi-row INSERTs
    // when the scope commits (or the buffer fills). Until then the buffer answers for them, so every read sees every
    // change made so far, as in memory; the transaction makes the remittance atomic either way.
    private const int ClaimBatch = 32;
    private const int KeyBatch = 128;
    private const int FlushThreshold = 4096;

    private const string ClaimColumns =
        "id, partition_id, document_id, remittance_trace, remittance_date, provider_id, patient_control_number, status_code, charge, paid, " +
        "patient_responsibility, filing_indicator, payer_claim_number, original_reference, patient_id, corrected_patient_id, insured_id, " +
        "has_corrected_priority_payer, service_from, service_to, position, state, reversed_by_document_id, correction_of_claim_id, " +
        "possible_duplicate, detail";

    private const int ClaimColumnCount = 26;

    private readonly List<LedgerClaim> _unflushedClaims = [];
    private readonly Dictionary<long, LedgerClaim> _unflushedById = [];
    private readonly List<(long Partition, int Kind, string Value, long ClaimId, int Dup)> _unflushedKeys = [];
    private readonly Dictionary<(long Partition, int Kind, string Value), List<LedgerClaim>> _unflushedIndex = [];

    private PreparedCommand _insertClaim = null!;
    private PreparedCommand _insertClaims = null!;
    private PreparedCommand _insertClaimKey = null!;
    private PreparedCommand _insertClaimKeys = null!;
    private PreparedCommand _updateClaim = null!;
    private PreparedCommand _findClaims = null!;
    private PreparedCommand _getClaim = null!;

    private int UnflushedClaimCount => _unflushedClaims.Count;

    private void PrepareClaims()
    {
        _insertClaim = Prepare($"INSERT INTO claim ({ClaimColumns}) VALUES {Values(1, ClaimColumnCount)};", ClaimColumnCount);
        _insertClaims = Prepare($"INSERT INTO claim ({ClaimColumns}) VALUES {Values(ClaimBatch, ClaimColumnCount)};", ClaimBatch * ClaimColumnCount);
        _insertClaimKey = Prepare($"INSERT INTO claim_key (partition_id, kind, value, claim_id, dup) VALUES {Values(1, 5)};", 5);
        _insertClaimKeys = Prepare($"INSERT INTO claim_key (partition_id, kind, value, claim_id, dup) VALUES {Values(KeyBatch, 5)};", KeyBatch * 5);
        _updateClaim = Prepare(
            "UPDATE claim SET state = $p1, reversed_by_document_id = $p2, correction_of_claim_id = $p3, possible_duplicate = $p4 WHERE id = $p0;", 5);
        _findClaims = Prepare(
            $"SELECT {Prefixed("c.", ClaimColumns)} FROM claim_key k JOIN claim c ON c.id = k.claim_id " +
            "WHERE k.partition_id = $p0 AND k.kind = $p1 AND k.value = $p2 ORDER BY k.claim_id, k.dup;", 3);
        _getClaim = Prepare($"SELECT {ClaimColumns} FROM claim WHERE id = $p0;", 1);
    }

    /// <inheritdoc />
    public void AddClaim(LedgerClaim claim, IReadOnlyCollection<ClaimKey> keys)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(keys);
        Write((claim, keys), static (ledger, s) => ledger.BufferClaim(s.claim, s.keys));
    }

    private void BufferClaim(LedgerClaim claim, IReadOnlyCollection<ClaimKey> keys)
    {
        var partition = PartitionId(claim.Partition);
        claim.Id = NextId();
        _unflushedClaims.Add(claim);
        _unflushedById[claim.Id] = claim;
        if (_scope is not null) _identity[claim.Id] = claim;
        if (_scope is not null) _scope.ClaimsAdded++;
        var first = _unflushedKeys.Count;
        foreach (var key in keys)
        {
            var kind = (int)key.Kind;
            // A record listed twice under one key is kept twice (dup numbers the copies), as in memory.
            var dup = 0;
            for (var i = first; i < _unflushedKeys.Count; i++)
            {
                var k = _unflushedKeys[i];
                if (k.Kind == kind && string.Equals(k.Value, key.Value, StringComparison.Ordinal)) dup++;
            }
            _unflushedKeys.Add((partition, kind, key.Value, claim.Id, dup));
            var indexKey = (partition, kind, key.Value);
            if (!_unflushedIndex.TryGetValue(indexKey, out var list)) _unflushedIndex[indexKey] = list = new List<LedgerClaim>(1);
            list.Add(claim);
        }
        if (_unflushedClaims.Count >= FlushThreshold) FlushClaims();
    }

    /// <summary>Writes the buffered claims and keys into the open transaction.</summary>
    private void FlushClaims()
    {
        if (_unflushedClaims.Count == 0) return;
        var claims = _unflushedClaims;
        var i = 0;
        for (; i + ClaimBatch <= claims.Count; i += ClaimBatch)
        {
            for (var j = 0; j < ClaimBatch; j++) BindClaim(_insertClaims, j * ClaimColumnCount, claims[i + j]);
            _insertClaims.Execute();
        }
        for (; i < claims.Count; i++)
        {
            BindClaim(_insertClaim, 0, claims[i]);
            _insertClaim.Execute();
        }

        var keys = _unflushedKeys;
        i = 0;
        for (; i + KeyBatch <= keys.Count; i += KeyBatch)
        {
            for (var j = 0; j < KeyBatch; j++) BindKey(_insertClaimKeys, j * 5, keys[i + j]);
            _insertClaimKeys.Execute();
        }
        for (; i < keys.Count; i++)
        {
            BindKey(_insertClaimKey, 0, keys[i]);
            _insertClaimKey.Execute();
        }
        DiscardUnflushedClaims();
    }

    private void DiscardUnflushedClaims()
    {
        _unflushedClaims.Clear();
        _unflushedById.Clear();
        _unflushedKeys.Clear();
        _unflushedIndex.Clear();
    }

    private void BindClaim(PreparedCommand p, int o, LedgerClaim c)
    {
        p.Set(o + 0, c.Id);
        p.Set(o + 1, _partitionIds[c.Partition]);
        p.Set(o + 2, c.DocumentId);
        p.Set(o + 3, c.RemittanceTrace);
        p.Set(o + 4, c.RemittanceDate);
        p.Set(o + 5, c.ProviderId);
        p.Set(o + 6, c.PatientControlNumber);
        p.Set(o + 7, c.StatusCode);
        p.Set(o + 8, c.Charge);
        p.Set(o + 9, c.Paid);
        p.Set(o + 10, c.PatientResponsibility);
        p.Set(o + 11, c.FilingIndicator);
        p.Set(o + 12, c.PayerClaimNumber);
        p.Set(o + 13, c.OriginalReference);
        p.Set(o + 14, c.PatientId);
        p.Set(o + 15, c.CorrectedPatientId);
        p.Set(o + 16, c.InsuredId);
        p.Set(o + 17, c.HasCorrectedPriorityPayer);
        p.Set(o + 18, c.ServiceFrom);
        p.Set(o + 19, c.ServiceTo);
        p.Set(o + 20, (long)c.Position);
        p.Set(o + 21, (long)c.State);
        p.Set(o + 22, c.ReversedByDocumentId);
        p.Set(o + 23, c.CorrectionOfClaimId);
        p.Set(o + 24, c.PossibleDuplicate);
        p.Set(o + 25, LedgerJson.Serialize(ClaimDetail.From(c)));
    }

    private static void BindKey(PreparedCommand p, int o, (long Partition, int Kind, string Value, long ClaimId, int Dup) key)
    {
        p.Set(o + 0, key.Partition);
        p.Set(o + 1, (long)key.Kind);
        p.Set(o + 2, key.Value);
        p.Set(o + 3, key.ClaimId);
        p.Set(o + 4, (long)key.Dup);
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
        List<LedgerClaim>? result = null;
        var p = _findClaims;
        p.Set(0, partitionId);
        p.Set(1, (long)key.Kind);
        p.Set(2, key.Value);
        using (var reader = p.Query())
        {
            while (reader.Read()) (result ??= []).Add(ReadClaim(reader));
        }
        if (_unflushedIndex.Count > 0 && _unflushedIndex.TryGetValue((partitionId, (int)key.Kind, key.Value), out var buffered))
        {
            // Buffered claims are newer than every written one: appending keeps the oldest-first order.
            (result ??= []).AddRange(buffered);
        }
        return result ?? (IReadOnlyList<LedgerClaim>)[];
    }

    /// <inheritdoc />
    public LedgerClaim? GetClaim(long id)
    {
        ThrowIfDisposed();
        if (_unflushedById.TryGetValue(id, out var buffered)) return buffered;
        if (_scope is not null && _identity.TryGetValue(id, out var known)) return known as LedgerClaim;
        _getClaim.Set(0, id);
        using var reader = _getClaim.Query();
        return reader.Read() ? ReadClaim(reader) : null;
    }

    /// <summary>A claim from a row of <see cref="ClaimColumns"/>; the object already read in this scope when there is one.</summary>
    private LedgerClaim ReadClaim(SqliteDataReader r)
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
        if (_scope is not null) _identity[id] = claim;
        return claim;
    }

    /// <summary><c>($p0, $p1), ($p2, $p3)</c>: <paramref name="rows"/> rows of <paramref name="columns"/> parameters.</summary>
    private static string Values(int rows, int columns)
    {
        var sb = new StringBuilder();
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
