namespace Recoupment.Detection.Tests.Cli;

/// <summary>
/// Issue 16, finding 1 end to end: a folder of good files plus one with a 29-digit amount once ended the whole run with a
/// stack trace and no events. Now: exit 1, a located diagnostic on standard error, and the good files' events written.
/// </summary>
public class HostileAmountCliTests() : RecoupCliFixture("recoup-hostile-")
{
    private const string Huge = "99999999999999999999999999999";

    private string HostileFolder()
    {
        var folder = Folder("inbox", SampleFiles.Take(5));
        var text = File.ReadAllText(SampleFiles[5]);
        text.Should().Contain("CLP*NWUC-2001*1*210*135*");
        File.WriteAllText(Path.Combine(folder, "2026-05-21-hostile.835"), text.Replace("CLP*NWUC-2001*1*210*135*", $"CLP*NWUC-2001*1*210*{Huge}*"));
        return folder;
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Scan_ExitsOne_WithALocatedDiagnostic_NoStackTrace_AndTheGoodFilesEvents(bool ledger)
    {
        string[] Ledger(string name) => ledger ? ["--ledger", Temp(name)] : [];
        var baseline = await RecoupAsync(["scan", .. Ledger("good.db"), "--events", Temp("good.csv"), Folder("good", SampleFiles.Take(5))]);
        baseline.Exit.Should().Be(0, baseline.Err);

        var run = await RecoupAsync(["scan", .. Ledger("hostile.db"), "--events", Temp("events.csv"), HostileFolder()]);

        run.Exit.Should().Be(1, run.Err);
        run.Err.Should().Contain("835-VAL-005").And.Contain("2026-05-21-hostile.835");
        run.Err.Should().NotContain("   at ").And.NotContain("Exception").And.NotContain(Huge[..12], "values are not shown by default");
        (run.Out + run.Err).Should().NotContain(Huge[..12]);
        var good = ReadCsv(Temp("good.csv")).Select(r => (r.EventType, r.PayerClaimNumber, r.Amount)).ToList();
        var rows = ReadCsv(Temp("events.csv"));
        rows.Select(r => (r.EventType, r.PayerClaimNumber, r.Amount)).Should().Contain(good, "the good files' events are written");
        rows.Should().NotContain(r => r.PayerClaimNumber == "26050000601", "the claim with the implausible amount is skipped");
    }

    [Test]
    public async Task Validate_ExitsOne_WithALocatedDiagnostic_AndNoStackTrace()
    {
        var run = await RecoupAsync("validate", HostileFolder());

        run.Exit.Should().Be(1, run.Err);
        (run.Out + run.Err).Should().Contain("835-VAL-005").And.Contain("2026-05-21-hostile.835");
        (run.Out + run.Err).Should().NotContain("   at ").And.NotContain("Exception").And.NotContain(Huge[..12]);
    }
}
