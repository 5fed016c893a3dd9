using System.Globalization;
using System.Reflection;

namespace Recoupment.Detection.Matching.Policies;

/// <summary>The class of a payer, which decides appeal windows.</summary>
public enum PayerClass
{
    /// <summary>Commercial insurance (the default).</summary>
    Commercial,
    /// <summary>Medicare, including Medicare Advantage.</summary>
    Medicare,
    /// <summary>Medicaid.</summary>
    Medicaid,
    /// <summary>Other government programs.</summary>
    Government,
    /// <summary>Workers' compensation.</summary>
    WorkersComp,
    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>
/// Appeal windows per payer class. Medicare: 120 days from the notice for a redetermination, and 30 days to stop the
/// recoupment while the appeal runs (42 CFR 405.379). The commercial default is a contract matter: configure it.
/// </summary>
public sealed record AppealPolicy
{
    /// <summary>The default policy.</summary>
    public static AppealPolicy Default { get; } = new();

    /// <summary>Days to appeal, by payer class.</summary>
    public IReadOnlyDictionary<PayerClass, int> AppealDays { get; init; } = new Dictionary<PayerClass, int>
    {
        [PayerClass.Medicare] = 120,
        [PayerClass.Medicaid] = 90,
        [PayerClass.Commercial] = 180,
        [PayerClass.Government] = 90,
        [PayerClass.WorkersComp] = 90,
        [PayerClass.Other] = 180,
    };

    /// <summary>Days within which an appeal stops the recoupment, by payer class (Medicare 30).</summary>
    public IReadOnlyDictionary<PayerClass, int> StopRecoupmentDays { get; init; } = new Dictionary<PayerClass, int>
    {
        [PayerClass.Medicare] = 30,
    };

    /// <summary>The appeal deadline for a recoupment notified on <paramref name="noticeDate"/>.</summary>
    public DateOnly? DeadlineFor(PayerClass payerClass, DateOnly? noticeDate) =>
        noticeDate is { } date && AppealDays.TryGetValue(payerClass, out var days) ? date.AddDays(days) : null;

    /// <summary>The last day an appeal stops the recoupment, when the payer class has such a rule.</summary>
    public DateOnly? StopRecoupmentBy(PayerClass payerClass, DateOnly? noticeDate) =>
        noticeDate is { } date && StopRecoupmentDays.TryGetValue(payerClass, out var days) ? date.AddDays(days) : null;
}

/// <summary>A state's limit on how long after payment a commercial payer may recoup.</summary>
/// <param name="State">Two-letter state code.</param>
/// <param name="Days">The look-back limit in days.</param>
/// <param name="Rule">The rule in a sentence.</param>
public sealed record LookbackLimit(string State, int Days, string Rule);

/// <summary>State look-back limits as data (an embedded table; pass your own to override). Advisory only.</summary>
public sealed class LookbackPolicy
{
    private readonly Dictionary<string, LookbackLimit> _limits;

    /// <summary>Creates a policy from limits.</summary>
    public LookbackPolicy(IEnumerable<LookbackLimit> limits)
    {
        _limits = limits.ToDictionary(l => l.State, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The built-in table (NY, CA, TX, SC, AR, GA, AL, AZ, CO, CT, DE).</summary>
    public static LookbackPolicy Default { get; } = Load();

    /// <summary>The limits by state.</summary>
    public IReadOnlyCollection<LookbackLimit> Limits => _limits.Values;

    /// <summary>The limit of a state, or null.</summary>
    public LookbackLimit? For(string? state) => state is not null && _limits.TryGetValue(state, out var limit) ? limit : null;

    /// <summary>The violated limit when money paid on <paramref name="paidOn"/> is recouped on <paramref name="recoupedOn"/>, else null.</summary>
    public LookbackLimit? Violation(string? state, DateOnly? paidOn, DateOnly? recoupedOn)
    {
        if (For(state) is not { } limit || paidOn is not { } paid || recoupedOn is not { } recouped) return null;
        return recouped.DayNumber - paid.DayNumber > limit.Days ? limit : null;
    }

    private static LookbackPolicy Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Recoupment.Detection.Matching.Policies.lookback-limits.tsv")
            ?? throw new InvalidOperationException("The look-back table is not embedded.");
        using var reader = new StreamReader(stream);
        var limits = new List<LookbackLimit>();
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split('\t');
            if (f.Length >= 3) limits.Add(new LookbackLimit(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), f[2]));
        }
        return new LookbackPolicy(limits);
    }
}
