using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Synthetic.Internal;

/// <summary>
/// The simulated payers. Day by day (weekdays only), each payer adjudicates new claims for the providers and carries
/// out the recovery stories it decided earlier: reversals and corrections, deferred (WO) and Medicare two-step (FB → WO)
/// recoupments, letter-based recoveries, refunds, write-offs, affiliated offsets, duplicates, net-delta adjustments and
/// orphans. Every remittance a payer sends is balanced by the payer itself (forward balances when it nets negative).
/// The events each action must cause are recorded as the ground truth, in the terms of docs/matching.md.
/// </summary>
internal sealed partial class Simulation
{
    private const string WindowOpen = "the reversal's 60-day correction window is still open at the end of the simulated span";
    private const int CorrectionWindowDays = 60;

    private readonly SyntheticOptions _options;
    private readonly Random _rng;
    private readonly Action<RecoupmentEvent, string?> _expect;
    private readonly List<SimPayer> _payers = [];
    private readonly List<SimOrganisation> _organisations = [];
    private readonly List<SimProvider> _providers = [];
    private readonly Dictionary<SimProvider, int> _providerIndex = [];
    private readonly Dictionary<int, Dictionary<(int Payer, int Provider), SimRemittance>> _schedule = [];
    private readonly Dictionary<(int Payer, int Provider), (string Reference, decimal Amount)> _openForwardBalances = [];
    private readonly Dictionary<SimOrganisation, long> _nextPcn = [];
    private readonly int _lastDay;
    private long _nextOldIcn = 1;
    private long _nextCheck = 1;
    private long _nextMember = 1;

    public Simulation(SyntheticOptions options, Action<RecoupmentEvent, string?> expect)
    {
        _options = options;
        _rng = new Random(options.Seed);
        _expect = expect;
        _lastDay = options.Days - 1;
        while (_lastDay > 0 && IsWeekend(_lastDay)) _lastDay--;
        LastDate = DateOf(_lastDay);
        CreateParties();
    }

    public DateOnly LastDate { get; }

    public IReadOnlyList<SimPayer> Payers => _payers;

    public long NewClaims { get; private set; }

    public DateOnly DateOf(int day) => _options.StartDate.AddDays(day);

    public bool IsWeekend(int day) => DateOf(day).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>Simulates one day and returns its remittances, finalised (balanced, trace numbers given, events recorded), in payer then provider order.</summary>
    public List<(SimRemittance Remittance, Finalised Content)> RunDay(int day)
    {
        if (day == 0) SchedulePeriodicInterimPayments();
        if (IsWeekend(day) || day > _lastDay) return [];

        for (var i = 0; i < _options.ClaimsPerDay; i++)
        {
            var payer = _payers[_rng.Next(_payers.Count)];
            var provider = _providers[_rng.Next(_providers.Count)];
            var remittance = At(day, payer, provider)!;
            var claim = NewClaim(payer, provider, DateOf(day));
            NewClaims++;
            var unit = new ClaimUnit();
            unit.Claims.Add(claim);
            remittance.Units.Add(unit);
            if (claim.Paid > 0) PlanStory(claim, remittance, day);
        }
        PlanDailyExtras(day);

        if (!_schedule.Remove(day, out var today)) return [];
        var result = new List<(SimRemittance, Finalised)>(today.Count);
        foreach (var key in today.Keys.Order())
        {
            var remittance = today[key];
            result.Add((remittance, Finalise(remittance)));
        }
        return result;
    }

    // ---- Parties ------------------------------------------------------------------------------------------------

    private static readonly string[] PayerNames =
    [
        "ZENITH MUTUAL HEALTH PLAN", "MEDICARE PART B SYNTHETIC MAC", "STATE MEDICAID SYNTHETIC PROGRAM", "ACORN CARE ASSURANCE",
        "MEDICARE JURISDICTION X SAMPLE", "LAKESHORE MEDICAID MANAGED CARE", "BLUE HERON HEALTH SAMPLE", "CORAL BENEFIT TRUST",
    ];

    private static readonly string[] OrganisationNames =
    [
        "NORTHWIND", "SOUTHRIDGE", "LAKEVIEW", "PINECREST", "RIVERBEND", "STONEGATE", "MAPLEWOOD", "CEDAR HOLLOW", "FAIRHAVEN",
        "HIGHLAND", "BRIGHTWATER", "OAK MEADOW",
    ];

    private static readonly string[] Specialties = ["FAMILY MEDICINE", "URGENT CARE", "PEDIATRICS", "ORTHOPEDICS", "CARDIOLOGY", "PHYSICAL THERAPY"];

    private void CreateParties()
    {
        for (var p = 0; p < _options.Payers; p++)
        {
            var kind = (p % 3) switch { 1 => PayerKind.Medicare, 2 => PayerKind.Medicaid, _ => PayerKind.Commercial };
            var name = PayerNames[p % PayerNames.Length] + (p >= PayerNames.Length ? $" {p / PayerNames.Length + 1}" : "");
            _payers.Add(new SimPayer
            {
                Index = p,
                Name = name,
                Code = $"SYNPAYER{p + 1:D2}",
                PayerId = $"1990{p + 1:D2}0001",
                Kind = kind,
                FilingIndicator = kind switch { PayerKind.Medicare => "MB", PayerKind.Medicaid => "MC", _ => "12" },
                IcnPrefix = $"26{p + 1:D2}",
            });
        }
        for (var o = 0; o < _options.Providers; o++)
        {
            var organisation = new SimOrganisation
            {
                Index = o,
                TaxId = $"0799{o + 1:D5}",
                PcnPrefix = $"S{o + 1:D3}",
                Providers = [],
            };
            var count = 2 + _rng.Next(3);
            var baseName = OrganisationNames[o % OrganisationNames.Length] + (o >= OrganisationNames.Length ? $" {o / OrganisationNames.Length + 1}" : "");
            var first = _rng.Next(Specialties.Length);
            for (var n = 0; n < count; n++)
            {
                var index = _providers.Count;
                var provider = new SimProvider
                {
                    Organisation = organisation,
                    Npi = Identifiers.Npi($"199{index + 1:D6}"),
                    Name = $"{baseName} {Specialties[(first + n) % Specialties.Length]}",
                    Street = $"{100 + 10 * index} EXAMPLE AVENUE",
                    City = "SPRINGFIELD",
                    State = "IL",
                    Zip = $"62701{index % 10000:D4}",
                };
                organisation.Providers.Add(provider);
                _providerIndex[provider] = index;
                _providers.Add(provider);
            }
            _organisations.Add(organisation);
        }
    }

    // ---- Scheduling ---------------------------------------------------------------------------------------------

    /// <summary>The remittance of a payer to a provider on a day (moved to the next weekday); null past the span.</summary>
    private SimRemittance? At(int day, SimPayer payer, SimProvider provider)
    {
        while (IsWeekend(day)) day++;
        if (day > _lastDay) return null;
        if (!_schedule.TryGetValue(day, out var onDay)) _schedule[day] = onDay = [];
        var key = (payer.Index, _providerIndex[provider]);
        if (!onDay.TryGetValue(key, out var remittance))
        {
            onDay[key] = remittance = new SimRemittance { Payer = payer, Provider = provider, Day = day };
        }
        return remittance;
    }

    private int Between(int min, int max) => _rng.Next(min, max + 1);

    private decimal Money(decimal min, decimal max) => Math.Round(min + (max - min) * (decimal)_rng.NextDouble(), 2);

    private decimal Part(decimal amount, double min, double max) => Math.Max(0.01m, Math.Round(amount * (decimal)(min + (max - min) * _rng.NextDouble()), 2));

    private bool Chance(double p) => _rng.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private SimProvider? Affiliate(SimProvider provider)
    {
        var others = provider.Organisation.Providers.Where(p => !ReferenceEquals(p, provider)).ToList();
        return others.Count == 0 ? null : Pick(others);
    }

    private int DayOf(SimRemittance remittance) => remittance.Day;

    /// <summary>The day a correction window ends for a reversal paid on <paramref name="day"/>: FullTakeback is determinable only before the span ends.</summary>
    private string? TakebackDeterminability(int day) =>
        DateOf(day).AddDays(CorrectionWindowDays) < LastDate ? null : WindowOpen;
}
