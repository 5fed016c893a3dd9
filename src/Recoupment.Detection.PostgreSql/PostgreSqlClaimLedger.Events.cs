using System.Collections;
using Npgsql;
using NpgsqlTypes;
using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.PostgreSql;

public sealed partial class PostgreSqlClaimLedger
{
    // Events are kept in the transaction that caused them and written with its commit, numbered under the event-order
    // lock so that their order (seq) is the order of the commits. The row has the events CSV's key columns for queries
    // and the whole event as JSON (body), read back by event_type.
    private readonly List<RecoupmentEvent> _pendingEvents = [];
    private long _eventCount;
    private EventList? _events;

    /// <inheritdoc />
    /// <remarks>Outside a scope (duplicates, the engine's <c>Complete</c>) the events are written in a transaction of their own.</remarks>
    public void RecordEvents(IReadOnlyList<RecoupmentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0) return;
        Write(events, static (ledger, list) => ledger._pendingEvents.AddRange(list));
    }

    /// <summary>Queues the insert of the transaction's events, under the event-order lock (held until COMMIT).</summary>
    private void QueueEvents()
    {
        var events = _pendingEvents;
        if (events.Count == 0) return;
        QueueLock("SELECT pg_advisory_xact_lock($1, $2)", session: false, _locks, LockKeys.EventOrder);
        var insert = Command(
            "INSERT INTO event (event_id, event_type, family, payer_id, payee_id, remittance_date, amount, body) " +
            "SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::numeric[], $8::json[])",
            events.Select(e => e.EventId).ToArray(), events.Select(e => e.EventType).ToArray(), events.Select(e => e.Family.ToString()).ToArray(),
            events.Select(e => e.PayerId).ToArray(), events.Select(e => e.PayeeId).ToArray(), events.Select(e => e.RemittanceDate).ToArray(),
            events.Select(e => e.Amount).ToArray(), events.Select(LedgerJson.Event).ToArray());
        insert.Parameters[5].NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date;
        insert.Parameters[7].NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Json;
        Queue(insert);
    }

    private void EndEvents(bool committed)
    {
        if (committed) _eventCount += _pendingEvents.Count;
        _pendingEvents.Clear();
    }

    private long CountEvents()
    {
        using var batch = Batch();
        batch.BatchCommands.Add(Command("SELECT count(*) FROM event"));
        return (long)ExecuteScalar(batch)!;
    }

    /// <inheritdoc />
    /// <remarks>
    /// A live view, as in memory: its <see cref="IReadOnlyCollection{T}.Count"/> is the number of events recorded (read
    /// from the server when this method is called outside a scope, so it includes other writers' events committed by
    /// then, and grows with this ledger's own), and the events are read when first enumerated or indexed, then only
    /// the new ones. Use it while the ledger is open.
    /// </remarks>
    public IReadOnlyList<RecoupmentEvent> Events()
    {
        ThrowIfDisposed();
        if (!_inTransaction) _eventCount = CountEvents();
        return _events ??= new EventList(this);
    }

    /// <summary>The first event recorded with this id, or null.</summary>
    /// <param name="eventId">The event id (for example a <see cref="RecoupmentEvent.RelatedEventId"/>).</param>
    public RecoupmentEvent? FindEvent(string eventId)
    {
        ArgumentNullException.ThrowIfNull(eventId);
        ThrowIfDisposed();
        using var batch = Batch();
        batch.BatchCommands.Add(Command("SELECT event_type, body FROM event WHERE event_id = $1 ORDER BY seq LIMIT 1", eventId));
        using (var reader = ExecuteReader(batch))
        {
            if (reader.Read()) return LedgerJson.Event(reader.GetString(0), reader.GetString(1));
        }
        return _pendingEvents.Find(e => e.EventId == eventId);
    }

    /// <summary>Appends the committed events after the first <c>target.Count</c> ones, up to <paramref name="count"/>.</summary>
    private void ReadEvents(List<RecoupmentEvent> target, long count)
    {
        ThrowIfDisposed();
        using var batch = Batch();
        batch.BatchCommands.Add(Command("SELECT event_type, body FROM event ORDER BY seq OFFSET $1 LIMIT $2", (long)target.Count, count - target.Count));
        using var reader = ExecuteReader(batch);
        while (reader.Read()) target.Add(LedgerJson.Event(reader.GetString(0), reader.GetString(1)));
    }

    /// <summary>The recorded events: committed ones read from the server on use and kept, then those of the open scope.</summary>
    private sealed class EventList(PostgreSqlClaimLedger ledger) : IReadOnlyList<RecoupmentEvent>
    {
        private readonly List<RecoupmentEvent> _loaded = [];

        public int Count => checked((int)ledger._eventCount + ledger._pendingEvents.Count);

        public RecoupmentEvent this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
                var committed = Load();
                return index < committed.Count ? committed[index] : ledger._pendingEvents[index - committed.Count];
            }
        }

        public IEnumerator<RecoupmentEvent> GetEnumerator()
        {
            var committed = Load();
            var pending = ledger._pendingEvents.ToList();
            for (var i = 0; i < committed.Count; i++) yield return committed[i];
            foreach (var e in pending) yield return e;
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private List<RecoupmentEvent> Load()
        {
            var count = ledger._eventCount;
            if (_loaded.Count > count) _loaded.RemoveRange((int)count, _loaded.Count - (int)count);
            if (_loaded.Count < count) ledger.ReadEvents(_loaded, count);
            return _loaded;
        }
    }
}
