using System.Text.Json;
using System.Text.Json.Serialization;
using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Sinks;

/// <summary>
/// Writes events as JSON lines: one object per event with the snake_case keys of the events CSV columns.
/// Uses System.Text.Json source generation (no reflection).
/// </summary>
public sealed class EventJsonLinesWriter : IDisposable, IAsyncDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _leaveOpen;

    /// <summary>Creates a writer over a text writer.</summary>
    /// <param name="writer">Where lines go.</param>
    /// <param name="leaveOpen">When false, the writer is disposed with this one.</param>
    public EventJsonLinesWriter(TextWriter writer, bool leaveOpen = false)
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _leaveOpen = leaveOpen;
    }

    /// <summary>Writes one event as one line.</summary>
    public void Write(RecoupmentEvent e)
    {
        _writer.Write(ToJson(e));
        _writer.Write('\n');
    }

    /// <summary>Writes events, one line each.</summary>
    public void Write(IEnumerable<RecoupmentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events) Write(e);
    }

    /// <summary>The JSON object of one event.</summary>
    public static string ToJson(RecoupmentEvent e) => JsonSerializer.Serialize(EventRow.From(e), EventJsonContext.Default.EventRow);

    /// <summary>Reads one JSON line back into a row.</summary>
    public static EventRow? FromJson(string line) => JsonSerializer.Deserialize(line, EventJsonContext.Default.EventRow);

    /// <inheritdoc />
    public void Dispose()
    {
        _writer.Flush();
        if (!_leaveOpen) _writer.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writer.FlushAsync().ConfigureAwait(false);
        if (!_leaveOpen) await _writer.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Source-generated serialization of <see cref="EventRow"/> with snake_case names.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(EventRow))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
