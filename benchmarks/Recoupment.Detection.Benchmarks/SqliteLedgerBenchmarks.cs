using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Recoupment.Detection.Era835;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Ledger;
using Recoupment.Detection.Sqlite;

namespace Recoupment.Detection.Benchmarks;

/// <summary>
/// Ledger ingestion on SQLite: 100 remittances of 1,000 claims each (paid claims, and per remittance ten reversals:
/// corrected lower, corrected higher, deferred by a WO and collected later, or left waiting for their correction) into
/// a fresh <see cref="SqliteClaimLedger"/> file, one transaction per remittance, reported in claims per second.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>Engine_*</c>: <see cref="RecoupmentEngine.Process"/> over every remittance then <c>Complete</c>, with the
/// in-memory ledger (the baseline: the engine's own cost) and with the SQLite file.</item>
/// <item><c>Ledger_SqliteFile</c>: the ledger alone, with the calls the engine makes for each remittance and each paid
/// claim (pending-reversal and suspense lookups under its keys, the duplicate-payment lookup, AddClaim, events, commit),
/// so that the ledger's ingestion rate is measured apart from the matching work.</item>
/// </list>
/// Each iteration builds its remittances anew (the engine changes the claim objects it is given) and starts from an
/// empty file; neither is timed. Closing the SQLite ledger (the final checkpoint of the write-ahead log into the
/// database file) is timed.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class SqliteLedgerBenchmarks
{
    private const int Documents = 100;
    private const int ClaimsPerDocument = 1000;
    private const int ReversalsPerDocument = 10;

    private static long s_claims;

    private IReadOnlyList<RemittanceDocument> _documents = [];
    private string _folder = "";
    private SqliteClaimLedger? _sqlite;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(1).WithIterationCount(6).WithInvocationCount(1).WithUnrollFactor(1));
            AddColumn(new ClaimsPerSecond(fastest: false), new ClaimsPerSecond(fastest: true));
        }
    }

    [GlobalSetup]
    public void GlobalSetup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "recoup-sqlite-bench-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(_folder);
        var documents = SqliteLedgerInput.Create(Documents, ClaimsPerDocument, ReversalsPerDocument);
        s_claims = documents.Sum(d => (long)d.Claims.Count);
        Console.WriteLine($"// {documents.Count} remittances, {s_claims:N0} claims, {documents.Sum(d => d.ProviderAdjustments.Count):N0} PLB adjustments");
    }

    [IterationSetup]
    public void IterationSetup()
    {
        _documents = SqliteLedgerInput.Create(Documents, ClaimsPerDocument, ReversalsPerDocument);
        var path = Path.Combine(_folder, "ledger.db");
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
        _sqlite = SqliteClaimLedger.Open(path);
    }

    [IterationCleanup]
    public void IterationCleanup()
    {
        _sqlite?.Dispose();
        _sqlite = null;
    }

    [GlobalCleanup]
    public void GlobalCleanup()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The engine with the in-memory ledger: what matching costs without storage.</summary>
    [Benchmark(Baseline = true)]
    public int Engine_InMemoryLedger() => Run(new InMemoryClaimLedger());

    /// <summary>The engine with the SQLite file ledger, closed at the end (its last checkpoint is timed too).</summary>
    [Benchmark]
    public int Engine_SqliteFile()
    {
        var events = Run(_sqlite!);
        IterationCleanup();
        return events;
    }

    /// <summary>The SQLite file ledger alone, given the calls the engine makes for each paid claim; closed at the end.</summary>
    [Benchmark]
    public int Ledger_SqliteFile()
    {
        var ledger = _sqlite!;
        var count = 0;
        foreach (var document in _documents)
        {
            if (ledger.ContainsDocument(document.DocumentId)) continue;
            if (document.Trace is { } trace) ledger.FindDocumentsByTrace(document.Partition, trace);
            using var scope = ledger.BeginDocument(document.ToRecord());
            if (document.PayeeTaxId is { } tin && document.PayeeNpi is { } npi) ledger.RegisterProvider(tin, npi);
            ledger.PendingReversalsDueBefore(document.Partition, document.EffectiveDate);
            ledger.OpenReceivables(document.Partition);
            foreach (var claim in document.Claims)
            {
                var keys = ClaimKeys.For(claim);
                foreach (var key in keys)
                {
                    if (key.Kind is ClaimKeyKind.PayerClaimNumber or ClaimKeyKind.OriginalReference or ClaimKeyKind.ServiceKey)
                    {
                        count += ledger.FindPendingReversals(claim.Partition, key.Value).Count;
                    }
                    if (key.Kind == ClaimKeyKind.DuplicateKey) count += ledger.FindClaims(claim.Partition, key).Count;
                }
                ledger.AddClaim(claim, keys);
                foreach (var key in keys)
                {
                    if (key.Kind is ClaimKeyKind.PayerClaimNumber or ClaimKeyKind.PatientControlNumber or ClaimKeyKind.ServiceKey)
                    {
                        count += ledger.FindSuspense(claim.Partition, key.Value).Count;
                    }
                }
            }
            ledger.RecordEvents([new Matching.Events.CrossClaimOffset { EventId = document.DocumentId, PayerId = document.Partition.PayerId, PayeeId = document.Partition.PayeeId, Amount = 1m }]);
            scope.Commit();
        }
        IterationCleanup(); // closing checkpoints the log into the database: timed too
        return count;
    }

    private int Run(IClaimLedger ledger)
    {
        var engine = new RecoupmentEngine(ledger);
        var events = 0;
        foreach (var document in _documents) events += engine.Process(document).Count;
        events += engine.Complete(_documents.Max(d => d.EffectiveDate)).Count;
        return events;
    }

    /// <summary>Claims in the input divided by the mean time, or by the fastest iteration's (the least disturbed by other processes).</summary>
    private sealed class ClaimsPerSecond(bool fastest) : IColumn
    {
        public string Id => nameof(SqliteLedgerBenchmarks) + ".ClaimsPerSecond" + (fastest ? ".Fastest" : "");
        public string ColumnName => fastest ? "Claims/s (fastest)" : "Claims/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => fastest ? 1 : 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => fastest ? "Claims ingested / the fastest iteration's time" : "Claims ingested (every claim of the input) / Mean";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            var mean = fastest ? statistics?.Min : statistics?.Mean;
            var claims = s_claims > 0 ? s_claims : SqliteLedgerInput.Create(Documents, ClaimsPerDocument, ReversalsPerDocument).Sum(d => (long)d.Claims.Count);
            return mean is > 0 ? (claims / (mean.Value / 1e9)).ToString("N0", CultureInfo.InvariantCulture) : "NA";
        }

        public override string ToString() => ColumnName;
    }
}

/// <summary>
/// Remittance documents built in code for <see cref="SqliteLedgerBenchmarks"/>: two partitions, weekly remittances,
/// paid claims with one service line, and per remittance some reversals (corrected lower: immediate recoupment;
/// corrected lower with a WO deferral collected in later remittances; left waiting: late correction or full takeback;
/// corrected higher: additional payment), forward balances, interest and a duplicate payment now and then.
/// </summary>
public static class SqliteLedgerInput
{
    private static readonly DateOnly Start = new(2025, 1, 6);

    public static IReadOnlyList<RemittanceDocument> Create(int documents, int claimsPerDocument, int reversalsPerDocument, int partitions = 2, int seed = 17)
    {
        var rng = new Random(seed);
        var result = new List<RemittanceDocument>(documents);
        var pool = Enumerable.Range(0, partitions).Select(_ => new List<LedgerClaim>()).ToArray();
        var waiting = Enumerable.Range(0, partitions).Select(_ => new List<LedgerClaim>()).ToArray();
        var receivables = Enumerable.Range(0, partitions).Select(_ => new List<(string Reference, decimal Remaining)>()).ToArray();
        var forwardBalances = Enumerable.Range(0, partitions).Select(_ => new List<(string Reference, decimal Amount)>()).ToArray();
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
                    Lines = [new LedgerLine { Procedure = "HC:99213", Units = 1, Charge = charge, Paid = paid, ServiceDate = dos, LineControlNumber = pcn + "-1" }],
                    Position = claims.Count,
                };
                claims.Add(claim);
                return claim;
            }

            foreach (var reversed in waiting[p].ToList())
            {
                waiting[p].Remove(reversed);
                if (rng.Next(2) == 0) continue;
                Claim(reversed.PatientControlNumber, "1", reversed.Charge, reversed.Paid - 15m, $"C{d:D5}{claims.Count:D5}", reversed.PayerClaimNumber,
                    reversed.PatientId!, reversed.ServiceFrom!.Value, "50");
            }

            var reversals = round == 0 ? 0 : reversalsPerDocument;
            for (var r = 0; r < reversals && pool[p].Count > 0; r++)
            {
                var index = rng.Next(pool[p].Count);
                var o = pool[p][index];
                pool[p].RemoveAt(index);
                Claim(o.PatientControlNumber, "22", -o.Charge, -o.Paid, o.PayerClaimNumber, null, o.PatientId!, o.ServiceFrom!.Value);
                switch (r % 4)
                {
                    case 0:
                        Claim(o.PatientControlNumber, "1", o.Charge, o.Paid - 20m, $"C{d:D5}{claims.Count:D5}", o.PayerClaimNumber, o.PatientId!, o.ServiceFrom!.Value);
                        break;
                    case 1:
                        Claim(o.PatientControlNumber, "1", o.Charge, o.Paid - 40m, $"C{d:D5}{claims.Count:D5}", o.PayerClaimNumber, o.PatientId!, o.ServiceFrom!.Value);
                        plbs.Add(Plb(npi, "WO", o.PayerClaimNumber!, -40m, date, plbs.Count));
                        receivables[p].Add((o.PayerClaimNumber!, 40m));
                        break;
                    case 2:
                        waiting[p].Add(o);
                        break;
                    default:
                        Claim(o.PatientControlNumber, "2", o.Charge, o.Paid + 5m, $"C{d:D5}{claims.Count:D5}", o.PayerClaimNumber, o.PatientId!, o.ServiceFrom!.Value);
                        break;
                }
            }

            foreach (var (reference, remaining) in receivables[p].ToList())
            {
                if (d < partitions * 2 || rng.Next(3) != 0) continue;
                var amount = Math.Min(remaining, 25m);
                plbs.Add(Plb(npi, "WO", reference, amount, date, plbs.Count));
                receivables[p].Remove((reference, remaining));
                if (remaining - amount > 0) receivables[p].Add((reference, remaining - amount));
            }
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

            var fresh = claimsPerDocument - claims.Count;
            for (var i = 0; i < fresh; i++)
            {
                var charge = 100m + rng.Next(0, 400);
                var paid = Math.Round(charge * 0.7m, 2);
                var dos = date.AddDays(-rng.Next(5, 30));
                if (i % 250 == 249 && pool[p].Count > 0)
                {
                    var earlier = pool[p][rng.Next(pool[p].Count)];
                    Claim(earlier.PatientControlNumber, "1", earlier.Charge, earlier.Paid, $"D{d:D5}{i:D5}", null, earlier.PatientId!, earlier.ServiceFrom!.Value);
                    continue;
                }
                pool[p].Add(Claim($"P{d:D5}-{i:D5}", "1", charge, paid, $"{d:D5}{i:D6}", null, $"ZZX{d:D5}{i:D5}", dos));
            }

            result.Add(new RemittanceDocument
            {
                DocumentId = documentId,
                Partition = partition,
                PayeeNpi = npi,
                PayeeTaxId = partition.PayeeId,
                Trace = trace,
                Date = date,
                ProductionDate = date.AddDays(-2),
                TotalPayment = claims.Sum(c => c.Paid) - plbs.Sum(a => a.Amount),
                HandlingCode = "I",
                ContentHash = $"H{d:D6}",
                File = $"generated-{d:D4}.835",
                Claims = claims,
                ProviderAdjustments = plbs,
            });
        }
        return result;
    }

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
