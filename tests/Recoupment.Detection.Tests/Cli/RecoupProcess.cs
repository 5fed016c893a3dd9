using System.Diagnostics;

namespace Recoupment.Detection.Tests.Cli;

/// <summary>
/// Runs the built <c>recoup</c> command line as a child process (<c>dotnet exec recoup.dll</c>): the test project
/// references the CLI project, so recoup.dll, its runtimeconfig and deps files sit next to the test assembly.
/// </summary>
internal static class RecoupProcess
{
    public static string RecoupDll { get; } = Path.Combine(AppContext.BaseDirectory, "recoup.dll");

    /// <summary>The dotnet host that runs the tests (set by the dotnet CLI for its children), else the one on PATH.</summary>
    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Starts <c>recoup args...</c>; standard output and error are drained into the returned buffers.</summary>
    public static Child Start(params string[] args)
    {
        File.Exists(RecoupDll).Should().BeTrue($"the CLI is built next to the tests ({RecoupDll})");
        var info = new ProcessStartInfo(DotnetHost)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(RecoupDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        // No terminal, no first-run banners: the child behaves as in a pipeline.
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("recoup could not be started.");
        return new Child(process);
    }

    /// <summary>Runs <c>recoup args...</c> to completion (or fails the test after <paramref name="timeout"/>).</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(TimeSpan timeout, params string[] args)
    {
        using var child = Start(args);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await child.Process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill();
            Assert.Fail($"recoup {string.Join(' ', args)} did not finish within {timeout}.");
        }
        return (child.Process.ExitCode, await child.Output, await child.Error);
    }

    public sealed class Child(Process process) : IDisposable
    {
        public Process Process { get; } = process;

        public Task<string> Output { get; } = process.StandardOutput.ReadToEndAsync();

        public Task<string> Error { get; } = process.StandardError.ReadToEndAsync();

        /// <summary>SIGKILL on Linux and macOS (TerminateProcess on Windows): no handler runs, nothing is flushed.</summary>
        public void Kill()
        {
            try
            {
                Process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }
            Process.WaitForExit();
        }

        public void Dispose()
        {
            if (!Process.HasExited) Kill();
            Process.Dispose();
        }
    }
}
