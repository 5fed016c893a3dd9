using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Matching;

/// <summary>
/// Stable event identifiers: a 64-bit hash of the remittance identity and the event's place in its processing.
/// The same remittance processed in the same way always gives the same ids, in any run, on any machine.
/// </summary>
public static class EventIds
{
    /// <summary>The identifier of the event at <paramref name="place"/> within the remittance <paramref name="documentId"/>.</summary>
    public static string Create(string documentId, string place)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        ArgumentNullException.ThrowIfNull(place);
        // FNV-1a over the UTF-16 code units, then a final avalanche: stable across processes (string.GetHashCode is not).
        var hash = 14695981039346656037UL;
        foreach (var c in documentId) hash = (hash ^ c) * 1099511628211UL;
        hash = (hash ^ '#') * 1099511628211UL;
        foreach (var c in place) hash = (hash ^ c) * 1099511628211UL;
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        hash *= 0xC4CEB9FE1A85EC53UL;
        hash ^= hash >> 33;
        return "EV" + hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>What the engine knows while processing one remittance: the events so far and the flags every event carries.</summary>
internal sealed class DocumentContext
{
    private int _sequence;

    public DocumentContext(RemittanceDocument document, bool traceReused)
    {
        Document = document;
        TraceReused = traceReused;
    }

    public RemittanceDocument Document { get; }

    public bool TraceReused { get; }

    public List<RecoupmentEvent> Events { get; } = [];

    /// <summary>Stamps an event with its id, partition and remittance, adds it and returns it.</summary>
    public T Add<T>(T e)
        where T : RecoupmentEvent
    {
        var d = Document;
        var flags = (d.IsUnbalanced ? " FromUnbalancedDocument." : "") + (TraceReused ? " TraceNumberReused." : "");
        var stamped = (T)(e with
        {
            EventId = EventIds.Create(d.DocumentId, (_sequence++).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            PayerId = d.Partition.PayerId,
            PayeeId = d.Partition.PayeeId,
            ProviderId = e.ProviderId ?? d.PayeeNpi,
            RemittanceTrace = e.RemittanceTrace ?? d.Trace,
            RemittanceDate = e.RemittanceDate ?? d.Date,
            Note = flags.Length == 0 ? e.Note : ((e.Note ?? "") + flags).Trim(),
        });
        Events.Add(stamped);
        return stamped;
    }
}
