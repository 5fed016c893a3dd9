using System.Text.Json;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Policies;

namespace Recoupment.Detection.Cli;

/// <summary>A configuration file that cannot be used, with every problem found in it (each names where it is).</summary>
public sealed class RecoupConfigException(string path, IReadOnlyList<string> problems)
    : Exception($"{path}: {string.Join(" ", problems)}")
{
    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>Each problem, located by its setting (e.g. <c>appealDays.Medicare</c>) or by line and position.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// <c>recoup.json</c>: the matching policies a site sets for itself, read by <c>recoup scan</c> from <c>--config FILE</c>,
/// else from <c>recoup.json</c> in the current folder when there is one. Every setting is optional; what is not set
/// keeps the default of <see cref="RecoupmentOptions.Default"/>. Comments and trailing commas are allowed.
/// </summary>
/// <remarks>
/// <code>
/// {
///   "correctionWindowDays": 60,            // days a reversal waits for its correction (R8)
///   "forwardBalanceStaleDays": 120,        // days before an unapplied forward balance is reported stale (R16)
///   "appealDays": { "Commercial": 90 },    // appeal window by payer class, from the notice (remittance) date
///   "stopRecoupmentDays": { "Medicare": 30 },
///   "payerClasses": { "87726": "Commercial", "1870000001": "Medicaid" },   // by payer key, when CLP06 does not tell
///   "payerStates": { "87726": "NY" },      // whose look-back law applies to a payer
///   "lookbackLimits": { "FL": { "days": 1095, "rule": "30 months (627.6131(18))" } }   // added to or replacing the built-in table
/// }
/// </code>
/// </remarks>
public sealed class RecoupConfig
{
    /// <summary>The file looked for in the current folder when <c>--config</c> is not given.</summary>
    public const string DefaultFileName = "recoup.json";

    /// <summary>The longest window accepted, in days (ten years): anything longer is a typo.</summary>
    public const int MaxDays = 3650;

    private static readonly string[] Settings =
        ["correctionWindowDays", "forwardBalanceStaleDays", "appealDays", "stopRecoupmentDays", "payerClasses", "payerStates", "lookbackLimits"];

    private RecoupConfig(string? path, RecoupmentOptions options)
    {
        Path = path;
        Options = options;
    }

    /// <summary>The file the settings came from; null when none was read (the defaults).</summary>
    public string? Path { get; }

    /// <summary>The engine options: the defaults with the file's settings applied.</summary>
    public RecoupmentOptions Options { get; }

    /// <summary>The defaults, from no file.</summary>
    public static RecoupConfig Defaults { get; } = new(null, RecoupmentOptions.Default);

    /// <summary>
    /// The configuration for a run: <paramref name="explicitPath"/> when given (it must exist), else
    /// <see cref="DefaultFileName"/> in <paramref name="folder"/> when it exists, else the defaults.
    /// </summary>
    /// <exception cref="RecoupConfigException">The file is missing (when named), unreadable, not JSON, or has settings that are wrong.</exception>
    public static RecoupConfig Find(string? explicitPath, string folder)
    {
        if (explicitPath is not null)
        {
            if (!File.Exists(explicitPath)) throw new RecoupConfigException(explicitPath, ["no such file."]);
            return Load(explicitPath);
        }
        var candidate = System.IO.Path.Combine(folder, DefaultFileName);
        return File.Exists(candidate) ? Load(candidate) : Defaults;
    }

    /// <summary>Reads and checks a configuration file.</summary>
    /// <exception cref="RecoupConfigException">The file is unreadable, not JSON, or has settings that are wrong.</exception>
    public static RecoupConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecoupConfigException(path, [$"the file cannot be read ({e.Message})."]);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new RecoupConfigException(path, [$"line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}: not valid JSON ({FirstSentence(e.Message)})."]);
        }
        using (document)
        {
            var problems = new List<string>();
            var options = Apply(document.RootElement, problems);
            if (problems.Count > 0) throw new RecoupConfigException(path, problems);
            return new RecoupConfig(path, options);
        }
    }

    private static RecoupmentOptions Apply(JsonElement root, List<string> problems)
    {
        var options = RecoupmentOptions.Default;
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add("the file must hold one JSON object ({ \"setting\": value, ... }).");
            return options;
        }
        foreach (var setting in root.EnumerateObject())
        {
            switch (setting.Name)
            {
                case "correctionWindowDays":
                    if (Days(setting.Value, setting.Name, problems, minimum: 0) is { } correction) options = options with { CorrectionWindowDays = correction };
                    break;
                case "forwardBalanceStaleDays":
                    if (Days(setting.Value, setting.Name, problems, minimum: 1) is { } stale) options = options with { ForwardBalanceStaleDays = stale };
                    break;
                case "appealDays":
                    if (ClassDays(setting.Value, setting.Name, options.Appeals.AppealDays, problems) is { } appeal)
                    {
                        options = options with { Appeals = options.Appeals with { AppealDays = appeal } };
                    }
                    break;
                case "stopRecoupmentDays":
                    if (ClassDays(setting.Value, setting.Name, options.Appeals.StopRecoupmentDays, problems) is { } stop)
                    {
                        options = options with { Appeals = options.Appeals with { StopRecoupmentDays = stop } };
                    }
                    break;
                case "payerClasses":
                    options = options with { PayerClasses = PayerClasses(setting.Value, setting.Name, problems) };
                    break;
                case "payerStates":
                    options = options with { PayerJurisdictions = PayerStates(setting.Value, setting.Name, problems) };
                    break;
                case "lookbackLimits":
                    if (Lookback(setting.Value, setting.Name, problems) is { } limits) options = options with { Lookback = limits };
                    break;
                default:
                    problems.Add(Sentences($"'{setting.Name}' is not a setting.", Suggestions.DidYouMean(setting.Name, Settings),
                        $"The settings are {string.Join(", ", Settings)}."));
                    break;
            }
        }
        return options;
    }

    private static int? Days(JsonElement value, string where, List<string> problems, int minimum)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var days) && days >= minimum && days <= MaxDays) return days;
        problems.Add($"'{where}' must be a whole number of days from {minimum} to {MaxDays}, not {value.GetRawText()}.");
        return null;
    }

    private static Dictionary<PayerClass, int>? ClassDays(JsonElement value, string where, IReadOnlyDictionary<PayerClass, int> defaults, List<string> problems)
    {
        if (!IsObject(value, where, "{ \"Medicare\": 120, ... }", problems)) return null;
        var result = new Dictionary<PayerClass, int>(defaults);
        foreach (var entry in value.EnumerateObject())
        {
            var cls = Class(entry.Name, $"{where}.{entry.Name}", problems, asKey: true);
            var days = Days(entry.Value, $"{where}.{entry.Name}", problems, minimum: 0);
            if (cls is { } c && days is { } d) result[c] = d;
        }
        return result;
    }

    private static Dictionary<string, PayerClass> PayerClasses(JsonElement value, string where, List<string> problems)
    {
        var result = new Dictionary<string, PayerClass>(StringComparer.Ordinal);
        if (!IsObject(value, where, "{ \"<payer key>\": \"Medicare\", ... }", problems)) return result;
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                problems.Add($"'{where}.{entry.Name}' must be a payer class in quotes ({string.Join(", ", Enum.GetNames<PayerClass>())}), not {entry.Value.GetRawText()}.");
                continue;
            }
            if (Class(entry.Value.GetString()!, $"{where}.{entry.Name}", problems, asKey: false) is { } cls) result[PayerKey(entry.Name)] = cls;
        }
        return result;
    }

    private static Dictionary<string, string> PayerStates(JsonElement value, string where, List<string> problems)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!IsObject(value, where, "{ \"<payer key>\": \"NY\", ... }", problems)) return result;
        foreach (var entry in value.EnumerateObject())
        {
            if (State(entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString() : null) is { } state) result[PayerKey(entry.Name)] = state;
            else problems.Add($"'{where}.{entry.Name}' must be a two-letter state code such as \"NY\", not {entry.Value.GetRawText()}.");
        }
        return result;
    }

    private static LookbackPolicy? Lookback(JsonElement value, string where, List<string> problems)
    {
        if (!IsObject(value, where, "{ \"NY\": { \"days\": 730, \"rule\": \"...\" }, ... }", problems)) return null;
        var limits = LookbackPolicy.Default.Limits.ToDictionary(l => l.State, StringComparer.OrdinalIgnoreCase);
        var ok = true;
        foreach (var entry in value.EnumerateObject())
        {
            var at = $"{where}.{entry.Name}";
            if (State(entry.Name) is not { } state)
            {
                problems.Add($"'{at}': '{entry.Name}' is not a two-letter state code such as \"NY\".");
                ok = false;
                continue;
            }
            if (!IsObject(entry.Value, at, "{ \"days\": 730, \"rule\": \"...\" }", problems))
            {
                ok = false;
                continue;
            }
            int? days = null;
            var rule = limits.TryGetValue(state, out var known) ? known.Rule : $"{state}: look-back limit set in recoup.json.";
            foreach (var field in entry.Value.EnumerateObject())
            {
                switch (field.Name)
                {
                    case "days":
                        days = Days(field.Value, $"{at}.days", problems, minimum: 1);
                        break;
                    case "rule" when field.Value.ValueKind == JsonValueKind.String:
                        rule = field.Value.GetString()!;
                        break;
                    case "rule":
                        problems.Add($"'{at}.rule' must be text in quotes, not {field.Value.GetRawText()}.");
                        break;
                    default:
                        problems.Add($"'{at}.{field.Name}' is not a setting of a look-back limit (they are days and rule).");
                        break;
                }
            }
            if (days is null)
            {
                if (!entry.Value.TryGetProperty("days", out _)) problems.Add($"'{at}' needs \"days\".");
                ok = false;
                continue;
            }
            limits[state] = new LookbackLimit(state, days.Value, rule);
        }
        return ok ? new LookbackPolicy(limits.Values) : null;
    }

    private static PayerClass? Class(string name, string where, List<string> problems, bool asKey)
    {
        if (Enum.TryParse<PayerClass>(name, ignoreCase: true, out var cls) && Enum.IsDefined(cls) && !int.TryParse(name, out _)) return cls;
        var names = Enum.GetNames<PayerClass>();
        problems.Add(Sentences($"'{where}': '{name}' is not a payer class{(asKey ? " (the keys are payer classes)" : "")}.",
            Suggestions.DidYouMean(name, names), $"The classes are {string.Join(", ", names)}."));
        return null;
    }

    private static bool IsObject(JsonElement value, string where, string example, List<string> problems)
    {
        if (value.ValueKind == JsonValueKind.Object) return true;
        problems.Add($"'{where}' must be an object like {example}, not {value.GetRawText()}.");
        return false;
    }

    private static string? State(string? code) =>
        code is { Length: 2 } && char.IsAsciiLetter(code[0]) && char.IsAsciiLetter(code[1]) ? code.ToUpperInvariant() : null;

    // Payer keys as the engine forms them (RemittanceDocument.PayerKeyOf): trimmed, upper case.
    private static string PayerKey(string key) => key.Trim().ToUpperInvariant();

    private static string Sentences(params string[] sentences) => string.Join(' ', sentences.Where(t => t.Length > 0));

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }
}
