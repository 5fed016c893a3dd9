using Recoupment.Detection.Matching;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Recoupment.Detection.Cli;

/// <summary>
/// Progress of a long scan on standard error, with Spectre.Console: one bar for reading (by bytes, with the rate in
/// MB/s and the time left) and one for matching (by remittances, with their rate and the time left). Silent unless
/// standard error is a terminal and the run is long (more than <see cref="ManyFiles"/> files, or still running after
/// <see cref="QuietPeriod"/>): redirected output and short runs carry no progress text at all. The bars are erased
/// when the scan ends, also when it is interrupted.
/// </summary>
public sealed class ScanProgressDisplay : IProgress<ScanProgress>
{
    /// <summary>Runs over more files than this show progress from the start.</summary>
    public const int ManyFiles = 20;

    /// <summary>Shorter runs show progress only once they have run this long.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(100);
    private readonly Lock _lock = new();
    private ScanProgress _latest;

    /// <summary>The latest progress reported (thread-safe: the scanner reports from its reading threads).</summary>
    public ScanProgress Latest
    {
        get
        {
            lock (_lock) return _latest;
        }
    }

    /// <inheritdoc />
    public void Report(ScanProgress value)
    {
        lock (_lock)
        {
            // Files finish out of order on several threads: never let the bars go back.
            if (value.Stage == _latest.Stage && value.Bytes < _latest.Bytes) value = value with { Bytes = _latest.Bytes };
            _latest = value;
        }
    }

    /// <summary>
    /// Shows the bars on <paramref name="console"/> until <paramref name="scan"/> ends (whether it succeeds, fails or is
    /// cancelled); returns at once when the console is not an interactive terminal.
    /// </summary>
    /// <param name="console">Standard error's console.</param>
    /// <param name="scan">The running scan, which reports to this display.</param>
    /// <param name="files">The number of files to read.</param>
    /// <param name="totalBytes">Their size.</param>
    public async Task ShowAsync(IAnsiConsole console, Task scan, int files, long totalBytes)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(scan);
        if (!console.Profile.Capabilities.Interactive || !console.Profile.Capabilities.Ansi) return;
        if (files <= ManyFiles && await Task.WhenAny(scan, Task.Delay(QuietPeriod)).ConfigureAwait(false) == scan) return;

        await console.Progress()
            .AutoClear(true)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new AmountColumn(), new RateColumn(),
                new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var reading = context.AddTask("Reading files", maxValue: Math.Max(1, totalBytes));
                var matching = context.AddTask("Matching", autoStart: false, maxValue: 1);
                matching.State.Update<bool>(CountsRemittances, _ => true);
                while (true)
                {
                    var p = Latest;
                    if (p.Stage == "Matching")
                    {
                        reading.Value = reading.MaxValue;
                        reading.StopTask();
                        if (!matching.IsStarted) matching.StartTask();
                        matching.MaxValue = Math.Max(1, p.Total);
                        matching.Value = p.Done;
                    }
                    else
                    {
                        reading.Value = Math.Min(reading.MaxValue, p.Bytes);
                    }
                    if (scan.IsCompleted) break;
                    await Task.WhenAny(scan, Task.Delay(Refresh)).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
    }

    // A task's unit: bytes (reading), or remittances (matching) when this flag is set in its state.
    private const string CountsRemittances = "remittances";
    private const string Bytes = "bytes";

    private static string UnitOf(ProgressTask task) => task.State.Get<bool>(CountsRemittances) ? CountsRemittances : Bytes;

    /// <summary>"12.3 MB of 100.0 MB", or "1,234 of 8,634 remittances".</summary>
    private sealed class AmountColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            var unit = UnitOf(task);
            var text = unit == Bytes
                ? $"{CliFormat.Size((long)task.Value)} of {CliFormat.Size((long)task.MaxValue)}"
                : $"{CliFormat.Count((long)task.Value)} of {CliFormat.Count((long)task.MaxValue)} {unit}";
            return new Text(text, new Style(Color.Grey));
        }
    }

    /// <summary>"45.2 MB/s", or "12,345 remittances/s".</summary>
    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            if (task.Speed is not { } speed || !task.IsStarted) return new Text("");
            var unit = UnitOf(task);
            return new Text(unit == Bytes ? $"{CliFormat.Size((long)speed)}/s" : $"{CliFormat.Count((long)speed)} {unit}/s", new Style(Color.Grey));
        }
    }
}
