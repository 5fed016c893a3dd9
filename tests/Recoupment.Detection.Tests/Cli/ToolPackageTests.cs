using System.Diagnostics;

namespace Recoupment.Detection.Tests.Cli;

/// <summary>
/// <c>recoup</c> as a dotnet tool, as the README installs it: <c>dotnet pack</c> of the CLI project, then
/// <c>dotnet tool install recoup --tool-path … --add-source …</c>; the installed command answers <c>--version</c> and scans.
/// Packs the build the tests run with (--no-build), so it costs seconds, not a rebuild.
/// </summary>
[Category("Slow")]
[NonParallelizable]
public sealed class ToolPackageTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("recoup-tool-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task TheCliPacksAsADotnetTool_ThatInstallsAsRecoup_AndRuns()
    {
        var project = Path.Combine(Corpus.RepositoryRoot, "samples", "Recoupment.Detection.Cli", "Recoupment.Detection.Cli.csproj");
        // bin/<Configuration>/net10.0 of the test assembly: pack the same configuration's build.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var packages = Path.Combine(_folder, "nupkg");
        var tools = Path.Combine(_folder, "tools");

        var pack = await DotnetAsync("pack", project, "-c", configuration, "--no-build", "-o", packages, "-p:ContinuousIntegrationBuild=false");
        pack.Exit.Should().Be(0, pack.Output);
        var package = Directory.GetFiles(packages, "*.nupkg").Should().ContainSingle().Subject;
        Path.GetFileName(package).Should().MatchRegex(@"^recoup\.\d+\.\d+\.\d+.*\.nupkg$", "the package id is recoup");

        var install = await DotnetAsync("tool", "install", "recoup", "--tool-path", tools, "--add-source", packages);
        install.Exit.Should().Be(0, install.Output);
        install.Output.Should().Contain("recoup");

        var recoup = Path.Combine(tools, OperatingSystem.IsWindows() ? "recoup.exe" : "recoup");
        File.Exists(recoup).Should().BeTrue("the tool's command is recoup");
        var version = await RunAsync(recoup, "--version");
        version.Exit.Should().Be(0, version.Output);
        version.Output.Trim().Should().MatchRegex(@"^\d+\.\d+\.\d+");
        var scan = await RunAsync(recoup, "scan", Path.Combine(Corpus.RepositoryRoot, "samples", "data"));
        scan.Exit.Should().Be(0, scan.Output);
        scan.Output.Should().Contain("6 remittances with 19 claims");
    }

    private static Task<(int Exit, string Output)> DotnetAsync(params string[] args) =>
        RunAsync(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet", args);

    private static async Task<(int Exit, string Output)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
