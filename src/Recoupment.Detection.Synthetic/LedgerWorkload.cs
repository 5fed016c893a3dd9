using System.Globalization;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Synthetic;

/// <summary>
/// Remittance documents built in code, with no 835 text behind them, for feeding a <see cref="RecoupmentEngine"/> or an
/// <see cref="IClaimLedger"/> directly (ledger tests, ledger benchmarks). Seeded: the same arguments always give the
/// same documents.
/// </summary>
/// <remarks>
/// <para>One payer (<c>GENPAYER</c>) and <c>partitions</c> payee tax IDs; the documents go to the partitions in turn,
/// each partition with weekly payment dates from 6 January 2025. Every claim has one service line.</para>
/// <para>From each partition's second remittance on, claims paid in its earlier remittances are reversed (CLP02 = 22,
/// remark MA67), in turn: corrected lower in the same remittance (immediate recoupment); corrected lower with a negative
/// WO deferring the takeback, collected 25.00 at a time in later remittances; not corrected (half get a late
/// correction in the next remittance of the partition, the rest become full takebacks); corrected higher (additional
/// payment). Also forward balances (FB) created and applied in the next remittance, L6 interest, and now and then a
/// second payment of a service already paid under another claim number (a possible duplicate payment).</para>
/// <para>With <c>unmatched</c>, also the cases that match nothing at first: now and then a reversal of a claim the
/// ledger has not seen, whose original comes later in a separate, earlier-dated remittance (the original backfilled),
/// and a WO collection against a reference no claim has.</para>
/// </remarks>
public static class LedgerWorkload
{
    private static readonly DateOnly Start = new(2025, 1, 6);

    /// <summary>Builds the documents, in the order they are to be processed.</summary>
    /// <param name="documents">Remittances to build. With <paramref name="unmatched"/>, the remittances of backfilled
    /// originals come in addition.</param>
    /// <param name="claimsPerDocument">Claims in each remittance: reversals, corrections and duplicate payments
    /// included, the rest newly paid claims.</param>
    /// <param name="reversalsPerDocument">Reversals in each remittance of a partition after its first (fewer while
    /// the partition has fewer paid claims left to reverse).</param>
    /// <param name="partitions">Payee tax IDs the remittances are spread over (at least one).</param>
    /// <param name="seed">Seed of the <see cref="Random"/> every amount, date and choice is drawn from.</param>
    /// <param name="duplicateEvery">Every so many newly paid claims, one is instead a second payment of a claim paid
    /// earlier in the partition; 0 for none.</param>
    /// <param name="unmatched">Adds the unmatched reversals (with their backfilled originals) and the WO collections
    /// against unknown references.</param>
    public static IReadOnlyList<RemittanceDocument> Create(int documents, int claimsPerDocument, int reversalsPerDocument, int partitions = 2, int seed = 17,
        int duplicateEvery = 250, bool unmatched = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(documents);
        ArgumentOutOfRangeException.ThrowIfNegative(claimsPerDocument);
        ArgumentOutOfRangeException.ThrowIfNegative(reversalsPerDocument);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(duplicateEvery);

        var rng = new Random(seed);
        var result = new List<RemittanceDocument>(documents);
        var pool = Enumerable.Range(0, partitions).Select(_ => new List<LedgerClaim>()).ToArray();
        var waiting = Enumerable.Range(0, partitions).Select(_ => new List<LedgerClaim>()).ToArray();
        var receivables = Enumerable.Range(0, partitions).Select(_ => new List<(string Reference, decimal Remaining)>()).ToArray();
        var forwardBalances = Enumerable.Range(0, partitions).Select(_ => new List<(string Reference, decimal Amount)>()).ToArray();
        var backfill = new List<LedgerClaim>[partitions];
        for (var d = 0; d < documents; d++)
        {
            var p = d % partitions;
            var round = d / partitions;
            var partition = new PartitionKey("GENPAYER", $"TIN{p:D3}");
            var trace = $"TRN{d:D6}";
            var date = Start.AddDays(7 * round);
            var documentId = $"GENPAYER|{trace}|{date:yyyyMMdd}|{seed}";
            var npi = $"19{p:D8}";
            var claims = new List<LedgerClaim>(claimsPerDocument + 8);
            var plbs = new List<ProviderAdjustment>();

            LedgerClaim Claim(string pcn, string status, decimal charge, decimal paid, string? icn, string? f8, string patient, DateOnly dos, string reason = "45")
            {
                var claim = new LedgerClaim
                {
                    Partition = partition,
                    DocumentId = documentId,
                    RemittanceTrace = trace,
                    RemittanceDate = date,
                    ProviderId = npi,
                    PatientControlNumber = pcn,
                    StatusCode = status,
                    Charge = charge,
                    Paid = paid,
                    PatientResponsibility = 0m,
                    FilingIndicator = "12",
                    PayerClaimNumber = icn,
                    OriginalReference = f8,
                    PatientId = patient,
                    ServiceFrom = dos,
                    ServiceTo = dos,
                    Adjustments = charge - paid == 0 ? [] : [new AdjustmentAmount("CO", reason, charge - paid)],
                    RemarkCodes = status == "22" ? ["MA67"] : [],
                    Lines = [new LedgerLine { Procedure = "HC:99213", Units = 1, Charge = charge, Paid = paid, ServiceDate = dos, LineControlNumber = pcn + "-1" }],
                    Position = claims.Count,
                };
                claims.Add(claim);
                return claim;
            }

            // Late corrections of reversals that waited (every other one; the rest expire into full takebacks).
            foreach (var reversed in waiting[p].ToList())
            {
                waiting[p].Remove(reversed);
                if (rng.Next(2) == 0) continue;
                Claim(reversed.PatientControlNumber, "1", reversed.Charge, reversed.Paid - 15m, $"C{d:D5}{claims.Count:D5}", reversed.PayerClaimNumber,
                    reversed.PatientId!, reversed.ServiceFrom!.Value, "50");
            }

            // Reversals of claims paid in earlier remittances of the partition.
            var reversals = round == 0 ? 0 : reversalsPerDocument;
            for (var r = 0; r < reversals && pool[p].Count > 0; r++)
            {
                var index = rng.Next(pool[p].Count);
                var o = pool[p][index];
                pool[p].RemoveAt(index);
                Claim(o.PatientControlNumber, "22", -o.Charge, -o.Paid, o.PayerClaimNumber, null, o.PatientId!, o.ServiceFrom!.Value);
                switch (r % 4)
                {
                    case 0: // corrected lower: immediate recoupment
                        Claim(o.PatientControlNumber, "1", o.Charge, o.Paid - 20m, $"C{d:D5}{claims.Count:D5}", o.PayerClaimNumber, o.PatientId!, o.ServiceFrom!.Value);
                        break;
                    case 1: // corrected lower, the takeback deferred by a WO and collected later
                        Claim(o.PatientControlNumber, "1", o.Charge, o.Paid - 40m, $"C{d:D5}{claims.Count:D5}", o.PayerClaimNumber, o.PatientId!, o.ServiceFrom!.Value);
                        plbs.Add(Plb(npi, "WO", o.PayerClaimNumber!, -40m, date, plbs.Count));
                        receivables[p].Add((o.PayerClaimNumber!, 40m));
                        break;
                    case 2: // no correction yet
                        waiting[p].Add(o);
                        break;
                    default: // corrected higher: additional payment
                        Claim(o.PatientControlNumber, "2", o.Charge, o.Paid + 5m, $"C{d:D5}{claims.Count:D5}", o.PayerClaimNumber, o.PatientId!, o.ServiceFrom!.Value);
                        break;
                }
            }

            // An unmatched reversal now and then; its original arrives later in a backfilled remittance dated before it.
            if (unmatched && round > 0 && d % 5 == 0)
            {
                var pcn = $"U{d:D5}";
                var dos = date.AddDays(-40);
                Claim(pcn, "22", -300m, -210m, $"U{d:D9}", null, $"ZZU{d:D6}", dos);
                (backfill[p] ??= []).Add(new LedgerClaim
                {
                    Partition = partition, DocumentId = "", PatientControlNumber = pcn, StatusCode = "1", Charge = 300m, Paid = 210m,
                    PayerClaimNumber = $"U{d:D9}", PatientId = $"ZZU{d:D6}", ServiceFrom = dos, ServiceTo = dos, RemittanceDate = date.AddDays(-30),
                });
            }

            // Collections on receivables opened earlier (FIFO per reference).
            foreach (var (reference, remaining) in receivables[p].ToList())
            {
                if (d < partitions * 2 || rng.Next(3) != 0) continue;
                var amount = Math.Min(remaining, 25m);
                plbs.Add(Plb(npi, "WO", reference, amount, date, plbs.Count));
                receivables[p].Remove((reference, remaining));
                if (remaining - amount > 0) receivables[p].Add((reference, remaining - amount));
            }

            // Forward balances: apply the last one, sometimes carry a new one.
            foreach (var fb in forwardBalances[p].ToList())
            {
                plbs.Add(Plb(npi, "FB", fb.Reference, fb.Amount, date, plbs.Count));
                forwardBalances[p].Remove(fb);
            }
            if (round % 7 == 3)
            {
                plbs.Add(Plb(npi, "FB", trace, -75m, date, plbs.Count));
                forwardBalances[p].Add((trace, 75m));
            }
            if (round % 5 == 2) plbs.Add(Plb(npi, "L6", "INTEREST", -1.23m, date, plbs.Count));
            if (unmatched && round % 9 == 4) plbs.Add(Plb(npi, "WO", "NOSUCHCLAIM" + d.ToString(CultureInfo.InvariantCulture), 12m, date, plbs.Count));

            // New paid claims; now and then the same service paid again under another number.
            var fresh = claimsPerDocument - claims.Count;
            for (var i = 0; i < fresh; i++)
            {
                var charge = 100m + rng.Next(0, 400);
                var paid = Math.Round(charge * 0.7m, 2);
                var dos = date.AddDays(-rng.Next(5, 30));
                if (duplicateEvery > 0 && i % duplicateEvery == duplicateEvery - 1 && pool[p].Count > 0)
                {
                    var earlier = pool[p][rng.Next(pool[p].Count)];
                    Claim(earlier.PatientControlNumber, "1", earlier.Charge, earlier.Paid, $"D{d:D5}{i:D5}", null, earlier.PatientId!, earlier.ServiceFrom!.Value);
                    continue;
                }
                pool[p].Add(Claim($"P{d:D5}-{i:D5}", "1", charge, paid, $"{d:D5}{i:D6}", null, $"ZZX{d:D5}{i:D5}", dos));
            }

            result.Add(Document(documentId, partition, npi, p, trace, date, claims, plbs, d));

            // The backfilled originals come as a separate, earlier-dated remittance processed late.
            if (backfill[p] is { Count: > 0 } late && round % 3 == 2)
            {
                var lateTrace = $"LATE{d:D6}";
                var lateId = $"GENPAYER|{lateTrace}|{seed}";
                var lateClaims = late.Select((c, i) => new LedgerClaim
                {
                    Partition = partition, DocumentId = lateId, RemittanceTrace = lateTrace, RemittanceDate = c.RemittanceDate, ProviderId = npi,
                    PatientControlNumber = c.PatientControlNumber, StatusCode = "1", Charge = c.Charge, Paid = c.Paid, PayerClaimNumber = c.PayerClaimNumber,
                    PatientId = c.PatientId, ServiceFrom = c.ServiceFrom, ServiceTo = c.ServiceTo, Position = i,
                }).ToList();
                result.Add(Document(lateId, partition, npi, p, lateTrace, late.Min(c => c.RemittanceDate!.Value), lateClaims, [], d));
                late.Clear();
            }
        }
        return result;
    }

    private static RemittanceDocument Document(string id, PartitionKey partition, string npi, int p, string trace, DateOnly date, List<LedgerClaim> claims,
        List<ProviderAdjustment> plbs, int ordinal) => new()
    {
        DocumentId = id,
        Partition = partition,
        PayeeNpi = npi,
        PayeeTaxId = partition.PayeeId,
        Trace = trace,
        Date = date,
        ProductionDate = date.AddDays(-2),
        TotalPayment = claims.Sum(c => c.Paid) - plbs.Sum(a => a.Amount),
        HandlingCode = "I",
        ContentHash = $"H{ordinal:D6}{p}",
        File = $"generated-{ordinal:D4}.835",
        Claims = claims,
        ProviderAdjustments = plbs,
    };

    private static ProviderAdjustment Plb(string npi, string code, string reference, decimal amount, DateOnly date, int position) => new()
    {
        ProviderId = npi,
        FiscalPeriodDate = new DateOnly(date.Year, 12, 31),
        ReasonCode = code,
        Reference = reference,
        Amount = amount,
        SegmentNumber = 1 + position / 6,
        Position = position,
    };
}
