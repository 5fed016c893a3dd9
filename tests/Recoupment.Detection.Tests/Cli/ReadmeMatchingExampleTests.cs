using System.Text.RegularExpressions;
using Recoupment.Detection.Matching;
using Recoupment.Detection.Matching.Events;
using Recoupment.Detection.Matching.Ledger;

namespace Recoupment.Detection.Tests.Cli;

/// <summary>The README's "Matching in your own pipeline" snippet runs here, and the README must keep showing it.</summary>
public partial class ReadmeMatchingExampleTests
{
    [Test]
    public async Task Matching_snippet_runs_on_the_sample_data()
    {
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Corpus.RepositoryRoot;
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            // README matching: begin
            // One engine per ledger: empty and in memory here; SqliteClaimLedger.Open("recoup.db") keeps it between runs.
            var engine = new RecoupmentEngine(new InMemoryClaimLedger(), RecoupmentOptions.Default with { CorrectionWindowDays = 60 });

            // A batch: read every file, order the remittances by payment date, match them, close what time closes.
            var result = await new RemittanceScanner(engine).ScanAsync(Directory.GetFiles("samples/data", "*.835"));
            foreach (var taken in result.Events.OfType<ClaimRecoupment>())
            {
                Console.WriteLine($"{taken.RemittanceDate:yyyy-MM-dd} claim {taken.OriginalPayerClaimNumber}: {taken.Amount:0.00} taken back ({taken.Mode}, {taken.RootCause})");
            }
            // README matching: end
        }
        finally
        {
            Console.SetOut(console);
            Environment.CurrentDirectory = previous;
        }
        output.ToString().Should().Contain("2026-02-12 claim 26010000101: 30.00 taken back (Immediate, Coding)");
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(4);
    }

    [Test]
    public void Readme_shows_this_snippet()
    {
        var readme = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "README.md"));
        var block = Regex.Match(readme, @"## Matching in your own pipeline\s+```csharp\n(?<code>.*?)```", RegexOptions.Singleline);
        block.Success.Should().BeTrue();
        var source = File.ReadAllText(Path.Combine(Corpus.RepositoryRoot, "tests/Recoupment.Detection.Tests/Cli/ReadmeMatchingExampleTests.cs"));
        var region = Regex.Match(source, @"// README matching: begin\n(?<code>.*?)\s*// README matching: end", RegexOptions.Singleline);
        region.Success.Should().BeTrue();
        Lines(block.Groups["code"].Value).Where(l => !l.StartsWith("using ", StringComparison.Ordinal)).Should().Equal(Lines(region.Groups["code"].Value));
    }

    private static List<string> Lines(string code) =>
        code.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}
