using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Recoupment.Detection.Tests.Support;

/// <summary>
/// Debian's chromium, headless, for tests of what a browser shows: a page's DOM after its scripts ran (--dump-dom),
/// a screenshot, a printed PDF. Started with the flags this closed network needs (no background networking, no
/// component updates, no sync) and a fresh profile each time. Tests skip, saying why, where chromium is not installed;
/// .ci/run installs it.
/// </summary>
internal static partial class HeadlessChromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    /// <summary>The browser: $RECOUP_CHROMIUM, else the first of the usual paths that exists; null when none does.</summary>
    public static string? Path { get; } =
        Environment.GetEnvironmentVariable("RECOUP_CHROMIUM") is { Length: > 0 } configured && File.Exists(configured)
            ? configured
            : Candidates.FirstOrDefault(File.Exists);

    /// <summary>
    /// Skips the calling test, with the reason, when chromium is missing; fails it instead where
    /// $RECOUP_REQUIRE_CHROMIUM is set (.ci/run sets it after installing chromium, so CI never skips them silently).
    /// </summary>
    public static string Require()
    {
        if (Path is not null) return Path;
        const string reason = "chromium is not installed (apt-get install -y chromium; .ci/run installs it)";
        if (Environment.GetEnvironmentVariable("RECOUP_REQUIRE_CHROMIUM") is { Length: > 0 }) Assert.Fail(reason + ", and RECOUP_REQUIRE_CHROMIUM is set.");
        Assert.Ignore(reason + ": the browser tests are skipped.");
        return "";
    }

    /// <summary>The DOM of <paramref name="file"/> once loaded and its scripts have run, in a window of the given size.</summary>
    public static async Task<string> DumpDomAsync(string file, int width, int height) =>
        (await RunAsync([$"--window-size={width},{height}", "--dump-dom", new Uri(file).AbsoluteUri])).Out;

    /// <summary>A PNG of the page at the given window size.</summary>
    public static Task ScreenshotAsync(string file, string png, int width, int height) =>
        RunAsync([$"--window-size={width},{height}", "--hide-scrollbars", $"--screenshot={png}", new Uri(file).AbsoluteUri]);

    /// <summary>The page printed to PDF as the print dialog would (print media, the page's own @page size), without header and footer.</summary>
    public static Task PrintToPdfAsync(string file, string pdf) =>
        RunAsync(["--no-pdf-header-footer", $"--print-to-pdf={pdf}", new Uri(file).AbsoluteUri]);

    /// <summary>The text of <c>&lt;pre id="probe-result"&gt;</c> in a dumped DOM (what a probe script wrote).</summary>
    public static string ProbeResult(string dom)
    {
        var match = ProbePattern().Match(dom);
        if (!match.Success) Assert.Fail("The page has no probe result; its scripts did not run to the end. DOM starts: " + dom[..Math.Min(dom.Length, 500)]);
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static async Task<(string Out, string Err)> RunAsync(IEnumerable<string> args)
    {
        var browser = Require();
        var profile = Directory.CreateTempSubdirectory("recoup-chromium-").FullName;
        try
        {
            var info = new ProcessStartInfo(browser) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var flag in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage", $"--user-data-dir={profile}",
                     })
            {
                info.ArgumentList.Add(flag);
            }
            foreach (var arg in args) info.ArgumentList.Add(arg);
            using var process = Process.Start(info) ?? throw new InvalidOperationException("chromium could not be started.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish within 90 s: " + await error);
            }
            process.ExitCode.Should().Be(0, "chromium ran: " + await error);
            return (await output, await error);
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // A crash handler may still hold a file; the temp folder cleans up.
            }
        }
    }

    [GeneratedRegex("<pre id=\"probe-result\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ProbePattern();
}
