using Recoupment.Detection.Csv;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Reporting;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Tests.Reporting;

/// <summary>
/// Issue 16, finding 2: a ledger written before amounts were range-checked can hold amounts that each fit a decimal
/// (3e28) but whose sums do not. Its report must still be produced in every format, the overflowing totals saturated.
/// </summary>
public class PoisonedLedgerTests
{
    private const decimal Huge = 30_000_000_000_000_000_000_000_000_000m;

    private static RecoupmentReport PoisonedReport()
    {
        // The range check is lifted to write what an older version wrote.
        var lifted = new Era835ReaderOptions { X12 = new X12ReaderOptions { MaxAbsoluteAmount = decimal.MaxValue, MaxAmountDecimals = 2 } };
        var ledger = new InMemoryClaimLedger();
        var engine = new RecoupmentEngine(ledger);
        for (var n = 1; n <= 3; n++)
        {
            var original = ClaimSpec.Paid($"ICN{n:D4}", Huge, Huge, pcn: $"ACC-{n}");
            engine.Process(Remit.From("1870000001", $"TRN-P{n}", "2026-01-05").Paid(original).Document(lifted));
            engine.Process(Remit.From("1870000001", $"TRN-R{n}", "2026-02-05").Reversal(original).Correction(original.Corrected(1m, icn: $"ICN{n:D4}B")).Paid(ClaimSpec.Paid($"ICN{n:D4}N", Huge, Huge, pcn: $"NEW-{n}") with { PatientId = $"W99{n}", PatientLast = "ROE" }).Document(lifted));
        }
        return RecoupmentReport.Create(ledger, new DateOnly(2026, 3, 1));
    }

    [Test]
    public void A_ledger_holding_3e28_amounts_still_reports_in_every_format()
    {
        var report = PoisonedReport();
        report.Overall.Recouped.Count.Should().Be(3);
        report.Overall.Recouped.Amount.Should().Be(decimal.MaxValue, "a sum beyond decimal saturates instead of throwing");
        RecoupmentReportHtml.Render(report).Should().Contain("<svg");
        using var csv = new StringWriter();
        var act = () => ReportCsv.Write(report, csv);
        act.Should().NotThrow();
    }

    [Test]
    public void Tallies_saturate_in_both_directions()
    {
        new ReportTally(1, decimal.MaxValue).Add(1m).Should().Be(new ReportTally(2, decimal.MaxValue));
        new ReportTally(1, decimal.MinValue).Add(-1m).Should().Be(new ReportTally(2, decimal.MinValue));
        new ReportTally(1, 10m).Add(-2.5m).Should().Be(new ReportTally(2, 7.5m));
    }
}
