using System.Globalization;
using System.Text;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching;

namespace Recoupment.Detection.Tests.Support;

/// <summary>One claim adjustment (CAS triplet): group, reason and amount.</summary>
/// <param name="Group">CAS01: CO, CR, OA, PI or PR.</param>
/// <param name="Reason">The CARC.</param>
/// <param name="Amount">The amount (negated on reversals).</param>
public readonly record struct Cas(string Group, string Reason, decimal Amount)
{
    /// <summary>"CO-45" as group and reason.</summary>
    public static (string Group, string Reason) Split(string code)
    {
        var i = code.IndexOf('-', StringComparison.Ordinal);
        if (i <= 0) throw new ArgumentException($"Expected GROUP-REASON such as CO-45, got '{code}'.", nameof(code));
        return (code[..i], code[(i + 1)..]);
    }
}

/// <summary>
/// One claim (CLP loop) of a test remittance, balanced by construction: CLP03 − Σ CAS = CLP04 and, on its single service
/// line, SVC02 − Σ CAS = SVC03. Build it with <see cref="Paid"/>, then derive <see cref="Reversal"/>,
/// <see cref="Corrected"/>, <see cref="Denied"/> or <see cref="NetDelta"/> from it; a derived claim remembers the claim it
/// reverses or corrects, so that tests can compute the money taken back from the inputs alone.
/// </summary>
public sealed record ClaimSpec
{
    /// <summary>CLP01.</summary>
    public required string Pcn { get; init; }
    /// <summary>CLP02.</summary>
    public string Status { get; init; } = "1";
    /// <summary>CLP03.</summary>
    public decimal Charge { get; init; }
    /// <summary>CLP04.</summary>
    public decimal PaidAmount { get; init; }
    /// <summary>CLP06.</summary>
    public string Filing { get; init; } = "12";
    /// <summary>CLP07.</summary>
    public required string Icn { get; init; }
    /// <summary>REF*F8, when given.</summary>
    public string? OriginalReference { get; init; }
    /// <summary>NM1*QC NM109.</summary>
    public string PatientId { get; init; } = "W000000001";
    /// <summary>NM1*QC last name.</summary>
    public string PatientLast { get; init; } = "DOE";
    /// <summary>NM1*QC first name.</summary>
    public string PatientFirst { get; init; } = "JANE";
    /// <summary>NM1*82 NM109 (XX): the rendering provider's NPI, when given.</summary>
    public string? RenderingProvider { get; init; }
    /// <summary>NM1*74 with NM108 = C: the corrected insured ID, when given.</summary>
    public string? CorrectedPatientId { get; init; }
    /// <summary>NM1*PR: a corrected priority payer name (COB signal), when given.</summary>
    public string? CorrectedPriorityPayer { get; init; }
    /// <summary>First date of service (DTM*232 and DTM*472).</summary>
    public DateOnly ServiceDate { get; init; } = new(2025, 12, 1);
    /// <summary>SVC01 procedure (qualifier:code).</summary>
    public string Procedure { get; init; } = "HC:99214";
    /// <summary>SVC01 modifiers, ':'-separated, or empty.</summary>
    public string Modifiers { get; init; } = "";
    /// <summary>SVC05 units.</summary>
    public decimal Units { get; init; } = 1;
    /// <summary>The adjustments, all on the service line; they balance the claim.</summary>
    public IReadOnlyList<Cas> Adjustments { get; init; } = [];
    /// <summary>MOA remark codes.</summary>
    public IReadOnlyList<string> Remarks { get; init; } = [];

    /// <summary>The claim this one reverses (CLP02 = 22), when it is a reversal.</summary>
    public ClaimSpec? Reverses { get; init; }
    /// <summary>The claim this one corrects (replaces after a reversal), when it is a correction.</summary>
    public ClaimSpec? Corrects { get; init; }

    /// <summary>CLP05: the sum of the PR adjustments, or null when there are none.</summary>
    public decimal? PatientResponsibility => Adjustments.Any(a => a.Group == "PR") ? Adjustments.Where(a => a.Group == "PR").Sum(a => a.Amount) : null;

    /// <summary>True for a CLP02 = 22 reversal.</summary>
    public bool IsReversal => Status == "22";

    /// <summary>
    /// A paid claim. What is not paid is adjusted under <paramref name="reason"/> (CO-45 by default), less
    /// <paramref name="patientShare"/> which goes to PR-2 (coinsurance).
    /// </summary>
    public static ClaimSpec Paid(string icn, decimal charge, decimal paid, string? pcn = null, string reason = "CO-45", decimal patientShare = 0,
        string patient = "W000000001", string? dos = null, string filing = "12", string procedure = "HC:99214", string modifiers = "", decimal units = 1,
        string status = "1")
    {
        var adjustments = new List<Cas>();
        if (patientShare != 0) adjustments.Add(new Cas("PR", "2", patientShare));
        var (group, carc) = Cas.Split(reason);
        var rest = charge - paid - patientShare;
        if (rest != 0) adjustments.Add(new Cas(group, carc, rest));
        return new ClaimSpec
        {
            Pcn = pcn ?? "PCN-" + icn,
            Status = status,
            Charge = charge,
            PaidAmount = paid,
            Filing = filing,
            Icn = icn,
            PatientId = patient,
            ServiceDate = dos is null ? new DateOnly(2025, 12, 1) : Remit.Day(dos),
            Procedure = procedure,
            Modifiers = modifiers,
            Units = units,
            Adjustments = adjustments,
        };
    }

    /// <summary>
    /// The reversal of this claim (CLP02 = 22): every amount and adjustment negated (RFI-1106). <paramref name="group4010"/>
    /// writes every adjustment under group CR (4010 style, RFI-213); <paramref name="paidVariance"/> changes CLP04 by that much
    /// (the claim still balances: the variance goes to the first adjustment).
    /// </summary>
    public ClaimSpec Reversal(string? icn = null, string? f8 = null, bool group4010 = false, decimal paidVariance = 0)
    {
        var adjustments = Adjustments.Select(a => new Cas(group4010 ? "CR" : a.Group, a.Reason, -a.Amount)).ToList();
        if (paidVariance != 0)
        {
            if (adjustments.Count == 0) throw new InvalidOperationException("A paid variance needs an adjustment to balance against.");
            adjustments[^1] = adjustments[^1] with { Amount = adjustments[^1].Amount - paidVariance };
        }
        return this with
        {
            Status = "22",
            Charge = -Charge,
            PaidAmount = -PaidAmount + paidVariance,
            Icn = icn ?? Icn,
            OriginalReference = f8,
            Adjustments = adjustments,
            Remarks = Remarks,
            Reverses = this,
            Corrects = null,
        };
    }

    /// <summary>
    /// The correction of this claim (the reprocessed claim after the reversal): same patient and service, paying
    /// <paramref name="paid"/>. The original's adjustments are kept and the change goes to <paramref name="reason"/>
    /// (CO-45 by default), so that the CARC whose amount grew explains the change.
    /// </summary>
    public ClaimSpec Corrected(decimal paid, string? icn = null, string? f8 = null, string reason = "CO-45", string status = "1",
        string? correctedPatient = null, string? patient = null, string? procedure = null, string? modifiers = null, decimal? units = null,
        string? remark = null, string? correctedPriorityPayer = null)
    {
        var (group, carc) = Cas.Split(reason);
        var original = Reverses ?? this;
        var adjustments = original.Adjustments.ToList();
        var change = original.PaidAmount - paid;
        var i = adjustments.FindIndex(a => a.Group == group && a.Reason == carc);
        if (i >= 0) adjustments[i] = adjustments[i] with { Amount = adjustments[i].Amount + change };
        else if (change != 0) adjustments.Add(new Cas(group, carc, change));
        adjustments.RemoveAll(a => a.Amount == 0);
        return original with
        {
            Status = status,
            PaidAmount = paid,
            Icn = icn ?? original.Icn,
            OriginalReference = f8,
            PatientId = patient ?? original.PatientId,
            CorrectedPatientId = correctedPatient,
            CorrectedPriorityPayer = correctedPriorityPayer,
            Procedure = procedure ?? original.Procedure,
            Modifiers = modifiers ?? original.Modifiers,
            Units = units ?? original.Units,
            Adjustments = adjustments,
            Remarks = remark is null ? [] : [remark],
            Reverses = null,
            Corrects = original,
        };
    }

    /// <summary>The correction denies the claim (CLP02 = 4, CLP04 = 0): the whole charge under <paramref name="reason"/>.</summary>
    public ClaimSpec Denied(string reason, string? icn = null, string? f8 = null)
    {
        var (group, carc) = Cas.Split(reason);
        var original = Reverses ?? this;
        return original with
        {
            Status = "4",
            PaidAmount = 0,
            Icn = icn ?? original.Icn,
            OriginalReference = f8,
            Adjustments = [new Cas(group, carc, original.Charge)],
            Remarks = [],
            Reverses = null,
            Corrects = original,
        };
    }

    /// <summary>
    /// A non-compliant net-delta adjustment of this claim (R10): an ordinary status with a negative CLP04 and no reversal.
    /// CLP03 is 0 and the takeback is adjusted under <paramref name="reason"/>.
    /// </summary>
    public ClaimSpec NetDelta(decimal takeback, string reason = "CO-45", string status = "1")
    {
        var (group, carc) = Cas.Split(reason);
        return this with
        {
            Status = status,
            Charge = 0,
            PaidAmount = -takeback,
            Adjustments = [new Cas(group, carc, takeback)],
            Remarks = [],
            Reverses = null,
            Corrects = this,
        };
    }

    /// <summary>The CLP loop, segments written with '*' and ':'.</summary>
    public IEnumerable<string> Segments()
    {
        yield return $"CLP*{Pcn}*{Status}*{Remit.Money(Charge)}*{Remit.Money(PaidAmount)}*{(PatientResponsibility is { } pr ? Remit.Money(pr) : "")}*{Filing}*{Icn}*11*1";
        yield return $"NM1*QC*1*{PatientLast}*{PatientFirst}****MI*{PatientId}";
        if (RenderingProvider is not null) yield return $"NM1*82*1*RENDER*DRA****XX*{RenderingProvider}";
        if (CorrectedPatientId is not null) yield return $"NM1*74*1*{PatientLast}*{PatientFirst}****C*{CorrectedPatientId}";
        if (CorrectedPriorityPayer is not null) yield return $"NM1*PR*2*{CorrectedPriorityPayer}*****PI*99999";
        if (Remarks.Count > 0) yield return "MOA***" + string.Join('*', Remarks);
        if (OriginalReference is not null) yield return $"REF*F8*{OriginalReference}";
        yield return $"DTM*232*{Remit.Yyyymmdd(ServiceDate)}";
        var procedure = Modifiers.Length == 0 ? Procedure : Procedure + ":" + Modifiers;
        yield return $"SVC*{procedure}*{Remit.Money(Charge)}*{Remit.Money(PaidAmount)}**{Remit.Money(Units)}";
        yield return $"DTM*472*{Remit.Yyyymmdd(ServiceDate)}";
        // CAS: up to six triplets per segment, one segment per group in first-seen order.
        foreach (var group in Adjustments.GroupBy(a => a.Group))
        {
            foreach (var chunk in group.Chunk(6))
            {
                // Triplets of reason, amount and (empty) quantity.
                yield return ($"CAS*{group.Key}*" + string.Join('*', chunk.Select(a => $"{a.Reason}*{Remit.Money(a.Amount)}*"))).TrimEnd('*');
            }
        }
    }
}

/// <summary>One PLB adjustment pair of a test remittance.</summary>
/// <param name="Provider">PLB01.</param>
/// <param name="Code">PLB03-1.</param>
/// <param name="Reference">PLB03-2, or null for none.</param>
/// <param name="Amount">PLB04: positive takes money, negative gives it.</param>
public sealed record PlbSpec(string Provider, string Code, string? Reference, decimal Amount);

/// <summary>
/// A fluent builder of realistic, balanced 835 remittances for tests: payer (N1*PR) and payee (N1*PE with XX NPI and
/// REF*TJ tax ID), BPR with BPR02 = Σ CLP04 − Σ PLB (BPR01 H and BPR04 NON when that is zero), TRN, DTM*405, one LX
/// with the claims, then the PLB pairs six to a segment per provider.
/// <code>
/// var a = ClaimSpec.Paid(icn: "A", charge: 150, paid: 100);
/// var bytes = Remit.From("ACME HEALTH PLAN", trace: "T2", date: "2026-02-12").Reversal(a).Correction(a, paid: 60, icn: "B", f8: "A").ToBytes();
/// </code>
/// </summary>
public sealed class Remit
{
    /// <summary>The default payee NPI (NPI1).</summary>
    public const string Npi1 = "1234567893";
    /// <summary>An affiliated NPI under the same tax ID (NPI2).</summary>
    public const string Npi2 = "1987654325";
    /// <summary>The default payee tax ID.</summary>
    public const string Tin = "741234567";
    /// <summary>The default payer's TRN03 (1 + its tax ID): the payer key of the partition.</summary>
    public const string PayerKey = "1512345678";

    private readonly List<ClaimSpec> _claims = [];
    private readonly List<PlbSpec> _adjustments = [];
    private decimal? _total;
    private string? _handling;

    private Remit(string payer, string trace, DateOnly date)
    {
        Payer = payer;
        Trace = trace;
        Date = date;
    }

    /// <summary>N1*PR name.</summary>
    public string Payer { get; }
    /// <summary>TRN02.</summary>
    public string Trace { get; }
    /// <summary>BPR16 and DTM*405.</summary>
    public DateOnly Date { get; }
    /// <summary>TRN03.</summary>
    public string PayerId { get; private set; } = PayerKey;
    /// <summary>N1*PE name.</summary>
    public string PayeeName { get; private set; } = "RIVER CLINIC";
    /// <summary>N1*PE XX NPI.</summary>
    public string PayeeNpi { get; private set; } = Npi1;
    /// <summary>REF*TJ.</summary>
    public string PayeeTin { get; private set; } = Tin;
    /// <summary>The claims, in order.</summary>
    public IReadOnlyList<ClaimSpec> Claims => _claims;
    /// <summary>The PLB pairs, in order.</summary>
    public IReadOnlyList<PlbSpec> Adjustments => _adjustments;
    /// <summary>Σ CLP04 − Σ PLB: what BPR02 must be.</summary>
    public decimal BalancedTotal => _claims.Sum(c => c.PaidAmount) - _adjustments.Sum(a => a.Amount);
    /// <summary>BPR02 as written.</summary>
    public decimal Total => _total ?? BalancedTotal;

    /// <summary>Starts a remittance from <paramref name="payer"/> with TRN02 <paramref name="trace"/>, paid on <paramref name="date"/> (yyyy-MM-dd).</summary>
    public static Remit From(string payer, string trace, string date) => new(payer, trace, Day(date));

    /// <summary>Sets the payee (N1*PE XX NPI, REF*TJ tax ID).</summary>
    public Remit PaidTo(string npi, string name = "RIVER CLINIC", string tin = Tin)
    {
        PayeeNpi = npi;
        PayeeName = name;
        PayeeTin = tin;
        return this;
    }

    /// <summary>Sets TRN03 (the payer key).</summary>
    public Remit PayerIdentifier(string trn03)
    {
        PayerId = trn03;
        return this;
    }

    /// <summary>Adds any claim.</summary>
    public Remit Claim(ClaimSpec claim)
    {
        _claims.Add(claim);
        return this;
    }

    /// <summary>Adds paid claims.</summary>
    public Remit Paid(params ClaimSpec[] claims)
    {
        _claims.AddRange(claims);
        return this;
    }

    /// <summary>Adds a paid claim.</summary>
    public Remit Paid(string icn, decimal charge, decimal paid, string? pcn = null, string reason = "CO-45", string? dos = null, string patient = "W000000001") =>
        Claim(ClaimSpec.Paid(icn, charge, paid, pcn, reason, patient: patient, dos: dos));

    /// <summary>Adds the reversal (CLP02 = 22) of <paramref name="original"/>: every amount negated.</summary>
    public Remit Reversal(ClaimSpec original, string? icn = null, string? f8 = null, bool group4010 = false, decimal paidVariance = 0) =>
        Claim(original.Reversal(icn, f8, group4010, paidVariance));

    /// <summary>Adds a correction built with <see cref="ClaimSpec.Corrected"/> or <see cref="ClaimSpec.Denied"/>.</summary>
    public Remit Correction(ClaimSpec correction) => Claim(correction);

    /// <summary>Adds the correction of <paramref name="original"/> paying <paramref name="paid"/>.</summary>
    public Remit Correction(ClaimSpec original, decimal paid, string? icn = null, string? f8 = null, string reason = "CO-45") =>
        Claim(original.Corrected(paid, icn, f8, reason));

    /// <summary>Adds a PLB pair for the payee's NPI (or <paramref name="provider"/>).</summary>
    public Remit Plb(string code, string? reference, decimal amount, string? provider = null)
    {
        _adjustments.Add(new PlbSpec(provider ?? PayeeNpi, code, reference, amount));
        return this;
    }

    /// <summary>Writes BPR02 = <paramref name="bpr02"/> whatever the claims and PLBs add up to (a deliberately unbalanced remittance).</summary>
    public Remit WithTotal(decimal bpr02)
    {
        _total = bpr02;
        return this;
    }

    /// <summary>Overrides BPR01.</summary>
    public Remit Handling(string bpr01)
    {
        _handling = bpr01;
        return this;
    }

    /// <summary>The segments between ST and SE.</summary>
    public IReadOnlyList<string> Segments()
    {
        if (_total is null && BalancedTotal < 0)
        {
            throw new InvalidOperationException($"Remittance {Trace} nets {Money(BalancedTotal)}: add an FB (or WO) to bring BPR02 to zero, or set WithTotal.");
        }
        var total = Total;
        var handling = _handling ?? (total == 0 ? "H" : "I");
        var method = total == 0 ? "NON" : "ACH";
        var date = Yyyymmdd(Date);
        var segments = new List<string>
        {
            total == 0 && method == "NON"
                ? $"BPR*{handling}*0*C*NON************{date}"
                : $"BPR*{handling}*{Money(total)}*C*{method}*CCP*01*999999999*DA*123456*{PayerId}**01*999988880*DA*98765*{date}",
            $"TRN*1*{Trace}*{PayerId}",
            $"DTM*405*{date}",
            $"N1*PR*{Payer}",
            "N3*100 MAIN STREET",
            "N4*HARTFORD*CT*06101",
            $"N1*PE*{PayeeName}*XX*{PayeeNpi}",
            $"REF*TJ*{PayeeTin}",
        };
        if (_claims.Count > 0)
        {
            segments.Add("LX*1");
            foreach (var claim in _claims) segments.AddRange(claim.Segments());
        }
        var fiscal = $"{Date.Year}1231";
        foreach (var provider in _adjustments.GroupBy(a => a.Provider))
        {
            foreach (var chunk in provider.Chunk(6))
            {
                segments.Add($"PLB*{provider.Key}*{fiscal}*" + string.Join('*', chunk.Select(a => $"{(a.Reference is null ? a.Code : a.Code + ":" + a.Reference)}*{Money(a.Amount)}")));
            }
        }
        return segments;
    }

    /// <summary>The whole interchange (ISA … IEA) as text.</summary>
    public string ToText() => X12Text.Interchange([Segments()], control: ControlNumber());

    /// <summary>The whole interchange as bytes.</summary>
    public byte[] ToBytes() => X12Text.Bytes(ToText());

    /// <summary>The remittance as the reader reads it.</summary>
    public Remittance Read(Era835ReaderOptions options = default) => Era835Reader.ReadRemittances(ToBytes(), options).Single();

    /// <summary>The remittance as the engine sees it.</summary>
    public RemittanceDocument Document(Era835ReaderOptions options = default) => RemittanceDocument.From(Read(options));

    /// <inheritdoc />
    public override string ToString() => $"835 {Trace} {Yyyymmdd(Date)}";

    /// <summary>An X12 decimal: no trailing zeros, invariant culture.</summary>
    public static string Money(decimal amount) => amount == 0 ? "0" : amount.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>CCYYMMDD.</summary>
    public static string Yyyymmdd(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Parses yyyy-MM-dd.</summary>
    public static DateOnly Day(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string ControlNumber()
    {
        var hash = 0u;
        foreach (var b in Encoding.UTF8.GetBytes(Trace)) hash = unchecked((hash * 31) + b);
        return (hash % 1_000_000_000).ToString("000000000", CultureInfo.InvariantCulture);
    }
}
