using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Reporting;

namespace Recoupment.Detection.Tests.Reporting;

/// <summary>
/// Totals by procedure and rendering provider, and the repeat patterns, on composed corpora: one with a known repeated
/// coding error (the same procedure with its modifier recouped three times within 90 days for one rendering provider),
/// and corpora that come close without one.
/// </summary>
public sealed class RepeatPatternTests
{
    private const string Payer = "ACME HEALTH PLAN";
    internal const string Doctor = "1111111112";
    private const string OtherDoctor = "2222222228";

    /// <summary>An original paid on <paramref name="paidOn"/> and its reversal with a lower correction on <paramref name="recoupedOn"/>.</summary>
    internal static (Remit Original, Remit Recoupment, decimal TakenBack) Story(int n, string paidOn, string recoupedOn, string rendering = Doctor,
        string procedure = "HC:99214", string modifiers = "25")
    {
        var original = ClaimSpec.Paid($"ICN{n:D4}", 300m, 200m, pcn: $"ACC-{n}", procedure: procedure, modifiers: modifiers) with { RenderingProvider = rendering };
        var first = Remit.From(Payer, $"TRN-P{n}", paidOn).Paid(original);
        var correction = original.Corrected(140m, icn: $"ICN{n:D4}B");
        // A new claim paid in the same remittance keeps its total positive.
        var second = Remit.From(Payer, $"TRN-R{n}", recoupedOn).Reversal(original).Correction(correction)
            .Paid(ClaimSpec.Paid($"ICN{n:D4}N", 500m, 400m, pcn: $"NEW-{n}", procedure: "HC:36415"));
        return (first, second, original.PaidAmount - correction.PaidAmount);
    }

    private static RecoupmentReport Scan(params (Remit Original, Remit Recoupment, decimal TakenBack)[] stories)
    {
        var ledger = new InMemoryClaimLedger();
        var engine = new RecoupmentEngine(ledger);
        foreach (var remit in stories.Select(s => s.Original).Concat(stories.Select(s => s.Recoupment)).OrderBy(r => r.Date))
        {
            engine.Process(remit.Document());
        }
        return RecoupmentReport.Create(ledger, new DateOnly(2026, 7, 1));
    }

    [Test]
    public void TheSameProcedureRecoupedThreeTimesWithin90DaysForOneProvider_IsAPattern_WithItsClaims()
    {
        var stories = new[]
        {
            Story(1, "2026-01-05", "2026-02-02"),
            Story(2, "2026-01-12", "2026-02-20"),
            Story(3, "2026-01-19", "2026-04-30"),
            // Another provider's claim with the same code is not part of the first provider's pattern.
            Story(4, "2026-01-19", "2026-03-01", rendering: OtherDoctor),
        };

        var report = Scan(stories);

        var pattern = report.RepeatPatterns.Should().ContainSingle().Subject;
        pattern.ProviderId.Should().Be(Doctor);
        pattern.Procedure.Should().Be("HC:99214:25");
        pattern.Claims.Select(c => c.PayerClaimNumber).Should().Equal("ICN0001", "ICN0002", "ICN0003");
        pattern.Claims.Select(c => c.ClaimId).Should().Equal("ACC-1", "ACC-2", "ACC-3");
        pattern.Recouped.Should().Be(new ReportTally(3, stories.Take(3).Sum(s => s.TakenBack)));
        (pattern.First, pattern.Last).Should().Be((new DateOnly(2026, 2, 2), new DateOnly(2026, 4, 30)));
        report.ByProcedure.Should().ContainSingle(t => t.Key == "HC:99214:25").Which.Recouped.Should().Be(new ReportTally(4, stories.Sum(s => s.TakenBack)));
        report.ByRenderingProvider.Single(t => t.Key == Doctor).Recouped.Count.Should().Be(3);
        report.ByRenderingProvider.Single(t => t.Key == OtherDoctor).Recouped.Count.Should().Be(1);
    }

    [Test]
    public void ThreeRecoupmentsSpreadOverMoreThan90Days_AreNoPattern()
    {
        var report = Scan(Story(1, "2026-01-05", "2026-02-02"), Story(2, "2026-01-12", "2026-03-20"), Story(3, "2026-01-19", "2026-05-04"));

        report.RepeatPatterns.Should().BeEmpty("2026-02-02 to 2026-05-04 is 91 days");
        report.ByProcedure.Single(t => t.Key == "HC:99214:25").Recouped.Count.Should().Be(3);
    }

    [Test]
    public void DifferentProceduresOrProviders_AreNoPattern()
    {
        var report = Scan(
            Story(1, "2026-01-05", "2026-02-02"),
            Story(2, "2026-01-12", "2026-02-20", modifiers: ""),
            Story(3, "2026-01-19", "2026-03-01", procedure: "HC:99213", modifiers: "25"),
            Story(4, "2026-01-19", "2026-03-02", rendering: OtherDoctor),
            Story(5, "2026-01-20", "2026-03-03", rendering: OtherDoctor));

        report.RepeatPatterns.Should().BeEmpty();
        report.ByProcedure.Select(t => t.Key).Should().BeEquivalentTo("HC:99214:25", "HC:99214", "HC:99213:25");
    }
}
