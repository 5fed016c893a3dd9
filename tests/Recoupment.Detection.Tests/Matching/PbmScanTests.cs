using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Tests.Cli;

namespace Recoupment.Detection.Tests.Matching;

/// <summary>
/// Issue 10's "done when": <c>recoup scan</c> over a composed PBM remittance with 100 pay-then-reverse pairs (claim
/// numbers repeated, denials between, two identical pairs) reports nothing recouped and one outcome per reversal; the
/// same remittance with 0x1D/0x1F/0x1E delimiters, hard-wrapped into 80-byte records, gives the identical events.
/// </summary>
public class PbmScanTests() : RecoupCliFixture("recoup-pbm-")
{
    private static readonly Remit Composed = Pbm.ComposedRemittance(pairs: 100, seed: 2026);

    [Test]
    public async Task Scan_of_a_PBM_remittance_of_pay_then_reverse_pairs_recoups_nothing_and_gives_one_outcome_per_reversal()
    {
        Pbm.Reversals(Composed).Should().Be(100);
        Composed.Claims.Count(c => c.Status == "4").Should().BeGreaterThan(10, "denials of the same claim numbers sit between");
        Composed.Claims.GroupBy(c => (c.Pcn, c.Icn)).Should().Contain(g => g.Count(c => c.IsReversal) >= 3, "claim numbers repeat across pairs");
        var file = Temp("pbm.835");
        await File.WriteAllBytesAsync(file, Pbm.Bytes(Composed));

        var run = await RecoupAsync("scan", "--events", Temp("events.csv"), file);

        run.Exit.Should().Be(0, run.Out + run.Err);
        run.Out.Should().MatchRegex(@"\| Recouped on claims +\| +0 \| +0\.00 \|");
        run.Out.Should().MatchRegex(@"\| Unmatched: original claim not found +\| +0 \| +0\.00 \|")
            .And.MatchRegex(@"\| Reversals awaiting a correction +\| +0 \| +0\.00 \|");
        var rows = ReadCsv(Temp("events.csv"));
        rows.Should().HaveCount(100).And.OnlyContain(r => r.EventType == nameof(ClaimReversed));
        rows.Select(r => r.EventId).Should().OnlyHaveUniqueItems();
        rows.Sum(r => decimal.Parse(r.Amount, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Be(-Composed.Claims.Where(c => c.IsReversal).Sum(c => c.PaidAmount), "each reversal cancels exactly the payment it negates");
    }

    [Test]
    public async Task The_same_remittance_with_control_character_delimiters_and_80_byte_records_gives_identical_events()
    {
        var plain = Pbm.Bytes(Composed);
        var transmitted = Pbm.Wrapped(Pbm.WithControlDelimiters(plain));
        transmitted.Should().Contain(0x1D).And.Contain(0x1E);
        Directory.CreateDirectory(Temp("plain"));
        Directory.CreateDirectory(Temp("transmitted"));
        await File.WriteAllBytesAsync(Temp("plain/pbm.835"), plain);
        await File.WriteAllBytesAsync(Temp("transmitted/pbm.835"), transmitted);

        var plainRun = await RecoupAsync("scan", "--events", Temp("plain.csv"), Temp("plain"));
        var transmittedRun = await RecoupAsync("scan", "--events", Temp("transmitted.csv"), Temp("transmitted"));
        var validate = await RecoupAsync("validate", "--json", Temp("transmitted/pbm.835"));

        transmittedRun.Exit.Should().Be(0, transmittedRun.Out + transmittedRun.Err);
        ReadCsv(Temp("transmitted.csv")).Should().BeEquivalentTo(ReadCsv(Temp("plain.csv")), o => o.WithStrictOrdering());
        validate.Exit.Should().Be(0, validate.Out);
        var report = validate.JsonLines.Single();
        report.GetProperty("errors").GetArrayLength().Should().Be(0);
        report.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).Should().Equal("X12-SYN-008");
        report.GetProperty("claims").GetInt32().Should().Be(Composed.Claims.Count);
    }
}
