using System.Security.Cryptography;
using System.Text;
using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Matching;

/// <summary>Stable event identifiers: a hash of the remittance identity and the event's place in its processing.</summary>
public static class EventIds
{
    /// <summary>The identifier of the event at <paramref name="place"/> within the remittance <paramref name="documentId"/>.</summary>
    public static string Create(string documentId, string place)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(documentId + "#" + place), hash);
        return "EV" + Convert.ToHexStringLower(hash[..8]);
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
