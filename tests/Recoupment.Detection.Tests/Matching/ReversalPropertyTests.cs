using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;

namespace Recoupment.Detection.Tests.Matching;

/// <summary>
/// Properties of reversals over seeded composed PBM remittances and the §8 scenarios: money recouped over a remittance
/// whose reversals all cancel inside it is exactly zero, and every CLP02 = 22 reversal has exactly one outcome event.
/// </summary>
public class ReversalPropertyTests
{
    private static readonly int[] Seeds = Enumerable.Range(1, 40).ToArray();

    /// <summary>A CLP02 = 22 that reverses money (a 22 with positive amounts is a mislabelled correction, RFI-288).</summary>
    private static bool IsReversal(ClaimSpec c) => c.IsReversal && (c.PaidAmount < 0 || c.Charge < 0 || (c.PaidAmount == 0 && c.Charge == 0));

    /// <summary>
    /// The outcome events of a remittance's reversals: <see cref="ClaimReversed"/> (the original was found, in the ledger
    /// or the same remittance), <see cref="UnmatchedRecoupment"/> from a claim (no original; the deferred part of a split
    /// takeback is the same reversal's), or <see cref="ClaimCorrected"/> with no reversal event (no original, nothing
    /// taken back).
    /// </summary>
    private static int Outcomes(IReadOnlyList<RecoupmentEvent> events)
    {
        var unmatched = events.OfType<UnmatchedRecoupment>().Where(e => e.PlbReasonCode is null && e.Mode != RecoupmentMode.NetDelta).ToList();
        var splitDeferrals = unmatched.Count(d => d.Mode == RecoupmentMode.Deferred
                                                  && unmatched.Any(u => u.Mode != RecoupmentMode.Deferred && u.PayerClaimNumber == d.PayerClaimNumber && u.ClaimId == d.ClaimId));
        return events.OfType<ClaimReversed>().Count()
               + unmatched.Count - splitDeferrals
               + events.OfType<ClaimCorrected>().Count(c => c.RelatedEventId is null);
    }

    [TestCaseSource(nameof(Seeds))]
    public void Money_recouped_over_a_remittance_whose_reversals_all_cancel_inside_it_is_zero(int seed)
    {
        var random = new Random(seed);
        var remit = Pbm.ComposedRemittance(pairs: random.Next(4, 80), seed: seed);
        var run = new Scenario($"pbm-{seed}", remit) { CompleteAsOf = remit.Date.AddDays(400) }.Run();

        run.ReaderDiagnostics.Should().BeEmpty("the composer writes balanced remittances");
        run.All<ClaimRecoupment>().Sum(e => e.Amount).Should().Be(0m);
        run.Events.Should().OnlyContain(e => e is ClaimReversed, "nothing but cancellations: no takeback, extra payment, offset or unmatched money");
        run.All<ClaimReversed>().Should().HaveCount(Pbm.Reversals(remit)).And.OnlyContain(e => e.Note!.StartsWith("CancelledInRemittance"));
        run.All<ClaimReversed>().Sum(e => e.Amount).Should().Be(-remit.Claims.Where(IsReversal).Sum(c => c.PaidAmount));
    }

    [TestCaseSource(nameof(Seeds))]
    public void Every_reversal_of_a_composed_remittance_has_exactly_one_outcome_even_after_earlier_payments(int seed)
    {
        // The same prescriptions paid in an earlier remittance: some reversals now take back that money instead.
        var now = Pbm.ComposedRemittance(pairs: 30, seed: seed, trace: "P2", date: "2026-04-03");
        var earlier = Remit.From(Pbm.Payer, "P1", "2026-03-06");
        foreach (var claim in now.Claims.Where(c => !c.IsReversal && c.Status != "4").Take(seed % 7)) earlier.Claim(claim);
        var late = Remit.From(Pbm.Payer, "P3", "2026-04-10");
        foreach (var claim in earlier.Claims.Take(seed % 3)) late.Reversal(claim);
        late.Paid(Pbm.Rx("7200001", 0, "2606900000001", 900, 800));
        var scenario = new Scenario($"mixed-{seed}", earlier.Claims.Count > 0 ? [earlier, now, late] : [now, late]);

        var run = scenario.Run();

        foreach (var document in scenario.Documents)
        {
            Outcomes(run.In(document.Trace)).Should().Be(document.Claims.Count(IsReversal), $"every reversal of {document.Trace} has one outcome:{Environment.NewLine}{run}");
        }
    }

    [Test]
    public void Every_reversal_of_the_scenarios_has_exactly_one_outcome()
    {
        foreach (var scenario in Scenarios.All)
        {
            var run = scenario.Run();
            foreach (var (document, index) in scenario.Documents.Select((d, i) => (d, i)))
            {
                var events = run.ByDocument[index].Events.Where(e => e is not DuplicateRemittanceIgnored).ToList();
                if (run.ByDocument[index].Events.Any(e => e is DuplicateRemittanceIgnored)) continue;
                Outcomes(events).Should().Be(document.Claims.Count(IsReversal), $"{scenario.Name} {document.Trace}:{Environment.NewLine}{run}");
            }
        }
    }
}
