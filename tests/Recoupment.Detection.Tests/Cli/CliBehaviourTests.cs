using Recoupment.Detection.Cli;
using Recoupment.Detection.Csv;
using Recoupment.Detection.Matching.Policies;

namespace Recoupment.Detection.Tests.Cli;

/// <summary>How <c>recoup</c> behaves as a Unix tool: typo suggestions, interruption, stdout and stderr, --warnings, --config.</summary>
public class CliBehaviourTests() : RecoupCliFixture("recoup-cli-")
{
    // ---- Typos -------------------------------------------------------------------------------------------------

    [TestCase(new[] { "scna", "samples" }, "'scna': did you mean 'scan'?")]
    [TestCase(new[] { "reprot" }, "'reprot': did you mean 'report'?")]
    [TestCase(new[] { "validte", "x.835" }, "'validte': did you mean 'validate'?")]
    [TestCase(new[] { "scan", "--ledgr", "x.db", "samples" }, "'--ledgr': did you mean '--ledger'?")]
    [TestCase(new[] { "scan", "--event", "e.csv", "samples" }, "'--event': did you mean '--events'?")]
    [TestCase(new[] { "report", "--ledger", "x.db", "--fromat", "csv" }, "'--fromat': did you mean '--format'?")]
    [TestCase(new[] { "scan", "--as-off", "2026-01-01", "samples" }, "'--as-off': did you mean '--as-of'?")]
    public async Task AMistypedCommandOrOption_IsAUsageError_WithASuggestion(string[] args, string suggestion)
    {
        var run = await RecoupUsageErrorAsync(args);

        run.Err.Should().Contain("recoup: " + suggestion).And.Contain("--help");
    }

    [Test]
    public async Task NothingClose_SuggestsNothing()
    {
        var run = await RecoupUsageErrorAsync("scan", "--zzzzzzzz", SampleData);

        run.Err.Should().NotContain("did you mean");
    }

    [Test]
    public void Suggestions_AreByEditDistance()
    {
        Suggestions.Distance("scna", "scan").Should().Be(1, "a swap of neighbours costs one");
        Suggestions.Distance("report", "report").Should().Be(0);
        Suggestions.Distance("", "abc").Should().Be(3);
        Suggestions.Closest("--jsn", ["--json", "--ledger", "--events"]).Should().Equal("--json");
        Suggestions.Closest("xyz", ["scan", "report"]).Should().BeEmpty();
    }

    // ---- Interruption ------------------------------------------------------------------------------------------

    [Test]
    public async Task AnInterruptedScan_ExitsWith130_AndSaysWhatTheLedgerKeptAndHowToResume()
    {
        using var interrupt = new CancellationTokenSource();
        await interrupt.CancelAsync();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await RecoupCli.RunAsync(["scan", "--ledger", Temp("recoup.db"), "--events", Temp("events.csv"), SampleData], stdout, stderr, interrupt.Token);

        exit.Should().Be(130);
        stdout.ToString().Should().BeEmpty("an interrupted scan prints no summary");
        stderr.ToString().Should().StartWith($"recoup: interrupted. The ledger {Temp("recoup.db")} kept 0 remittances of this run")
            .And.Contain("Run the same command again to resume").And.Contain($"recoup events --ledger {Temp("recoup.db")}");
    }

    [Test]
    public async Task AnInterruptedScanInMemory_SaysNothingWasKept()
    {
        using var interrupt = new CancellationTokenSource();
        await interrupt.CancelAsync();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await RecoupCli.RunAsync(["scan", SampleData], stdout, stderr, interrupt.Token);

        exit.Should().Be(RecoupCli.Interrupted);
        stderr.ToString().Should().Contain("Nothing was kept: the ledger was in memory");
    }

    // ---- Standard output and standard error --------------------------------------------------------------------

    [Test]
    public async Task Warnings_GoToStandardError_AndEveryOneIsListedWithItsLocationByWarnings()
    {
        // Sample 001 with a segment count that does not match: a located reading error.
        var broken = File.ReadAllText(SampleFiles[0]).Replace("SE*51*0001", "SE*52*0001", StringComparison.Ordinal);
        broken.Should().NotBe(File.ReadAllText(SampleFiles[0]), "the sample has the trailer this test changes");
        var folder = Directory.CreateDirectory(Temp("input")).FullName;
        File.WriteAllText(Path.Combine(folder, "broken.835"), broken);

        var run = await RecoupAsync("scan", "--warnings", Temp("warnings.csv"), folder);

        run.Exit.Should().Be(0, run.Err);
        run.Out.Should().NotContain("reading and matching reported").And.NotContain("warnings.csv", "results only on standard output");
        run.Err.Should().Contain("recoup: reading and matching reported 1 error").And.Contain($"each is listed with its location in {Temp("warnings.csv")}");
        var lines = File.ReadAllLines(Temp("warnings.csv"));
        lines[0].Should().Be(string.Join(',', DiagnosticCsv.Columns));
        lines.Should().HaveCount(2);
        var fields = lines[1].Split(',');
        fields[0].Should().Be("error");
        fields[2].Should().Be(Path.Combine(folder, "broken.835"));
        long.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture).Should().BeGreaterThan(0, "the byte offset of the segment");
        fields[5].Should().Be("SE");
        fields[7].Should().NotBeEmpty("the interchange control number");
        fields[9].Should().Be("0001", "the transaction control number");
    }

    [Test]
    public async Task WithoutWarnings_StandardErrorSaysHowToListThem()
    {
        var broken = File.ReadAllText(SampleFiles[0]).Replace("SE*51*0001", "SE*52*0001", StringComparison.Ordinal);
        File.WriteAllText(Temp("broken.835"), broken);

        var run = await RecoupAsync("scan", Temp("broken.835"));

        run.Err.Should().Contain("recoup scan --warnings <file.csv> lists each with its location.");
    }

    // ---- Configuration -----------------------------------------------------------------------------------------

    [Test]
    public async Task Config_SetsTheAppealWindows_AndTheSummarySaysWhereTheSettingsCameFrom()
    {
        File.WriteAllText(Temp("recoup.json"), """
            {
              // ACME is a commercial plan with a 90-day appeal window in its contract.
              "appealDays": { "Commercial": 90 },
              "payerClasses": { "1870000001": "Commercial" },
            }
            """);

        var defaults = await RecoupAsync("scan", "--events", Temp("defaults.csv"), SampleData);
        var configured = await RecoupAsync("scan", "--config", Temp("recoup.json"), "--events", Temp("configured.csv"), SampleData);

        configured.Exit.Should().Be(0, configured.Err);
        configured.Out.Should().Contain($"Settings from {Temp("recoup.json")}.");
        defaults.Out.Should().NotContain("Settings from");
        var before = ReadCsv(Temp("defaults.csv")).Single(e => e.EventType == "ClaimRecoupment" && e.OriginalPayerClaimNumber == "26010000105");
        var after = ReadCsv(Temp("configured.csv")).Single(e => e.EventType == "ClaimRecoupment" && e.OriginalPayerClaimNumber == "26010000105");
        (before.RemittanceDate, before.AppealDeadline).Should().Be(("2026-04-09", "2026-10-06"), "180 days by default");
        after.AppealDeadline.Should().Be("2026-07-08", "90 days from 2026-04-09 by the configuration");
    }

    [Test]
    public void Config_TheDefaultsStayAsTheyAre()
    {
        var folder = Directory.CreateDirectory(Temp("empty")).FullName;

        var config = RecoupConfig.Find(null, folder);

        config.Path.Should().BeNull();
        config.Options.Should().BeSameAs(Recoupment.Detection.Matching.RecoupmentOptions.Default);
        RecoupConfig.Load(Write("{}")).Options.Should().BeEquivalentTo(Recoupment.Detection.Matching.RecoupmentOptions.Default);
    }

    [Test]
    public void Config_EverySettingIsRead()
    {
        var config = RecoupConfig.Load(Write("""
            {
              "correctionWindowDays": 45,
              "forwardBalanceStaleDays": 200,
              "appealDays": { "Medicare": 120, "commercial": 60 },
              "stopRecoupmentDays": { "Medicare": 30, "Medicaid": 15 },
              "payerClasses": { "87726": "Commercial", " ab1 ": "medicaid" },
              "payerStates": { "87726": "ny" },
              "lookbackLimits": { "FL": { "days": 913, "rule": "30 months" }, "NY": { "days": 365 } }
            }
            """));

        var o = config.Options;
        (o.CorrectionWindowDays, o.ForwardBalanceStaleDays).Should().Be((45, 200));
        o.Appeals.AppealDays[PayerClass.Commercial].Should().Be(60);
        o.Appeals.AppealDays[PayerClass.Medicaid].Should().Be(90, "classes not set keep their default");
        o.Appeals.StopRecoupmentDays.Should().BeEquivalentTo(new Dictionary<PayerClass, int> { [PayerClass.Medicare] = 30, [PayerClass.Medicaid] = 15 });
        o.PayerClasses.Should().BeEquivalentTo(new Dictionary<string, PayerClass> { ["87726"] = PayerClass.Commercial, ["AB1"] = PayerClass.Medicaid },
            "payer keys are matched as the engine forms them: trimmed, upper case");
        o.PayerJurisdictions.Should().BeEquivalentTo(new Dictionary<string, string> { ["87726"] = "NY" });
        o.Lookback.For("FL").Should().Be(new LookbackLimit("FL", 913, "30 months"));
        o.Lookback.For("NY")!.Days.Should().Be(365);
        o.Lookback.For("NY")!.Rule.Should().Contain("3224-b", "the built-in rule text is kept when only the days change");
        o.Lookback.For("CA")!.Days.Should().Be(365, "the built-in states stay");
    }

    [TestCase("""{ "apealDays": { "Medicare": 120 } }""", "'apealDays' is not a setting. Did you mean 'appealDays'?")]
    [TestCase("""{ "appealDays": { "Medicre": 120 } }""", "'appealDays.Medicre': 'Medicre' is not a payer class (the keys are payer classes). Did you mean 'Medicare'?")]
    [TestCase("""{ "appealDays": { "Medicare": -5 } }""", "'appealDays.Medicare' must be a whole number of days from 0 to 3650, not -5.")]
    [TestCase("""{ "correctionWindowDays": "60" }""", "'correctionWindowDays' must be a whole number of days from 0 to 3650, not \"60\".")]
    [TestCase("""{ "correctionWindowDays": 60.5 }""", "'correctionWindowDays' must be a whole number of days")]
    [TestCase("""{ "payerClasses": { "87726": "Private" } }""", "'payerClasses.87726': 'Private' is not a payer class. The classes are Commercial, Medicare, Medicaid")]
    [TestCase("""{ "payerClasses": { "87726": 1 } }""", "'payerClasses.87726' must be a payer class in quotes")]
    [TestCase("""{ "payerStates": { "87726": "New York" } }""", "'payerStates.87726' must be a two-letter state code")]
    [TestCase("""{ "lookbackLimits": { "FL": { "rule": "x" } } }""", "'lookbackLimits.FL' needs \"days\".")]
    [TestCase("""{ "lookbackLimits": { "FL": { "days": 10, "dayz": 3 } } }""", "'lookbackLimits.FL.dayz' is not a setting of a look-back limit")]
    [TestCase("""{ "lookbackLimits": { "Florida": { "days": 10 } } }""", "'lookbackLimits.Florida': 'Florida' is not a two-letter state code")]
    [TestCase("""[1, 2]""", "the file must hold one JSON object")]
    [TestCase("{ \"appealDays\": { \"Medicare\": 120 }\n  \"x\" }", "line 2, position 3: not valid JSON")]
    public void Config_WrongSettings_AreClearErrors(string json, string problem)
    {
        var path = Write(json);

        var thrown = FluentActions.Invoking(() => RecoupConfig.Load(path)).Should().Throw<RecoupConfigException>().Which;

        thrown.Path.Should().Be(path);
        thrown.Problems.Should().ContainSingle().Which.Should().StartWith(problem);
    }

    [Test]
    public void Config_ReportsEveryProblem_NotJustTheFirst()
    {
        var thrown = FluentActions.Invoking(() => RecoupConfig.Load(Write("""{ "x": 1, "correctionWindowDays": -1, "payerStates": { "A": "B" } }""")))
            .Should().Throw<RecoupConfigException>().Which;

        thrown.Problems.Should().HaveCount(3);
    }

    [Test]
    public async Task Config_WithAnError_IsAUsageError_BeforeAnythingIsScanned()
    {
        var path = Write("""{ "correctionWindowDays": -1 }""");

        var run = await RecoupUsageErrorAsync("scan", "--config", path, "--ledger", Temp("recoup.db"), SampleData);

        run.Err.Should().Be($"recoup: {path}: 'correctionWindowDays' must be a whole number of days from 0 to 3650, not -1.{Environment.NewLine}");
        File.Exists(Temp("recoup.db")).Should().BeFalse("nothing is created when the settings are wrong");
    }

    [Test]
    public async Task Config_NamedButMissing_IsAUsageError()
    {
        var run = await RecoupUsageErrorAsync("scan", "--config", Temp("nope.json"), SampleData);

        run.Err.Should().Contain("nope.json: no such file.");
    }

    [Test]
    public void Config_RecoupJsonInTheCurrentFolder_IsReadWhenNoneIsNamed()
    {
        var folder = Directory.CreateDirectory(Temp("site")).FullName;
        File.WriteAllText(Path.Combine(folder, RecoupConfig.DefaultFileName), """{ "correctionWindowDays": 30 }""");

        var config = RecoupConfig.Find(null, folder);

        config.Path.Should().Be(Path.Combine(folder, RecoupConfig.DefaultFileName));
        config.Options.CorrectionWindowDays.Should().Be(30);
    }

    private string Write(string json)
    {
        var path = Temp($"config-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
