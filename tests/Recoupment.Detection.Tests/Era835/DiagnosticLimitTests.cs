using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Era835;

namespace Recoupment.Detection.Tests.Era835;

/// <summary>A transaction keeps a bounded number of its diagnostics; the sink still gets every one.</summary>
public class DiagnosticLimitTests
{
    [Test]
    public void A_warning_on_every_claim_is_kept_up_to_the_limit_and_errors_still_count()
    {
        // 1,500 claims with an unknown status code: a warning each; one of them also has a non-numeric charge (an error).
        var body = new List<string>
        {
            "BPR*I*0*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*20260115",
            "TRN*1*12345*1512345678",
            "N1*PR*ACME HEALTH PLAN",
            "N1*PE*RIVER CLINIC*XX*1234567893",
            "LX*1",
        };
        for (var i = 0; i < 1500; i++) body.Add($"CLP*PCN{i}*99*{(i == 1499 ? "X" : "0")}*0*0*12*ICN{i}*11*1");
        var bytes = X12Text.Bytes(X12Text.Interchange([body]));
        var sink = new DiagnosticList();

        var end = Era835Reader.Read(bytes, new Era835ReaderOptions { Diagnostics = sink }).OfType<RemittanceEnd>().Single();

        sink.Count(d => d.Code == DiagnosticCodes.UnknownCode).Should().Be(1500);
        end.Diagnostics.Should().HaveCount(Era835Parser.MaxDiagnosticsPerTransaction);
        end.ErrorCount.Should().Be(1);
        end.HasErrors.Should().BeTrue();
    }
}
