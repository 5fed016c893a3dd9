using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.PostgreSql;

/// <summary>Source-generated JSON for the hot path (claims): compact, nulls left out, enums by name.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(LedgerClaim))]
internal sealed partial class ClaimJsonContext : JsonSerializerContext;

/// <summary>
/// The JSON columns: a claim (<c>claim.body</c>, <c>pending_reversal.reversal</c>) and an event
/// (<c>event.body</c>) as the library's own records serialise, read back by their type. The event type is named
/// by <c>event_type</c> and found among the event records of Recoupment.Detection, so a new event type needs no
/// change here.
/// </summary>
internal static class LedgerJson
{
    private static readonly JsonSerializerOptions EventOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private static readonly Dictionary<string, Type> EventTypes = typeof(RecoupmentEvent).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(RecoupmentEvent)) && !t.IsAbstract)
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static string Claim(LedgerClaim claim) => JsonSerializer.Serialize(claim, ClaimJsonContext.Default.LedgerClaim);

    public static LedgerClaim Claim(string json) =>
        JsonSerializer.Deserialize(json, ClaimJsonContext.Default.LedgerClaim) ?? throw new InvalidDataException("A claim in the ledger has no body.");

    public static string Event(RecoupmentEvent e) => JsonSerializer.Serialize(e, e.GetType(), EventOptions);

    public static RecoupmentEvent Event(string type, string json)
    {
        if (!EventTypes.TryGetValue(type, out var clr))
        {
            throw new InvalidDataException($"The ledger holds an event of unknown type '{type}' (written by a newer version?).");
        }
        return (RecoupmentEvent)(JsonSerializer.Deserialize(json, clr, EventOptions) ?? throw new InvalidDataException($"An event of type '{type}' has no body."));
    }
}
