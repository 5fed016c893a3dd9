using Recoupment.Detection.Cli;
using Recoupment.Detection.Diagnostics;
using Recoupment.Detection.Synthetic;
using Recoupment.Detection.Validation;

namespace Recoupment.Detection.Tests.Synthetic;

/// <summary>The generator's own promises: determinism, valid files, the delimiter and line-ending mix, the CLI.</summary>
[Category("Synthetic")]
public class GeneratorTests
{
    private static readonly SyntheticOptions Small = SyntheticOptions.Default with { Seed = 42, Days = 45, ClaimsPerDay = 120, StoryRate = 2 };

    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("recoup-synthetic-").FullName;

    [TearDown]
    public void DeleteFolder() => SyntheticCorpus.TryDelete(_folder);

    [Test]
    public void SameSeed_GivesByteIdenticalFilesAndAnswerKey()
    {
        var a = Generate(Small, "a");
        var b = Generate(Small, "b");

        Names(a.Summary).Should().Equal(Names(b.Summary));
        foreach (var (x, y) in a.Summary.Files.Zip(b.Summary.Files))
        {
            File.ReadAllBytes(x).Should().Equal(File.ReadAllBytes(y), Path.GetFileName(x));
        }
        File.ReadAllBytes(a.AnswerKey).Should().Equal(File.ReadAllBytes(b.AnswerKey));
        a.Summary.ExpectedEvents.Should().BePositive();
    }

    [Test]
    public void OtherSeed_GivesOtherContent()
    {
        var a = Generate(Small, "a");
        var b = Generate(Small with { Seed = 43 }, "b");

        File.ReadAllBytes(a.AnswerKey).Should().NotEqual(File.ReadAllBytes(b.AnswerKey));
        File.ReadAllBytes(a.Summary.Files[0]).Should().NotEqual(File.ReadAllBytes(b.Summary.Files[0]));
    }

    /// <summary>Every file of the 50,000-claim accuracy corpus passes the validator with zero errors (and zero warnings).</summary>
    [Test]
    public async Task EveryFileOfTheAccuracyCorpus_ValidatesWithoutErrors()
    {
        var corpus = await SyntheticCorpus.GetAsync();
        long claims = 0, transactions = 0, lines = 0, adjustments = 0;
        var problems = new List<string>();
        foreach (var file in corpus.Summary.Files)
        {
            var report = await FileValidator.ValidateFileAsync(file);
            claims += report.Claims;
            transactions += report.Transactions835;
            lines += report.ServiceLines;
            adjustments += report.ProviderAdjustments;
            problems.AddRange(report.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info)
                .Select(d => $"{Path.GetFileName(file)}: {d.Severity} {d.Code} at segment {d.SegmentIndex} ({d.SegmentId}{d.Element:00}): {d.Message}"));
        }

        problems.Should().BeEmpty();
        transactions.Should().Be(corpus.Summary.Transactions);
        var resent = corpus.Summary.Files.Where(f => f.EndsWith("-resent.835", StringComparison.Ordinal)).ToList();
        claims.Should().BeGreaterThanOrEqualTo(corpus.Summary.Claims);
        lines.Should().BeGreaterThanOrEqualTo(corpus.Summary.ServiceLines);
        adjustments.Should().BeGreaterThanOrEqualTo(corpus.Summary.ProviderAdjustments);
        resent.Should().NotBeEmpty();
    }

    [Test]
    public void Files_MixDelimitersLineEndingsAndTransactionsPerFile()
    {
        var run = Generate(Small, "mix");
        var texts = run.Summary.Files.Select(File.ReadAllText).ToList();

        texts.Select(t => t[3]).Distinct().Should().BeEquivalentTo(['*', '|', '+']);
        texts.Should().Contain(t => t.Contains("~\r\n", StringComparison.Ordinal));
        texts.Should().Contain(t => t.Contains("~\n", StringComparison.Ordinal) && !t.Contains('\r', StringComparison.Ordinal));
        texts.Should().Contain(t => !t.Contains('\n', StringComparison.Ordinal));
        texts.Should().Contain(t => t.Contains("'", StringComparison.Ordinal) && t.StartsWith("ISA+", StringComparison.Ordinal));
        texts.Should().Contain(t => CountOf(t, "ST") > 1, "several transactions per file");
        run.Summary.Files.GroupBy(f => Path.GetFileName(f)[..10]).Should().Contain(g => g.Count() > 1, "several files per day");
        texts.Should().Contain(t => t.Contains("BPR*H*0*C*NON", StringComparison.Ordinal) || t.Contains("BPR|H|0|C|NON", StringComparison.Ordinal)
                                    || t.Contains("BPR+H+0+C+NON", StringComparison.Ordinal), "net-negative remittances carry a forward balance");
    }

    [Test]
    public async Task GenerateCommand_WritesCorpusAndAnswerKey()
    {
        var output = Path.Combine(_folder, "cli");
        var key = Path.Combine(_folder, "cli-key.csv");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await RecoupCli.RunAsync(["generate", "--out", output, "--seed", "7", "--payers", "2", "--providers", "2", "--days", "20",
            "--claims-per-day", "40", "--answer-key", key], stdout, stderr);

        exit.Should().Be(RecoupCli.Success, stderr.ToString());
        stdout.ToString().Should().Contain("Answer key:");
        Directory.GetFiles(output, "*.835").Should().NotBeEmpty();
        AnswerKey.Read(key).Should().NotBeEmpty();
    }

    [Test]
    public async Task GenerateCommand_WithoutSeed_IsAUsageError()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await RecoupCli.RunAsync(["generate", "--out", Path.Combine(_folder, "x")], stdout, stderr);
        exit.Should().Be(RecoupCli.UsageError);
        stderr.ToString().Should().Contain("--seed");
    }

    private (GenerationSummary Summary, string AnswerKey) Generate(SyntheticOptions options, string name)
    {
        var key = Path.Combine(_folder, name + ".csv");
        return (new RemittanceGenerator(options).Generate(Path.Combine(_folder, name), key), key);
    }

    private static List<string> Names(GenerationSummary summary) => summary.Files.Select(Path.GetFileName).ToList()!;

    private static int CountOf(string text, string segment)
    {
        var count = 0;
        foreach (var separator in new[] { "~", "'" })
        {
            foreach (var part in text.Split(separator))
            {
                if (part.TrimStart('\r', '\n').StartsWith(segment + text[3], StringComparison.Ordinal)) count++;
            }
        }
        return count;
    }
}
