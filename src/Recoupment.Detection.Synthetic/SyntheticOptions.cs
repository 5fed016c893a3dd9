namespace Recoupment.Detection.Synthetic;

/// <summary>
/// What <see cref="RemittanceGenerator"/> simulates. Change with <c>with</c>:
/// <c>SyntheticOptions.Default with { Seed = 7, Days = 365 }</c>. The same options (and seed) always give byte-identical
/// files and the same answer key.
/// </summary>
public sealed record SyntheticOptions
{
    /// <summary>The defaults: 3 payers, 4 provider organisations, 90 days of 200 new claims a day.</summary>
    public static SyntheticOptions Default { get; } = new();

    /// <summary>Seed of the <see cref="Random"/> every choice is drawn from.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Payers (each with its own payer ID, ICN range, trace numbers and files). Payer 2, 5, 8... is a Medicare
    /// contractor (two-step FB → WO recovery, 19-character ICN + PCN references); payer 3, 6, 9... Medicaid; the rest commercial.</summary>
    public int Payers { get; init; } = 3;

    /// <summary>Provider organisations: each has one tax ID and 2 to 4 NPIs (affiliated providers).</summary>
    public int Providers { get; init; } = 4;

    /// <summary>Calendar days simulated from <see cref="StartDate"/>; remittances are issued on weekdays.</summary>
    public int Days { get; init; } = 90;

    /// <summary>New claims adjudicated per weekday across all payers and providers.</summary>
    public int ClaimsPerDay { get; init; } = 200;

    /// <summary>The first simulated day.</summary>
    public DateOnly StartDate { get; init; } = new(2026, 1, 5);

    /// <summary>Multiplies the rate of every recovery story (reversals, deferrals, refunds, orphans...). Default 1.</summary>
    public double StoryRate { get; init; } = 1.0;

    /// <summary>
    /// Names a rendering provider (NM1*82, an individual NPI of the paid provider's practice, one of two per NPI) on
    /// every claim, for the totals by rendering provider. Off by default, so that the files of a seed stay as they were.
    /// </summary>
    public bool RenderingProviders { get; init; }

    /// <summary>Throws when an option is out of range.</summary>
    public void Validate()
    {
        if (Payers < 1 || Payers > 99) throw new ArgumentOutOfRangeException(nameof(Payers), Payers, "Payers must be between 1 and 99.");
        if (Providers < 1 || Providers > 999) throw new ArgumentOutOfRangeException(nameof(Providers), Providers, "Providers must be between 1 and 999.");
        if (Days < 1 || Days > 3660) throw new ArgumentOutOfRangeException(nameof(Days), Days, "Days must be between 1 and 3660.");
        if (ClaimsPerDay < 1 || ClaimsPerDay > 1_000_000) throw new ArgumentOutOfRangeException(nameof(ClaimsPerDay), ClaimsPerDay, "Claims per day must be between 1 and 1,000,000.");
        if (StoryRate < 0 || StoryRate > 5) throw new ArgumentOutOfRangeException(nameof(StoryRate), StoryRate, "The story rate must be between 0 and 5.");
    }
}
