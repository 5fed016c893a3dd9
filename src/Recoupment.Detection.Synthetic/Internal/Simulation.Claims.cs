namespace Recoupment.Detection.Synthetic.Internal;

internal sealed partial class Simulation
{
    private static readonly (string Code, decimal Price, string? Downcode)[] Procedures =
    [
        ("99212", 95m, null), ("99213", 140m, "99212"), ("99214", 210m, "99213"), ("99215", 290m, "99214"), ("99203", 180m, null),
        ("99204", 260m, "99203"), ("93000", 70m, null), ("36415", 18m, null), ("80053", 45m, null), ("85025", 25m, null),
        ("20610", 160m, null), ("97110", 65m, null), ("71046", 85m, null), ("90471", 30m, null), ("87880", 35m, null),
        ("11042", 320m, null), ("17110", 130m, null), ("29125", 120m, null),
    ];

    private static readonly string[] LastNames = ["DOE", "SAMPLE", "TESTER", "DEMO", "EXAMPLE", "PLACEHOLDER", "FICTION", "MOCK", "DUMMY", "SYNTHETIC"];
    private static readonly string[] FirstNames = ["JANE", "JOHN", "ALEX", "SAM", "PAT", "CHRIS", "TAYLOR", "JORDAN", "CASEY", "MORGAN", "ROBIN", "DREW"];
    private static readonly string[] DenialReasons = ["50", "16", "97", "27"];

    private string NextIcn(SimPayer payer) => $"{payer.IcnPrefix}{payer.NextIcn++:D9}";

    private string OldIcn(SimPayer payer) => $"25{payer.Index + 1:D2}{_nextOldIcn++:D9}";

    private string NextPcn(SimOrganisation organisation)
    {
        _nextPcn.TryGetValue(organisation, out var next);
        _nextPcn[organisation] = next + 1;
        return $"{organisation.PcnPrefix}-{next + 1:D7}";
    }

    private string OldPcn(SimOrganisation organisation) => $"{organisation.PcnPrefix}-X{_nextOldIcn++:D6}";

    private SimPatient NewPatient() => new()
    {
        LastName = Pick(LastNames),
        FirstName = Pick(FirstNames),
        MemberId = $"ZZX{_nextMember++:D9}",
    };

    /// <summary>A newly adjudicated claim: paid (most) or denied, one to three service lines, balanced.</summary>
    private SimClaim NewClaim(SimPayer payer, SimProvider provider, DateOnly adjudicated, string? pcn = null, SimPatient? patient = null,
        DateOnly? serviceDate = null)
    {
        var dos = serviceDate ?? adjudicated.AddDays(-Between(7, 45));
        var lineCount = _rng.NextDouble() switch { < 0.55 => 1, < 0.85 => 2, _ => 3 };
        var denied = Chance(0.07);
        var lines = new List<SimLine>(lineCount);
        var denial = Pick(DenialReasons);
        for (var i = 0; i < lineCount; i++)
        {
            var (code, price, _) = Pick(Procedures);
            var charge = Math.Round(price * (decimal)(0.9 + 0.4 * _rng.NextDouble()), 2);
            var modifier = code.StartsWith("992", StringComparison.Ordinal) && Chance(0.15) ? "25" : code is "97110" or "20610" && Chance(0.3) ? "59" : null;
            var units = code is "97110" ? Between(1, 4) : 1;
            charge *= units;
            lines.Add(denied
                ? new SimLine { Procedure = code, Modifier = modifier, Charge = charge, Paid = 0, Units = units, ServiceDate = dos, Adjustments = [new("CO", denial, charge)] }
                : PricedLine(payer, code, modifier, null, charge, units, dos, Math.Round(charge * (decimal)(0.45 + 0.4 * _rng.NextDouble()), 2), i == 0));
        }
        return Build(payer, provider, pcn ?? NextPcn(provider.Organisation), denied ? "4" : PaidStatus(payer), NextIcn(payer), null,
            patient ?? NewPatient(), dos, lines);
    }

    private string PaidStatus(SimPayer payer) => _rng.NextDouble() switch
    {
        < 0.9 => "1",
        < 0.96 => payer.Kind == PayerKind.Medicare ? "19" : "2",
        _ => payer.Kind == PayerKind.Medicaid ? "1" : "19",
    };

    /// <summary>A paid line: CO-45 above the allowed amount, patient share (PR-1/2/3), Medicare sequestration (CO-253).</summary>
    private SimLine PricedLine(SimPayer payer, string code, string? modifier, string? submitted, decimal charge, int units, DateOnly dos, decimal allowed,
        bool first, decimal? patientShare = null)
    {
        allowed = Math.Min(allowed, charge);
        var (prReason, pr) = patientShare is { } share
            ? ("2", Math.Min(share, allowed))
            : payer.Kind switch
            {
                PayerKind.Medicare => Chance(0.1) ? ("1", Math.Min(allowed, Money(20, 120))) : ("2", Math.Round(allowed * 0.2m, 2)),
                PayerKind.Medicaid => first && Chance(0.3) ? ("3", Math.Min(allowed, 3m)) : ("2", 0m),
                _ => first && Chance(0.5) ? ("3", Math.Min(allowed, Pick(new[] { 20m, 25m, 30m, 40m }))) : ("2", Math.Round(allowed * 0.2m, 2)),
            };
        var sequestration = payer.Kind == PayerKind.Medicare ? Math.Round((allowed - pr) * 0.02m, 2) : 0m;
        var adjustments = new List<Cas>(3);
        if (charge - allowed != 0) adjustments.Add(new("CO", "45", charge - allowed));
        if (sequestration != 0) adjustments.Add(new("CO", "253", sequestration));
        if (pr != 0) adjustments.Add(new("PR", prReason, pr));
        return new SimLine
        {
            Procedure = code,
            Modifier = modifier,
            SubmittedProcedure = submitted,
            Charge = charge,
            Paid = allowed - pr - sequestration,
            Allowed = allowed,
            Units = units,
            ServiceDate = dos,
            Adjustments = adjustments,
        };
    }

    private static SimClaim Build(SimPayer payer, SimProvider provider, string pcn, string status, string icn, string? originalReference, SimPatient patient,
        DateOnly dos, List<SimLine> lines) => new()
    {
        Pcn = pcn,
        Status = status,
        Charge = lines.Sum(l => l.Charge),
        Paid = lines.Sum(l => l.Paid),
        PatientResponsibility = lines.Sum(l => l.Adjustments.Where(a => a.Group == "PR").Sum(a => a.Amount)),
        FilingIndicator = payer.FilingIndicator,
        Icn = icn,
        OriginalReference = originalReference,
        Patient = patient,
        Provider = provider,
        ServiceDate = dos,
        Lines = lines,
        Pooled = lines.Sum(l => l.Paid) > 0 && status != "22",
    };

    /// <summary>TR3 §1.10.2.8: the reversal repeats the original with every amount negated, under the original ICN.</summary>
    private static SimClaim Reverse(SimClaim original) => new()
    {
        Pcn = original.Pcn,
        Status = "22",
        Charge = -original.Charge,
        Paid = -original.Paid,
        PatientResponsibility = -original.PatientResponsibility,
        FilingIndicator = original.FilingIndicator,
        Icn = original.Icn,
        Patient = original.Patient,
        Provider = original.Provider,
        ServiceDate = original.ServiceDate,
        Lines = original.Lines.Select(l => new SimLine
        {
            Procedure = l.Procedure,
            Modifier = l.Modifier,
            SubmittedProcedure = l.SubmittedProcedure,
            Charge = -l.Charge,
            Paid = -l.Paid,
            Units = l.Units,
            ServiceDate = l.ServiceDate,
            Adjustments = l.Adjustments.Select(a => a with { Amount = -a.Amount }).ToList(),
        }).ToList(),
        ClaimAdjustments = original.ClaimAdjustments.Select(a => a with { Amount = -a.Amount }).ToList(),
        Pooled = false,
    };

    internal enum CorrectionKind
    {
        Down,
        Up,
        Same,
        Denied,
        Duplicate,
    }

    /// <summary>How a correction names the claim it corrects: a new ICN with REF*F8, the same ICN, or a new ICN linked only by patient and service.</summary>
    private (string Icn, string? F8) CorrectionNumbers(SimPayer payer, SimClaim original) => _rng.NextDouble() switch
    {
        < 0.6 => (NextIcn(payer), original.Icn),
        < 0.9 => (original.Icn, null),
        _ => (NextIcn(payer), null),
    };

    /// <summary>The re-adjudicated claim: same charges; a lower or higher allowed amount, a down-coded procedure, or a denial.</summary>
    private SimClaim Correct(SimPayer payer, SimClaim original, CorrectionKind kind, (string Icn, string? F8)? numbers = null)
    {
        var (icn, f8) = numbers ?? CorrectionNumbers(payer, original);
        List<SimLine> lines;
        var status = PaidStatus(payer);
        switch (kind)
        {
            case CorrectionKind.Denied:
            case CorrectionKind.Duplicate:
                var reason = kind == CorrectionKind.Duplicate ? "18" : Pick(new[] { "50", "22", "16" });
                status = "4";
                lines = original.Lines.Select(l => new SimLine
                {
                    Procedure = l.Procedure, Modifier = l.Modifier, Charge = l.Charge, Paid = 0, Units = l.Units, ServiceDate = l.ServiceDate,
                    Adjustments = [new("CO", reason, l.Charge)],
                }).ToList();
                break;
            case CorrectionKind.Same:
                lines = original.Lines;
                break;
            default:
                var up = kind == CorrectionKind.Up;
                var downcode = !up && Chance(0.35);
                lines = [];
                for (var i = 0; i < original.Lines.Count; i++)
                {
                    var l = original.Lines[i];
                    var allowed = l.Allowed ?? l.Charge;
                    var target = up
                        ? Math.Min(l.Charge, Math.Round(allowed * (decimal)(1.05 + 0.3 * _rng.NextDouble()), 2))
                        : Math.Round(allowed * (decimal)(0.5 + 0.4 * _rng.NextDouble()), 2);
                    var code = l.Procedure;
                    string? submitted = null;
                    if (downcode && i == 0 && Procedures.FirstOrDefault(p => p.Code == code).Downcode is { } lower)
                    {
                        submitted = code;
                        code = lower;
                    }
                    var share = l.Adjustments.Where(a => a.Group == "PR").Sum(a => a.Amount);
                    lines.Add(PricedLine(payer, code, l.Modifier, submitted, l.Charge, l.Units, l.ServiceDate, target, i == 0,
                        Math.Min(share, target)));
                }
                // A higher allowed amount that does not pay more (patient share, cap) is not an "up" correction: nudge it.
                if (up && lines.Sum(l => l.Paid) <= original.Paid) return Correct(payer, original, CorrectionKind.Same, (icn, f8));
                if (!up && lines.Sum(l => l.Paid) >= original.Paid) return Correct(payer, original, CorrectionKind.Denied, (icn, f8));
                break;
        }
        var claim = Build(payer, original.Provider, original.Pcn, status, icn, f8, original.Patient, original.ServiceDate, lines);
        claim.Pooled = false;
        return claim;
    }

    /// <summary>A non-compliant net-delta adjustment (R10): CLP02 = 1, a negative payment under the original ICN, no reversal.</summary>
    private static SimClaim NetDelta(SimClaim original, decimal amount) => new()
    {
        Pcn = original.Pcn,
        Status = "1",
        Charge = 0,
        Paid = -amount,
        FilingIndicator = original.FilingIndicator,
        Icn = original.Icn,
        Patient = original.Patient,
        Provider = original.Provider,
        ServiceDate = original.ServiceDate,
        ClaimAdjustments = [new("CO", "45", amount)],
        Pooled = false,
    };
}
