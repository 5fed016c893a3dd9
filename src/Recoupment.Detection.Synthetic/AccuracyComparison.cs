using System.Globalization;
using System.Text;
using Recoupment.Detection.Csv;
using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Synthetic;

/// <summary>Reads answer keys and tells which engine events they cover.</summary>
public static class AnswerKey
{
    /// <summary>The event families an answer key covers: Recoupment, Refund, Offset and Adjustment (not Diagnostic).</summary>
    public static IReadOnlySet<string> Families { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(EventFamily.Recoupment), nameof(EventFamily.Refund), nameof(EventFamily.Offset), nameof(EventFamily.Adjustment),
    };

    /// <summary>Reads an answer key (events CSV).</summary>
    public static IReadOnlyList<EventRow> Read(string path)
    {
        using var reader = new StreamReader(path);
        return EventCsvReader.Read(reader);
    }

    /// <summary>True unless the row's note starts with <c>not-determinable</c>.</summary>
    public static bool IsDeterminable(EventRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return !row.Note.StartsWith(ExpectedEvent.NotDeterminablePrefix.TrimEnd(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The key an expected and an engine event are matched on: event type, mode, the claim (payer_claim_number, else
    /// claim_id), PLB reason code and reference, amount, and the remittance (TRN02) the event was found in. Confidence,
    /// root cause, notes, dates and ids are not compared.
    /// </summary>
    public static string MatchKey(EventRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var claim = row.PayerClaimNumber.Length > 0 ? row.PayerClaimNumber : row.ClaimId;
        return string.Join('|', row.EventType, row.Mode, claim, row.PlbReasonCode, row.PlbReference, row.Amount, row.RemittanceTrace);
    }
}

/// <summary>Precision and recall of one event type.</summary>
/// <param name="EventType">The event type.</param>
/// <param name="Expected">Determinable rows of the answer key.</param>
/// <param name="NotDeterminable">Rows marked not determinable (neither required nor counted against the engine).</param>
/// <param name="Actual">Engine events of the type.</param>
/// <param name="Matched">Engine events that matched a determinable row.</param>
/// <param name="MatchedNotDeterminable">Engine events that matched a row marked not determinable.</param>
/// <param name="Missed">Determinable rows the engine did not produce (false negatives).</param>
/// <param name="Unexpected">Engine events that match no row (false positives).</param>
public sealed record TypeAccuracy(string EventType, long Expected, long NotDeterminable, long Actual, long Matched, long MatchedNotDeterminable, long Missed,
    long Unexpected)
{
    /// <summary>Matched / (matched + unexpected); 1 when the engine emitted nothing of the type.</summary>
    public double Precision => Matched + MatchedNotDeterminable + Unexpected == 0 ? 1 : (double)(Matched + MatchedNotDeterminable) / (Matched + MatchedNotDeterminable + Unexpected);

    /// <summary>Matched / expected determinable rows; 1 when none were expected.</summary>
    public double Recall => Expected == 0 ? 1 : (double)Matched / Expected;
}

/// <summary>How an engine's events compare with an answer key.</summary>
public sealed record AccuracyReport
{
    /// <summary>One line per event type, in name order.</summary>
    public required IReadOnlyList<TypeAccuracy> Types { get; init; }
    /// <summary>Determinable rows the engine did not produce.</summary>
    public required IReadOnlyList<EventRow> Missed { get; init; }
    /// <summary>Engine events that match no row.</summary>
    public required IReadOnlyList<EventRow> Unexpected { get; init; }

    /// <summary>True when precision and recall are 100% for every type.</summary>
    public bool IsPerfect => Missed.Count == 0 && Unexpected.Count == 0;

    /// <summary>The table as Markdown.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| event_type | expected | not determinable | engine | matched | missed | unexpected | precision | recall |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var t in Types.Append(Total()))
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {t.EventType} | {t.Expected} | {t.NotDeterminable} | {t.Actual} | {t.Matched + t.MatchedNotDeterminable} | {t.Missed} | {t.Unexpected} | {t.Precision:P2} | {t.Recall:P2} |");
        }
        return sb.ToString();
    }

    /// <summary>All types together.</summary>
    public TypeAccuracy Total() => new("**all**", Types.Sum(t => t.Expected), Types.Sum(t => t.NotDeterminable), Types.Sum(t => t.Actual), Types.Sum(t => t.Matched),
        Types.Sum(t => t.MatchedNotDeterminable), Types.Sum(t => t.Missed), Types.Sum(t => t.Unexpected));
}

/// <summary>Compares an engine's events with an answer key on <see cref="AnswerKey.MatchKey"/> (as multisets).</summary>
public static class AccuracyComparison
{
    /// <summary>Compares. Engine events outside the answer key's families (diagnostics) are ignored.</summary>
    /// <param name="expected">The answer key rows.</param>
    /// <param name="actual">The engine's events, flattened.</param>
    public static AccuracyReport Compare(IEnumerable<EventRow> expected, IEnumerable<EventRow> actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var pending = new Dictionary<string, Queue<EventRow>>(StringComparer.Ordinal);
        var stats = new SortedDictionary<string, long[]>(StringComparer.Ordinal);
        long[] Stats(string type) => stats.TryGetValue(type, out var s) ? s : stats[type] = new long[7];
        foreach (var row in expected)
        {
            var s = Stats(row.EventType);
            if (AnswerKey.IsDeterminable(row)) s[0]++;
            else s[1]++;
            var key = AnswerKey.MatchKey(row);
            if (!pending.TryGetValue(key, out var queue)) pending[key] = queue = new Queue<EventRow>();
            queue.Enqueue(row);
        }
        var unexpected = new List<EventRow>();
        foreach (var row in actual)
        {
            if (!AnswerKey.Families.Contains(row.Family)) continue;
            var s = Stats(row.EventType);
            s[2]++;
            if (pending.TryGetValue(AnswerKey.MatchKey(row), out var queue) && queue.Count > 0)
            {
                var match = queue.Dequeue();
                if (AnswerKey.IsDeterminable(match)) s[3]++;
                else s[4]++;
            }
            else
            {
                s[6]++;
                unexpected.Add(row);
            }
        }
        var missed = new List<EventRow>();
        foreach (var row in pending.Values.SelectMany(q => q).Where(AnswerKey.IsDeterminable))
        {
            Stats(row.EventType)[5]++;
            missed.Add(row);
        }
        return new AccuracyReport
        {
            Types = stats.Select(kv => new TypeAccuracy(kv.Key, kv.Value[0], kv.Value[1], kv.Value[2], kv.Value[3], kv.Value[4], kv.Value[5], kv.Value[6])).ToList(),
            Missed = missed,
            Unexpected = unexpected,
        };
    }
}
