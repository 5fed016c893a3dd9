using System.Text.RegularExpressions;
using Recoupment.Detection.Validation;
using Recoupment.Detection.X12;

namespace Recoupment.Detection.Tests.Cli;

/// <summary>The README's quick start runs here; a second test checks that the README still shows this very code.</summary>
public partial class ReadmeExampleTests
{
    private const string ThisFile = "tests/Recoupment.Detection.Tests/Cli/ReadmeExampleTests.cs";

    [Test]
    public async Task QuickStart_RunsOnTheSampleData()
    {
        // The README runs from the repository root; the test resolves the same relative path against it.
        var path = Path.Combine(Corpus.RepositoryRoot, "samples/data/2026-01-15-acme-era-001.835");

        // README quick start: begin
        // Check a whole file: syntax, envelopes and counts, with located diagnostics. Streams; memory stays flat.
        var report = await FileValidator.ValidateFileAsync(path);
        Console.WriteLine($"{report.File}: {report.Claims} claims, {report.Errors.Count()} errors");
        foreach (var diagnostic in report.Diagnostics) Console.WriteLine(diagnostic);

        // Or walk the segments yourself: spans over the bytes, nothing allocated per segment.
        var bytes = File.ReadAllBytes(path);
        var totalPaid = 0m;
        var reader = new X12Reader(bytes);
        while (reader.Read())
        {
            var seg = reader.Segment;
            if (seg.Is("CLP"u8) && seg.TryGetDecimal(4, out var paid)) totalPaid += paid;
        }
        Console.WriteLine($"Paid on claims: {totalPaid}");
        // README quick start: end

        report.IsValid.Should().BeTrue();
        report.Claims.Should().Be(5);
        totalPaid.Should().Be(1385m, "BPR02 of the January remittance, which has no PLB");
    }

    [Test]
    public void Readme_ShowsTheQuickStartOfThisTest()
    {
        var readme = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "README.md"));
        var block = CSharpBlock().Match(readme);
        block.Success.Should().BeTrue("the README has a csharp quick start");

        var source = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, ThisFile));
        var region = QuickStartRegion().Match(source);
        region.Success.Should().BeTrue("this test marks its README region");

        CodeLines(block.Groups["code"].Value).Should().Equal(CodeLines(region.Groups["code"].Value),
            "the README quick start and QuickStart_RunsOnTheSampleData must show the same code");
    }

    [Test]
    public void Readme_ShowsTheNewcomerCommands()
    {
        var readme = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "README.md"));
        readme.Should().Contain("dotnet run --project samples/Recoupment.Detection.Cli -- scan samples/data");
        Regex.IsMatch(readme, @"^dotnet test\r?$", RegexOptions.Multiline).Should().BeTrue("the README shows a bare `dotnet test`");
    }

    // Compared line by line, trimmed; usings and the path line differ by design (relative in the README).
    private static List<string> CodeLines(string code) => code
        .Split('\n')
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith("using ", StringComparison.Ordinal) && !l.StartsWith("var path =", StringComparison.Ordinal))
        .ToList();

    [GeneratedRegex(@"```csharp\r?\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"// README quick start: begin\r?\n(?<code>.*?)// README quick start: end", RegexOptions.Singleline)]
    private static partial Regex QuickStartRegion();
}
