using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using Recoupment.Detection.Synthetic;

namespace Recoupment.Detection.Cli.Commands;

/// <summary>
/// <c>recoup generate --out DIR --seed N [--payers P] [--providers Q] [--days D] [--claims-per-day C] [--answer-key FILE]</c>:
/// writes a synthetic, deterministic corpus of balanced 835 files (and the answer key of the events to find).
/// </summary>
public static class GenerateCommand
{
    /// <summary>Builds the <c>generate</c> command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write the .835 files to (created if needed).", HelpName = "dir", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulation: the same options and seed give byte-identical files.", HelpName = "n", Required = true };
        var payers = Positive("--payers", "Payers to simulate (every 2nd of 3 is a Medicare contractor, every 3rd Medicaid).", SyntheticOptions.Default.Payers, "p");
        var providers = Positive("--providers", "Provider organisations (tax IDs), each with 2 to 4 NPIs.", SyntheticOptions.Default.Providers, "q");
        var days = Positive("--days", "Calendar days to simulate; remittances are issued on weekdays.", SyntheticOptions.Default.Days, "d");
        var claimsPerDay = Positive("--claims-per-day", "New claims adjudicated per weekday, across payers and providers.", SyntheticOptions.Default.ClaimsPerDay, "c");
        var start = new Option<DateOnly?>("--start")
        {
            Description = $"First simulated day (default {SyntheticOptions.Default.StartDate:yyyy-MM-dd}).",
            HelpName = "yyyy-MM-dd",
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
                result.AddError($"'{text}' is not a date (yyyy-MM-dd).");
                return null;
            },
        };
        var answerKey = new Option<string>("--answer-key")
        {
            Description = "Write the answer key: the events an engine must find, in the events CSV format (note: determinable or not-determinable: why).",
            HelpName = "file.csv",
        };
        var rendering = new Option<bool>("--rendering-providers")
        {
            Description = "Name a rendering provider (NM1*82) on every claim, for the totals by rendering provider (off by default: a seed's files stay as they were).",
        };
        var command = new Command("generate", "Write a synthetic corpus of balanced 835 remittances with known recoupments, and its answer key.")
        {
            output, seed, payers, providers, days, claimsPerDay, start, answerKey, rendering,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var options = SyntheticOptions.Default with
            {
                Seed = parseResult.GetValue(seed),
                Payers = parseResult.GetValue(payers),
                Providers = parseResult.GetValue(providers),
                Days = parseResult.GetValue(days),
                ClaimsPerDay = parseResult.GetValue(claimsPerDay),
                StartDate = parseResult.GetValue(start) ?? SyntheticOptions.Default.StartDate,
                RenderingProviders = parseResult.GetValue(rendering),
            };
            return RunAsync(options, parseResult.GetRequiredValue(output), parseResult.GetValue(answerKey), parseResult.InvocationConfiguration.Output,
                parseResult.InvocationConfiguration.Error, cancellationToken);
        });
        return command;
    }

    /// <summary>Generates the corpus and prints a one-paragraph summary; returns the exit code.</summary>
    public static Task<int> RunAsync(SyntheticOptions options, string outputDirectory, string? answerKeyPath, TextWriter output, TextWriter error,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var watch = Stopwatch.StartNew();
        GenerationSummary summary;
        try
        {
            var generator = new RemittanceGenerator(options);
            summary = answerKeyPath is null
                ? generator.Generate(outputDirectory, answerKey: null, cancellationToken)
                : generator.Generate(outputDirectory, answerKeyPath, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"recoup: could not write the corpus: {e.Message}");
            return Task.FromResult(RecoupCli.InputErrors);
        }
        var i = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(i,
            $"Wrote {summary.Files.Count:N0} files ({summary.Bytes / 1e6:N1} MB, {summary.Transactions:N0} remittances, {summary.ResentFiles:N0} resent copies) to {outputDirectory} in {watch.Elapsed.TotalSeconds:N1} s."));
        output.WriteLine(string.Create(i,
            $"{summary.NewClaims:N0} new claims, {summary.Claims:N0} claim loops, {summary.ServiceLines:N0} service lines, {summary.ProviderAdjustments:N0} provider adjustments; payment dates {summary.FirstDate:yyyy-MM-dd} to {summary.LastDate:yyyy-MM-dd}."));
        if (answerKeyPath is not null)
        {
            output.WriteLine(string.Create(i,
                $"Answer key: {summary.ExpectedEvents:N0} events ({summary.NotDeterminable:N0} not determinable) in {answerKeyPath}."));
        }
        return Task.FromResult(RecoupCli.Success);
    }

    private static Option<int> Positive(string name, string description, int defaultValue, string helpName)
    {
        var option = new Option<int>(name) { Description = description, HelpName = helpName, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError($"{name} must be at least 1.");
        });
        return option;
    }
}
