using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Recoupment.Detection.Era835;

namespace Recoupment.Detection.Benchmarks;

/// <summary>
/// Typed 835 reading, every loop and field parsed (amounts as decimals, dates, names, references, lines, remarks),
/// over one large generated transaction of realistic professional claims held in memory.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
[Config(typeof(Config))]
public class TypedReadingBenchmarks
{
    private const int ClaimCount = 250_000;
    private static readonly Lazy<byte[]> Input = new(Build);

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new ThroughputColumn("MB/s", 1e6, () => Input.Value.Length));
            AddColumn(new ClaimsPerSecondColumn(() => ClaimCount));
        }
    }

    [GlobalSetup]
    public void Setup() => _ = Input.Value;

    [Benchmark(Description = "Era835Reader, every field")]
    public decimal Read()
    {
        decimal paid = 0;
        foreach (var item in Era835Reader.Read(Input.Value))
        {
            if (item is ClaimPayment claim) paid += claim.PaymentAmount + claim.ServiceLines.Count;
        }
        return paid;
    }

    /// <summary>One 835 of <see cref="ClaimCount"/> claims with three service lines each, balanced at every level.</summary>
    private static byte[] Build()
    {
        var claims = new StringBuilder(ClaimCount * 640);
        decimal total = 0;
        for (var i = 0; i < ClaimCount; i++)
        {
            var pcn = $"PCN{i:D8}";
            var day = 1 + i % 28;
            claims.Append($"CLP*{pcn}*1*450*255*45*12*26{i:D11}*11*1~CAS*PR*1*45~NM1*QC*1*DOE*JANE*Q***MI*W{i:D9}~NM1*IL*1*DOE*JOHN****MI*W{i:D9}01~")
                  .Append($"NM1*82*1*SMITH*ANNA****XX*1234567893~REF*1L*GRP{i % 977:D5}~REF*EA*MRN{i:D7}~DTM*232*202601{day:D2}~DTM*233*202601{day:D2}~AMT*AU*405~");
            for (var l = 0; l < 3; l++)
            {
                claims.Append($"SVC*HC:9921{3 + l}:25*150*{(l == 0 ? 60 : 120)}**1~DTM*472*202601{day:D2}~CAS*CO*45*{(l == 0 ? 90 : 30)}~")
                      .Append($"REF*6R*{pcn}L{l}~AMT*B6*{(l == 0 ? 60 : 120)}~LQ*HE*N{130 + l}~");
            }
            total += 255;
        }
        var body = $"BPR*I*{total:0.00}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20260130~TRN*1*BENCH0001*1512345678~"
                   + "DTM*405*20260129~N1*PR*ACME HEALTH PLAN*XV*12345~N3*1 MAIN ST~N4*TOWN*NY*12345~PER*BL*CLAIMS*TE*8005551212~"
                   + "N1*PE*RIVER CLINIC*XX*1234567893~N3*2 RIVER RD~N4*TOWN*NY*12345~REF*TJ*123456789~LX*1~";
        var segments = body.Count(c => c == '~') + ClaimCount * (10 + 3 * 6);
        var text = "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260130*1200*^*00501*000000001*0*P*:~"
                   + "GS*HP*SENDER*RECEIVER*20260130*1200*1*X*005010X221A1~ST*835*0001~" + body + claims
                   + $"SE*{segments + 2}*0001~GE*1*1~IEA*1*000000001~";
        return Encoding.ASCII.GetBytes(text);
    }
}
