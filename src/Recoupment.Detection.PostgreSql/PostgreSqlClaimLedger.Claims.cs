using System.Buffers.Binary;
using Npgsql;
using NpgsqlTypes;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.PostgreSql;

public sealed partial class PostgreSqlClaimLedger
{
    // Claims are the bulk of the ledger. A claim is buffered in the open transaction and written when the scope
    // commits (or the buffer fills); until then the buffer answers for it, so every read sees every change made so
    // far, as in memory. Its key hashes go into the partition's key index at once. Many claims go in with binary
    // COPY; a few (a remittance of a few dozen claims, the usual case) go as one INSERT from arrays in the commit's
    // own round trip, which saves COPY's two round trips and its statement setup (measured: 1.7 ms a remittance).
    private const int FlushThreshold = 4096;
    private const int CopyThreshold = 256;

    private const string ClaimColumns =
        "id, partition_id, document_id, patient_control_number, payer_claim_number, paid, remittance_date, state, reversed_by_document_id, " +
        "correction_of_claim_id, possible_duplicate, key_hashes, body";

    private readonly List<(LedgerClaim Claim, byte[] Hashes, int Partition)> _unflushed = [];
    private readonly Dictionary<long, LedgerClaim> _unflushedById = [];
    private readonly List<long> _candidates = [];

    // Claims written or read lately, by id, across scopes: a reversal usually finds a claim this writer paid not long
    // ago, and this saves the round trip to read it. An entry counts only while its partition's epoch is the one it
    // was cached under (a rollback, or another writer's change to the partition, moves the epoch on).
    private const int RecentCapacity = 1 << 16;
    private readonly Dictionary<long, (LedgerClaim Claim, PartitionState State, int Epoch)> _recent = [];
    private readonly Queue<long> _recentOrder = new();

    private void Remember(LedgerClaim claim, PartitionState state)
    {
        if (_recent.TryAdd(claim.Id, (claim, state, state.Epoch)))
        {
            _recentOrder.Enqueue(claim.Id);
            if (_recentOrder.Count > RecentCapacity) _recent.Remove(_recentOrder.Dequeue());
        }
        else
        {
            _recent[claim.Id] = (claim, state, state.Epoch);
        }
    }

    private LedgerClaim? Recent(long id) =>
        _recent.TryGetValue(id, out var entry) && entry.Epoch == entry.State.Epoch ? entry.Claim : null;

    /// <inheritdoc />
    public void AddClaim(LedgerClaim claim, IReadOnlyCollection<ClaimKey> keys)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(keys);
        // The key_hashes column: the engine's 64-bit hashes of the keys, 8 bytes each, little-endian.
        var hashes = new byte[keys.Count * 8];
        var i = 0;
        foreach (var key in keys) BinaryPrimitives.WriteUInt64LittleEndian(hashes.AsSpan(8 * i++), ClaimKeyIndex.Hash(key));
        Write((claim, hashes), static (ledger, s) => ledger.BufferClaim(s.claim, s.hashes));
    }

    private void BufferClaim(LedgerClaim claim, byte[] hashes)
    {
        var state = Touch(claim.Partition);
        var index = ClaimIndex(state);
        claim.Id = NextId(state);
        AddHashes(index, hashes, claim.Id);
        _unflushed.Add((claim, hashes, state.Id));
        _unflushedById[claim.Id] = claim;
        _identity[claim.Id] = claim;
        if (_scope is { } scope) scope.ClaimsAdded++;
        if (_unflushed.Count >= FlushThreshold) FlushClaims();
    }

    /// <summary>The key index of a partition, read from its claims' key hashes when first used.</summary>
    private PartitionClaimIndex ClaimIndex(PartitionState state)
    {
        if (state.Claims is null)
        {
            state.Claims = new PartitionClaimIndex();
            LoadClaimKeys(state);
        }
        return state.Claims;
    }

    /// <summary>Adds the claims of the partition with ids above those already listed (all of them the first time; those another writer added since).</summary>
    private void LoadClaimKeys(PartitionState state)
    {
        var index = state.Claims!;
        using var batch = Batch();
        batch.BatchCommands.Add(Command("SELECT id, key_hashes FROM claim WHERE partition_id = $1 AND id > $2 ORDER BY id", state.Id, index.MaxId));
        using var reader = ExecuteReader(batch);
        while (reader.Read())
        {
            AddHashes(index, reader.GetFieldValue<byte[]>(1), reader.GetInt64(0));
        }
    }

    private static void AddHashes(PartitionClaimIndex index, ReadOnlySpan<byte> hashes, long claimId)
    {
        for (var i = 0; i + 8 <= hashes.Length; i += 8) index.Add(BinaryPrimitives.ReadUInt64LittleEndian(hashes[i..]), claimId);
    }

    /// <summary>Writes the buffered claims into the open transaction: with binary COPY when they are many, else queued as one INSERT for the commit's round trip.</summary>
    private void FlushClaims(bool commit = false)
    {
        if (_unflushed.Count == 0) return;
        if (commit && _unflushed.Count < CopyThreshold) QueueClaims();
        else CopyClaims();
        foreach (var (claim, _, partition) in _unflushed) Remember(claim, _partitionsById[partition]);
        _unflushed.Clear();
        _unflushedById.Clear();
    }

    /// <summary>Queues the buffered claims as <c>INSERT ... SELECT FROM unnest(...)</c>: one array per column, sent in binary.</summary>
    private void QueueClaims()
    {
        var n = _unflushed.Count;
        var ids = new long[n];
        var partitions = new int[n];
        var documents = new string[n];
        var pcns = new string[n];
        var icns = new string?[n];
        var paid = new decimal[n];
        var dates = new DateOnly?[n];
        var states = new short[n];
        var reversedBy = new string?[n];
        var corrections = new long?[n];
        var duplicates = new bool[n];
        var hashes = new byte[n][];
        var bodies = new byte[n][];
        for (var i = 0; i < n; i++)
        {
            var (c, keys, partition) = _unflushed[i];
            ids[i] = c.Id;
            partitions[i] = partition;
            documents[i] = c.DocumentId;
            pcns[i] = c.PatientControlNumber;
            icns[i] = c.PayerClaimNumber;
            paid[i] = c.Paid;
            dates[i] = c.RemittanceDate;
            states[i] = (short)c.State;
            reversedBy[i] = c.ReversedByDocumentId;
            corrections[i] = c.CorrectionOfClaimId;
            duplicates[i] = c.PossibleDuplicate;
            hashes[i] = keys;
            bodies[i] = LedgerJson.ClaimUtf8(c);
        }
        var insert = Command(
            $"INSERT INTO claim ({ClaimColumns}) SELECT * FROM unnest($1::bigint[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::numeric[], " +
            "$7::date[], $8::smallint[], $9::text[], $10::bigint[], $11::boolean[], $12::bytea[], $13::bytea[])",
            ids, partitions, documents, pcns, icns, paid, dates, states, reversedBy, corrections, duplicates, hashes, bodies);
        insert.Parameters[4].NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text;
        insert.Parameters[6].NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date;
        insert.Parameters[8].NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text;
        insert.Parameters[9].NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint;
        Queue(insert);
    }

    /// <summary>Writes the buffered claims with binary COPY (NpgsqlBinaryImporter).</summary>
    private void CopyClaims()
    {
        // BEGIN must reach the server before the claims (the changes queued with it can follow).
        if (_ahead.Exists(a => a.Command.CommandText == "BEGIN"))
        {
            using var batch = Batch();
            batch.BatchCommands.Add(Command("SELECT 1"));
            using var reader = ExecuteReader(batch);
        }
        using var copy = _connection.BeginBinaryImport($"COPY claim ({ClaimColumns}) FROM STDIN (FORMAT BINARY)");
        foreach (var (c, hashes, partition) in _unflushed)
        {
            copy.StartRow();
            copy.Write(c.Id, NpgsqlDbType.Bigint);
            copy.Write(partition, NpgsqlDbType.Integer);
            copy.Write(c.DocumentId, NpgsqlDbType.Text);
            copy.Write(c.PatientControlNumber, NpgsqlDbType.Text);
            WriteOrNull(copy, c.PayerClaimNumber, NpgsqlDbType.Text);
            copy.Write(c.Paid, NpgsqlDbType.Numeric);
            if (c.RemittanceDate is { } date) copy.Write(date, NpgsqlDbType.Date);
            else copy.WriteNull();
            copy.Write((short)c.State, NpgsqlDbType.Smallint);
            WriteOrNull(copy, c.ReversedByDocumentId, NpgsqlDbType.Text);
            if (c.CorrectionOfClaimId is { } correction) copy.Write(correction, NpgsqlDbType.Bigint);
            else copy.WriteNull();
            copy.Write(c.PossibleDuplicate, NpgsqlDbType.Boolean);
            copy.Write(hashes, NpgsqlDbType.Bytea);
            copy.Write(LedgerJson.ClaimUtf8(c), NpgsqlDbType.Bytea);
        }
        copy.Complete();
    }

    private static void WriteOrNull(NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type)
    {
        if (value is null) copy.WriteNull();
        else copy.Write(value, type);
    }

    private void DiscardUnflushedClaims()
    {
        _unflushed.Clear();
        _unflushedById.Clear();
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
            ledger.Touch(c.Partition);
            ledger.Queue(Command(
                "UPDATE claim SET state = $2, reversed_by_document_id = $3, correction_of_claim_id = $4, possible_duplicate = $5 WHERE id = $1",
                c.Id, (short)c.State, c.ReversedByDocumentId, c.CorrectionOfClaimId, c.PossibleDuplicate));
            if (ledger._identity.TryGetValue(c.Id, out var known) && known is LedgerClaim cached && !ReferenceEquals(cached, c)) CopyMutable(c, cached);
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
        if (ForRead(partition) is not { } state) return [];
        _candidates.Clear();
        ClaimIndex(state).Find(ClaimKeyIndex.Hash(key), _candidates);
        if (_candidates.Count == 0) return [];
        var claims = ClaimsById(_candidates);
        var result = new List<LedgerClaim>(claims.Count);
        foreach (var claim in claims)
        {
            // The hash proposed it: keep it only if the claim really has the key (as the in-memory ledger does).
            if (claim is not null && ClaimKeys.Has(claim, key)) result.Add(claim);
        }
        return result;
    }

    /// <inheritdoc />
    public LedgerClaim? GetClaim(long id)
    {
        ThrowIfDisposed();
        return ClaimsById([id])[0];
    }

    /// <summary>Claims by id, in the order given (null where none): from the buffer or this scope's objects, the rest in one query.</summary>
    private List<LedgerClaim?> ClaimsById(List<long> ids)
    {
        var result = new List<LedgerClaim?>(ids.Count);
        List<long>? missing = null;
        foreach (var id in ids)
        {
            var known = _unflushedById.TryGetValue(id, out var buffered) ? buffered
                : _inTransaction && _identity.TryGetValue(id, out var cached) ? cached as LedgerClaim : Recent(id);
            if (known is not null && _inTransaction) _identity.TryAdd(id, known);
            result.Add(known);
            if (known is null) (missing ??= []).Add(id);
        }
        if (missing is null) return result;
        var read = new Dictionary<long, LedgerClaim>(missing.Count);
        using (var batch = Batch())
        {
            batch.BatchCommands.Add(Command($"SELECT {ClaimColumns} FROM claim WHERE id = ANY($1)", missing.Distinct().ToArray()));
            using var reader = ExecuteReader(batch);
            while (reader.Read())
            {
                var claim = ReadClaim(reader);
                read[claim.Id] = claim;
            }
        }
        for (var i = 0; i < result.Count; i++) result[i] ??= read.GetValueOrDefault(ids[i]);
        return result;
    }

    /// <summary>A claim from a row of <see cref="ClaimColumns"/>: the body, with the columns that change since it was written.</summary>
    private LedgerClaim ReadClaim(NpgsqlDataReader r)
    {
        var id = r.GetInt64(0);
        if (_inTransaction && _identity.TryGetValue(id, out var known) && known is LedgerClaim cached) return cached;
        var claim = LedgerJson.Claim(r.GetFieldValue<byte[]>(12));
        claim.Id = id;
        claim.State = (LedgerClaimState)r.GetInt16(7);
        claim.ReversedByDocumentId = StringOrNull(r, 8);
        claim.CorrectionOfClaimId = Int64OrNull(r, 9);
        claim.PossibleDuplicate = r.GetBoolean(10);
        if (_inTransaction) _identity[id] = claim;
        if (_partitionsById.TryGetValue(r.GetInt32(1), out var state)) Remember(claim, state);
        return claim;
    }
}
