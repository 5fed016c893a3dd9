using System.Text.Json;

namespace Recoupment.Detection.Tests.Cli;

/// <summary><c>recoup validate</c> run in-process against string writers (DESIGN.md §4.1).</summary>
public class ValidateCommandTests() : RecoupCliFixture("recoup-validate-")
{
    private const string EnvelopeErrors = "badx12/error_validation.edi";

    private static readonly string[] FileKeys =
    [
        "file", "interchanges", "functional_groups", "transactions", "transactions_835", "segments", "claims",
        "service_lines", "provider_adjustments", "errors", "warnings",
    ];

    private static readonly string[] DiagnosticKeys =
    [
        "code", "message", "byte_offset", "segment_index", "segment_id", "element", "interchange_control_number",
        "transaction_control_number",
    ];

    /// <summary>Every file in samples/data but its README: what validate reads there.</summary>
    private static List<string> FilesInSampleData => Directory.GetFiles(SampleData)
        .Where(f => Path.GetFileName(f) != "README.md")
        .Order(StringComparer.Ordinal)
        .ToList();

    private static IEnumerable<JsonElement> Items(JsonElement line, string key) => line.GetProperty(key).EnumerateArray();

    [Test]
    public async Task Json_OnSampleData_OneLinePerFileInOrderWithNoErrors()
    {
        var run = await RecoupAsync("validate", "--json", SampleData);

        run.Exit.Should().Be(0, run.Out);
        run.Err.Should().BeEmpty();
        var lines = run.JsonLines;
        lines.Select(l => l.GetProperty("file").GetString()).Should().Equal(FilesInSampleData);
        foreach (var line in lines)
        {
            line.EnumerateObject().Select(p => p.Name).Should().Equal(FileKeys);
            Items(line, "errors").Should().BeEmpty();
            Items(line, "warnings").Should().BeEmpty();
            line.GetProperty("interchanges").GetInt64().Should().Be(1);
            line.GetProperty("transactions_835").GetInt64().Should().Be(1);
            line.GetProperty("claims").GetInt64().Should().BeGreaterThan(0);
        }
        lines.Sum(l => l.GetProperty("claims").GetInt64()).Should().Be(19);
        lines.Sum(l => l.GetProperty("provider_adjustments").GetInt64()).Should().Be(8);
    }

    [Test]
    public async Task Json_OnEnvelopeErrors_ExitsOneWithLocatedErrors()
    {
        var run = await RecoupAsync("validate", "--json", Corpus.PathOf(EnvelopeErrors));

        run.Exit.Should().Be(1);
        var line = run.JsonLines.Should().ContainSingle().Subject;
        line.EnumerateObject().Select(p => p.Name).Should().Equal(FileKeys);
        var errors = Items(line, "errors").ToList();
        errors.Should().NotBeEmpty();
        foreach (var error in errors)
        {
            error.EnumerateObject().Select(p => p.Name).Should().Equal(DiagnosticKeys);
            error.GetProperty("byte_offset").GetInt64().Should().BeGreaterThanOrEqualTo(0);
            error.GetProperty("segment_index").GetInt64().Should().BeGreaterThanOrEqualTo(0);
            error.GetProperty("interchange_control_number").GetString().Should().Be("000010216");
        }
        errors.Select(e => e.GetProperty("code").GetString()).Should().Contain(["X12-ENV-003", "X12-ENV-006"]);
    }

    [Test]
    public async Task MissingPath_IsAnErrorForThatPathAndTheOthersAreStillChecked()
    {
        var missing = Path.Combine(SampleData, "no-such-file.835");
        var run = await RecoupAsync("validate", "--json", missing, FilesInSampleData[0]);

        run.Exit.Should().Be(1);
        var lines = run.JsonLines;
        lines.Should().HaveCount(2);
        lines[0].GetProperty("file").GetString().Should().Be(missing);
        Items(lines[0], "errors").Select(e => e.GetProperty("code").GetString()).Should().Equal("CLI-IO-001");
        Items(lines[1], "errors").Should().BeEmpty();
    }

    [Test]
    public async Task MissingPath_InTheTable_ExitsOne()
    {
        var run = await RecoupAsync("validate", Path.Combine(SampleData, "no-such-folder"));

        run.Exit.Should().Be(1);
        run.Out.Should().Contain("no-such-folder").And.Contain("CLI-IO-001");
    }

    private static IEnumerable<TestCaseData> UsageErrorCases()
    {
        yield return new TestCaseData((object)Array.Empty<string>()).SetName("UsageError_NoArguments");
        yield return new TestCaseData((object)new[] { "validate" }).SetName("UsageError_NoPaths");
        yield return new TestCaseData((object)new[] { "validate", "--bogus", "x.835" }).SetName("UsageError_UnknownOption");
        yield return new TestCaseData((object)new[] { "frobnicate" }).SetName("UsageError_UnknownCommand");
    }

    [TestCaseSource(nameof(UsageErrorCases))]
    public async Task UsageErrors_ExitTwo(string[] args)
    {
        var run = await RecoupUsageErrorAsync(args);

        run.Err.Should().Contain("--help");
    }

    [Test]
    public async Task Help_ExitsZero()
    {
        var run = await RecoupAsync("validate", "--help");

        run.Exit.Should().Be(0);
        run.Out.Should().Contain("--json").And.Contain("--show-values");
    }

    [Test]
    public async Task Messages_QuoteNoElementValues_UnlessShowValues()
    {
        // error_validation.edi closes GS 20413 with GE02 20213 and ISA 000010216 with IEA02 000010215.
        string[] mismatchedValues = ["20213", "000010215"];

        var hidden = await RecoupAsync("validate", "--json", Corpus.PathOf(EnvelopeErrors));
        var hiddenMessages = Items(hidden.JsonLines[0], "errors").Select(e => e.GetProperty("message").GetString()!).ToList();
        hiddenMessages.Should().NotBeEmpty();
        foreach (var value in mismatchedValues) hiddenMessages.Should().NotContain(m => m.Contains(value));

        var shown = await RecoupAsync("validate", "--json", "--show-values", Corpus.PathOf(EnvelopeErrors));
        var errors = Items(shown.JsonLines[0], "errors").ToList();
        Message(errors, "GE", 2).Should().Contain("20213");
        Message(errors, "IEA", 2).Should().Contain("000010215");
    }

    private static string Message(IEnumerable<JsonElement> errors, string segmentId, int element) => errors
        .Single(e => e.GetProperty("segment_id").GetString() == segmentId && e.GetProperty("element").GetInt32() == element)
        .GetProperty("message").GetString()!;

    [Test]
    public async Task Table_MentionsEveryFileInPlainText()
    {
        var run = await RecoupAsync("validate", SampleData);

        run.Exit.Should().Be(0);
        foreach (var file in FilesInSampleData) run.Out.Should().Contain(file);
        run.Out.Should().Contain($"{FilesInSampleData.Count} files: no errors");
        run.Out.Should().NotContain("\u001b", "redirected output carries no ANSI escape codes");
        run.Out.Should().NotContain("│", "redirected output uses an ASCII border");
    }

    [Test]
    public async Task Table_ListsDiagnosticsWithLocationAndControlNumbers()
    {
        var run = await RecoupAsync("validate", Corpus.PathOf(EnvelopeErrors));

        run.Exit.Should().Be(1);
        run.Out.Should().Contain(Corpus.PathOf(EnvelopeErrors))
            .And.MatchRegex(@"X12-ENV-003\s+byte \d+, segment \d+ \(IEA02\)\s+ISA 000010216\s+IEA02 does not match ISA13\.");
        run.Out.Should().NotContain("000010215", "values stay out of the table too");
    }
}
