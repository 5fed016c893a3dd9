using System.Text;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Tests.Cli;

/// <summary>
/// samples/data balances exactly and tells the stories its README promises: checked here independently of the
/// library's own balancing, with nothing but the X12 reader.
/// </summary>
public class SampleDataTests
{
    private static string SampleData => RecoupCliFixture.SampleData;

    private static IEnumerable<string> SampleFileNames() => RecoupCliFixture.SampleFiles.Select(Path.GetFileName)!;

    [TestCaseSource(nameof(SampleFileNames))]
    public void SampleFile_Balances(string name)
    {
        var remittance = Remittance.Read(Path.Combine(SampleData, name));

        remittance.Diagnostics.Should().BeEmpty();
        remittance.Problems.Should().BeEmpty();
        remittance.Bpr02.Should().Be(remittance.Claims.Sum(c => c.Paid) - remittance.Adjustments.Sum(a => a.Amount), "BPR02 = ΣCLP04 − ΣPLB");
        if (remittance.Bpr02 == 0) remittance.HandlingCode.Should().Be("H", "a zero payment is a notification only");
        remittance.PayerName.Should().Be("ACME HEALTH PLAN");
        remittance.PayerId.Should().Be("1870000001");
        remittance.PayeeTin.Should().Be("079990001");
    }

    [Test]
    public void SampleFiles_ReferOnlyToEarlierClaimsAndRemittances()
    {
        var paid = new Dictionary<string, Claim>(StringComparer.Ordinal);
        var traces = new HashSet<string>(StringComparer.Ordinal);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in SampleFileNames())
        {
            var r = Remittance.Read(Path.Combine(SampleData, name));
            foreach (var claim in r.Claims.Where(c => c.Status == "22"))
            {
                paid.Should().ContainKey(claim.Icn, $"{name} reverses a claim paid earlier");
                var original = paid[claim.Icn];
                (claim.Charge, claim.Paid).Should().Be((-original.Charge, -original.Paid), $"{name} negates {claim.Icn}");
                claim.Adjustments.Should().BeEquivalentTo(original.Adjustments.Select(a => a with { Amount = -a.Amount }), $"{name} negates every CAS of {claim.Icn}");
            }
            foreach (var claim in r.Claims.Where(c => c.OriginalIcn is not null))
            {
                paid.Should().ContainKey(claim.OriginalIcn!, $"{name} corrects a claim paid earlier");
            }
            foreach (var adjustment in r.Adjustments)
            {
                codes.Add(adjustment.Code);
                if (adjustment.Code is "WO" or "72") paid.Should().ContainKey(adjustment.Reference, $"{name}: {adjustment.Code} names an earlier CLP07");
                if (adjustment.Code == "FB")
                {
                    if (adjustment.Amount < 0) adjustment.Reference.Should().Be(r.Trace, "a new forward balance names its own TRN02");
                    else traces.Should().Contain(adjustment.Reference, "an applied forward balance names an earlier TRN02");
                }
            }
            foreach (var claim in r.Claims.Where(c => c.Status != "22")) paid[claim.Icn] = claim;
            traces.Add(r.Trace);
        }
        codes.Should().BeEquivalentTo(["WO", "72", "FB"]);
    }

    private sealed record Cas(string Group, string Reason, decimal Amount);

    private sealed class Claim(string status, string icn, decimal charge, decimal paid)
    {
        public string Status { get; } = status;
        public string Icn { get; } = icn;
        public decimal Charge { get; } = charge;
        public decimal Paid { get; } = paid;
        public string? OriginalIcn { get; set; }
        public List<Cas> Adjustments { get; } = [];
    }

    private sealed record ProviderAdjustment(string Provider, string Code, string Reference, decimal Amount);

    /// <summary>What a balancing check needs from one 835, with per-claim and per-line balance problems.</summary>
    private sealed class Remittance
    {
        public DiagnosticList Diagnostics { get; } = [];
        public List<string> Problems { get; } = [];
        public List<Claim> Claims { get; } = [];
        public List<ProviderAdjustment> Adjustments { get; } = [];
        public decimal Bpr02 { get; private set; }
        public string HandlingCode { get; private set; } = "";
        public string Trace { get; private set; } = "";
        public string PayerId { get; private set; } = "";
        public string PayerName { get; private set; } = "";
        public string PayeeTin { get; private set; } = "";

        private Claim? _claim;
        private decimal _lineCharge, _linePaid, _lineCas;
        private bool _inLine;

        public static Remittance Read(string path)
        {
            var r = new Remittance();
            var reader = new X12Reader(File.ReadAllBytes(path), diagnostics: r.Diagnostics, fileName: path);
            while (reader.Read()) r.Add(reader.Segment);
            r.CloseClaim();
            return r;
        }

        private void Add(X12Segment seg)
        {
            if (seg.Is("BPR"u8))
            {
                HandlingCode = seg.GetString(1)!;
                Bpr02 = Decimal(seg, 2);
            }
            else if (seg.Is("TRN"u8)) (Trace, PayerId) = (seg.GetString(2)!, seg.GetString(3)!);
            else if (seg.Is("N1"u8) && seg[1].SequenceEqual("PR"u8)) PayerName = seg.GetString(2)!;
            else if (seg.Is("REF"u8) && seg[1].SequenceEqual("TJ"u8)) PayeeTin = seg.GetString(2)!;
            else if (seg.Is("CLP"u8))
            {
                CloseClaim();
                _claim = new Claim(seg.GetString(2)!, seg.GetString(7)!, Decimal(seg, 3), Decimal(seg, 4));
            }
            else if (seg.Is("REF"u8) && seg[1].SequenceEqual("F8"u8) && _claim is not null) _claim.OriginalIcn = seg.GetString(2);
            else if (seg.Is("SVC"u8))
            {
                CloseLine();
                (_lineCharge, _linePaid, _lineCas, _inLine) = (Decimal(seg, 2), Decimal(seg, 3), 0m, true);
            }
            else if (seg.Is("CAS"u8))
            {
                // Up to six reason/amount/quantity triplets after the group code.
                for (var p = 2; p + 1 <= seg.ElementCount; p += 3)
                {
                    if (!seg.Has(p)) continue;
                    var amount = Decimal(seg, p + 1);
                    _claim!.Adjustments.Add(new Cas(seg.GetString(1)!, seg.GetString(p)!, amount));
                    if (_inLine) _lineCas += amount;
                }
            }
            else if (seg.Is("PLB"u8))
            {
                CloseClaim();
                for (var p = 3; p + 1 <= seg.ElementCount; p += 2)
                {
                    Adjustments.Add(new ProviderAdjustment(seg.GetString(1)!, seg.GetString(p, 1)!, seg.GetString(p, 2)!, Decimal(seg, p + 1)));
                }
            }
            else if (seg.Is("SE"u8)) CloseClaim();
        }

        private void CloseLine()
        {
            if (_inLine && _lineCharge - _lineCas != _linePaid)
            {
                Problems.Add($"claim {_claim!.Icn}: line charge {_lineCharge} − CAS {_lineCas} ≠ paid {_linePaid}");
            }
            _inLine = false;
        }

        private void CloseClaim()
        {
            CloseLine();
            if (_claim is null) return;
            var cas = _claim.Adjustments.Sum(a => a.Amount);
            if (_claim.Charge - cas != _claim.Paid) Problems.Add($"claim {_claim.Icn}: charge {_claim.Charge} − CAS {cas} ≠ paid {_claim.Paid}");
            Claims.Add(_claim);
            _claim = null;
        }

        private static decimal Decimal(X12Segment seg, int position) =>
            seg.TryGetDecimal(position, out var value) ? value : throw new FormatException($"{seg.IdString}{position:00} is not a number: {Encoding.ASCII.GetString(seg[position])}");
    }
}
