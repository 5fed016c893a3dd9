using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.PostgreSql;

/// <summary>Source-generated JSON for the hot path (claims): nulls left out, enums by name.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(LedgerClaim))]
internal sealed partial class ClaimJsonContext : JsonSerializerContext;

/// <summary>
/// The JSON columns: a claim (<c>claim.body</c>, <c>pending_reversal.reversal</c>) and an event (<c>event.body</c>)
/// as the library's own records serialise, read back by their type. A claim's properties are written under the short
/// names of <see cref="ShortNames"/> (part of the format; a property not listed keeps its name), which halves what each
/// claim costs to write, send and store. The event type is named by <c>event_type</c> and found among the event
/// records of Recoupment.Detection, so a new event type needs no change here.
/// </summary>
internal static class LedgerJson
{
    /// <summary>Short names of the claim's properties, by declaring type.</summary>
    private static readonly Dictionary<Type, Dictionary<string, string>> ShortNames = new()
    {
        [typeof(LedgerClaim)] = new(StringComparer.Ordinal)
        {
            ["Id"] = "id", ["Partition"] = "pt", ["DocumentId"] = "d", ["RemittanceTrace"] = "t", ["RemittanceDate"] = "rd", ["ProviderId"] = "v",
            ["PatientControlNumber"] = "p", ["StatusCode"] = "s", ["Charge"] = "c", ["Paid"] = "pd", ["PatientResponsibility"] = "r",
            ["FilingIndicator"] = "f", ["PayerClaimNumber"] = "n", ["OriginalReference"] = "o", ["PatientId"] = "i", ["CorrectedPatientId"] = "ci",
            ["InsuredId"] = "ii", ["RenderingProviderId"] = "rp", ["HasCorrectedPriorityPayer"] = "cob", ["ServiceFrom"] = "sf", ["ServiceTo"] = "st", ["Adjustments"] = "a",
            ["RemarkCodes"] = "rm", ["Lines"] = "l", ["Position"] = "ps", ["State"] = "x", ["ReversedByDocumentId"] = "xb",
            ["CorrectionOfClaimId"] = "co", ["PossibleDuplicate"] = "dp",
        },
        [typeof(LedgerLine)] = new(StringComparer.Ordinal)
        {
            ["Procedure"] = "p", ["Modifiers"] = "m", ["Units"] = "u", ["Charge"] = "c", ["Paid"] = "d", ["SubmittedProcedure"] = "s",
            ["LineControlNumber"] = "n", ["ServiceDate"] = "t",
        },
        [typeof(AdjustmentAmount)] = new(StringComparer.Ordinal) { ["Group"] = "g", ["Reason"] = "r", ["Amount"] = "m" },
        [typeof(PartitionKey)] = new(StringComparer.Ordinal) { ["PayerId"] = "r", ["PayeeId"] = "e" },
    };

    private static readonly JsonSerializerOptions ClaimOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = ClaimJsonContext.Default.WithAddedModifier(Shorten),
    };

    private static readonly JsonTypeInfo<LedgerClaim> ClaimInfo = (JsonTypeInfo<LedgerClaim>)ClaimOptions.GetTypeInfo(typeof(LedgerClaim));

    private static readonly JsonSerializerOptions EventOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    private static readonly Dictionary<string, Type> EventTypes = typeof(RecoupmentEvent).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(RecoupmentEvent)) && !t.IsAbstract)
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    private static void Shorten(JsonTypeInfo type)
    {
        if (!ShortNames.TryGetValue(type.Type, out var names)) return;
        foreach (var property in type.Properties)
        {
            if (names.TryGetValue(property.Name, out var shortName)) property.Name = shortName;
        }
    }

    /// <summary>A claim as UTF-8 JSON (the <c>bytea</c> of <c>claim.body</c>).</summary>
    public static byte[] ClaimUtf8(LedgerClaim claim) => JsonSerializer.SerializeToUtf8Bytes(claim, ClaimInfo);

    /// <summary>A claim as JSON text (<c>pending_reversal.reversal</c>).</summary>
    public static string Claim(LedgerClaim claim) => JsonSerializer.Serialize(claim, ClaimInfo);

    public static LedgerClaim Claim(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, ClaimInfo) ?? throw new InvalidDataException("A claim in the ledger has no body.");

    public static LedgerClaim Claim(string json) =>
        JsonSerializer.Deserialize(json, ClaimInfo) ?? throw new InvalidDataException("A claim in the ledger has no body.");

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
