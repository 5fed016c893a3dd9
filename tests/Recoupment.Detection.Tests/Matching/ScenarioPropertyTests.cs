using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Tests.Matching;

/// <summary>
/// Properties over every §8 scenario (plain loops, seeded randomness): arrival order does not matter, ingesting a file
/// twice changes nothing but one <see cref="DuplicateRemittanceIgnored"/>, and the money the events say was recouped
/// equals the money the remittances took back, to the cent.
/// </summary>
public class ScenarioPropertyTests
{
    private const int Seed = 835;

    private static readonly IReadOnlyList<Scenario> All = Scenarios.All;

    private static IEnumerable<Scenario> MultiFile => All.Where(s => s.Documents.Count > 1);

    /// <summary>Runs are completed well after the last remittance, so that every correction window has ended.</summary>
    private static DateOnly CompleteAsOf(Scenario s) => s.Documents.Max(d => d.Date).AddDays(400);

    /// <summary>Every permutation of 0..n-1 when n ≤ 5, else <paramref name="samples"/> seeded shuffles.</summary>
    private static IEnumerable<int[]> Orders(int n, Random random, int samples = 60)
    {
        if (n <= 5)
        {
            foreach (var p in Permutations(Enumerable.Range(0, n).ToArray(), 0)) yield return p;
            yield break;
        }
        for (var i = 0; i < samples; i++)
        {
            var order = Enumerable.Range(0, n).ToArray();
            random.Shuffle(order);
            yield return order;
        }
    }

    private static IEnumerable<int[]> Permutations(int[] items, int k)
    {
        if (k == items.Length)
        {
            yield return (int[])items.Clone();
            yield break;
        }
        for (var i = k; i < items.Length; i++)
        {
            (items[k], items[i]) = (items[i], items[k]);
            foreach (var p in Permutations(items, k + 1)) yield return p;
            (items[k], items[i]) = (items[i], items[k]);
        }
    }

    // ---- (a) Arrival order --------------------------------------------------------------------------------------

    [Test]
    public void Any_arrival_order_gives_the_same_events_in_processing_order()
    {
        var random = new Random(Seed);
        var checkedOrders = 0;
        foreach (var scenario in MultiFile)
        {
            var asOf = CompleteAsOf(scenario);
            var expected = scenario.Run(sort: true, completeAsOf: asOf).Rows;
            expected.Should().NotBeEmpty(scenario.Name);
            foreach (var order in Orders(scenario.Documents.Count, random))
            {
                var rows = scenario.Run(order: order, sort: true, completeAsOf: asOf).Rows;
                rows.Should().Equal(expected, $"{scenario.Name} in arrival order {string.Join(",", order)} gives the same events");
                checkedOrders++;
            }
        }
        checkedOrders.Should().BeGreaterThan(300);
    }

    [Test]
    public async Task Any_arrival_order_gives_the_same_events_through_the_scanner()
    {
        var random = new Random(Seed + 1);
        var root = Path.Combine(Path.GetTempPath(), "recoup-scenarios-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var scenario in MultiFile)
            {
                var folder = Directory.CreateDirectory(Path.Combine(root, scenario.Name)).FullName;
                var files = scenario.Files.Select((bytes, i) =>
                {
                    var path = Path.Combine(folder, $"{i:00}.835");
                    File.WriteAllBytes(path, bytes);
                    return path;
                }).ToList();
                var asOf = CompleteAsOf(scenario);

                IReadOnlyList<string>? expected = null;
                foreach (var order in Orders(files.Count, random, samples: 8).Take(8))
                {
                    var engine = new RecoupmentEngine(new InMemoryClaimLedger(), scenario.Options);
                    var result = await new RemittanceScanner(engine).ScanAsync(order.Select(i => files[i]).ToList(), asOf: asOf);
                    result.ReadErrors.Should().BeEmpty();
                    var rows = result.Events.Select(e => string.Join('|', EventRow.From(e).Values())).ToList();
                    if (expected is null) expected = rows;
                    else rows.Should().Equal(expected, $"{scenario.Name} scanned in the order {string.Join(",", order)}");
                }

                // The scanner and the in-memory run in processing order agree, except where a file name is part of the event
                // (a duplicate's event id names the file of the copy).
                var inMemory = scenario.Run(sort: true, completeAsOf: asOf);
                Strip(expected!).Should().Equal(Strip(inMemory.Rows), scenario.Name);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        static IEnumerable<string> Strip(IEnumerable<string> rows) => rows.Select(r => r.Contains("|DuplicateRemittanceIgnored|", StringComparison.Ordinal) ? r[r.IndexOf('|', StringComparison.Ordinal)..] : r);
    }

    // ---- (b) Idempotency ----------------------------------------------------------------------------------------

    [Test]
    public void Ingesting_any_file_again_changes_nothing_but_one_DuplicateRemittanceIgnored()
    {
        var random = new Random(Seed + 2);
        foreach (var scenario in All)
        {
            var asOf = CompleteAsOf(scenario);
            // Each run reads the files again: the in-memory ledger keeps the documents' claim objects and changes them.
            List<RemittanceDocument> Read()
            {
                var read = scenario.Files.Select((f, i) => RemittanceDocument.From(Era835Reader.ReadRemittances(f, new Era835ReaderOptions { FileName = $"{i}.835" }).Single())).ToList();
                read.Sort(RemittanceDocument.ProcessingOrder);
                return read;
            }
            var documents = Read();
            var baseline = ScenarioRun.Process(documents, scenario.Options, asOf);
            var baselineDuplicates = baseline.All<DuplicateRemittanceIgnored>().Count;
            var expected = Rows(baseline.Events.Where(e => e is not DuplicateRemittanceIgnored));

            for (var i = 0; i < documents.Count; i++)
            {
                // The repeat comes right after the original, and at a random later place.
                foreach (var at in new[] { i + 1, random.Next(i + 1, documents.Count + 1) }.Distinct())
                {
                    var sequence = Read();
                    sequence.Insert(at, Read()[i]);
                    var run = ScenarioRun.Process(sequence, scenario.Options, asOf);

                    var repeats = run.All<DuplicateRemittanceIgnored>();
                    repeats.Should().HaveCount(baselineDuplicates + 1, $"{scenario.Name}: document {i} repeated at {at}");
                    run.ByDocument[at].Events.Should().ContainSingle().Which.Should().BeOfType<DuplicateRemittanceIgnored>()
                        .Which.Amount.Should().Be(Math.Abs(documents[i].TotalPayment));
                    Rows(run.Events.Where(e => e is not DuplicateRemittanceIgnored)).Should().Equal(expected, $"{scenario.Name}: document {i} repeated at {at}");
                }
            }
        }
    }

    private static List<string> Rows(IEnumerable<RecoupmentEvent> events) => events.Select(e => string.Join('|', EventRow.From(e).Values())).ToList();

    // ---- (c) Conservation of money ------------------------------------------------------------------------------

    /// <summary>
    /// What the remittances took back, computed from the scenario's inputs alone (each distinct file once):
    /// <list type="bullet">
    /// <item>claims: for each reversal, the original's payment it negates less what its correction (in any remittance)
    /// paid, when positive (a correction paying more takes nothing back); without a correction, all it negates; each
    /// negative CLP04 outside a reversal (net delta) in full;</item>
    /// <item>provider level: + each positive WO/FB/PI/AP/OB/WU/TL (money taken), − each negative WO/FB/PI/AP (money
    /// returned, owed later); a 72 or CS with a WO/FB of the same amount (72: same reference; CS: same reference or
    /// write-off wording) is a refund or write-off, and neither side of the pair takes money.</item>
    /// </list>
    /// </summary>
    public static decimal TakenBack(Scenario scenario)
    {
        var distinct = scenario.Documents.Where((d, i) => scenario.Files.Take(i).All(f => !f.AsSpan().SequenceEqual(scenario.Files[i]))).ToList();
        var claims = distinct.SelectMany(d => d.Claims).ToList();
        static (string, string, decimal) Key(ClaimSpec c) => (c.Icn, c.Pcn, c.PaidAmount);

        var total = 0m;
        foreach (var reversal in claims.Where(c => c.IsReversal))
        {
            var correction = claims.FirstOrDefault(c => !c.IsReversal && c.Corrects is { } of && reversal.Reverses is { } original && Key(of) == Key(original) && c.PaidAmount >= 0);
            total += correction is null ? -reversal.PaidAmount : Math.Max(0, -(reversal.PaidAmount + correction.PaidAmount));
        }
        total += claims.Where(c => !c.IsReversal && c.PaidAmount < 0).Sum(c => -c.PaidAmount);

        string[] taking = ["WO", "FB", "PI", "AP", "OB", "WU", "TL"];
        string[] returning = ["WO", "FB", "PI", "AP"];
        foreach (var document in distinct)
        {
            var entries = document.Adjustments.ToList();
            foreach (var refund in document.Adjustments.Where(a => a.Code is "72" or "CS" && a.Amount < 0))
            {
                var partner = entries.FirstOrDefault(p => p.Code is "WO" or "FB" && p.Amount == -refund.Amount
                    && (p.Reference == refund.Reference || (refund.Code == "CS" && (refund.Reference ?? "").Contains("WRITE", StringComparison.OrdinalIgnoreCase))));
                if (partner is not null) entries.Remove(partner);
            }
            total += entries.Where(a => a.Amount > 0 && taking.Contains(a.Code)).Sum(a => a.Amount);
            total -= entries.Where(a => a.Amount < 0 && returning.Contains(a.Code)).Sum(a => -a.Amount);
        }
        return total;
    }

    /// <summary>
    /// What the events say was recouped (docs/matching.md): ClaimRecoupment (every mode) + UnmatchedRecoupment (money
    /// taken back whose original is unknown) + RecoupmentCollected + ForwardBalanceApplied + RecoupmentOverCollected
    /// (provider-level collections, the excess included) − ReceivableOpened (money returned now, owed later).
    /// Not counted, because they describe money already counted: CrossClaimOffset and AffiliatedOffset (who funded it),
    /// RecoupmentCompleted (a total), RecoupmentLinked (a late link of an UnmatchedRecoupment), ForwardBalanceCreated
    /// and ForwardBalanceRolled (the FB's ReceivableOpened counts it). Refunds, write-offs and provider-level
    /// adjustments are not recoupments.
    /// </summary>
    public static decimal Recouped(IEnumerable<RecoupmentEvent> events) => events.Sum(e => e switch
    {
        ClaimRecoupment or UnmatchedRecoupment or RecoupmentCollected or ForwardBalanceApplied or RecoupmentOverCollected => e.Amount,
        ReceivableOpened => -e.Amount,
        _ => 0m,
    });

    [Test]
    public void Total_recouped_equals_total_taken_back_to_the_cent()
    {
        foreach (var scenario in All)
        {
            var asOf = CompleteAsOf(scenario);
            var takenBack = TakenBack(scenario);
            Recouped(scenario.Run(completeAsOf: asOf).Events).Should().Be(takenBack, $"{scenario.Name} in arrival order");
            Recouped(scenario.Run(sort: true, completeAsOf: asOf).Events).Should().Be(takenBack, $"{scenario.Name} in processing order");
        }
    }

    [Test]
    public void Total_recouped_equals_total_taken_back_in_every_arrival_order_without_sorting()
    {
        // Even unsorted, within the documented limits (a correction is linked to a reversal processed before it only when
        // it is dated on or after it), no money is lost or counted twice when only the arrival order of the files changes
        // and the payment dates still increase.
        foreach (var scenario in MultiFile.Where(s => s.Documents.Zip(s.Documents.Skip(1)).All(p => p.First.Date <= p.Second.Date)))
        {
            Recouped(scenario.Run(completeAsOf: CompleteAsOf(scenario)).Events).Should().Be(TakenBack(scenario), scenario.Name);
        }
    }

    [Test]
    public void The_taken_back_computation_is_what_the_scenarios_say()
    {
        TakenBack(Scenarios.S01).Should().Be(40m);
        TakenBack(Scenarios.S02).Should().Be(0m);
        TakenBack(Scenarios.S03).Should().Be(100m);
        TakenBack(Scenarios.S11).Should().Be(200m, "500 taken back, 300 of it carried forward");
        TakenBack(Scenarios.S12).Should().Be(500m);
        TakenBack(Scenarios.S16).Should().Be(80m);
        TakenBack(Scenarios.S18).Should().Be(505.25m);
        TakenBack(Scenarios.S23).Should().Be(0m, "the provider refunded by check");
        TakenBack(Scenarios.S25).Should().Be(0m, "the payer wrote the receivable off");
        TakenBack(Scenarios.S29).Should().Be(40m);
        TakenBack(Scenarios.S30).Should().Be(40m, "a file seen twice counts once");
        TakenBack(Scenarios.S36).Should().Be(0m, "the PIP advance is recouped in full");
        TakenBack(Scenarios.S40).Should().Be(100m, "recouped, and paid back as an additional payment (not a recoupment)");
    }
}
