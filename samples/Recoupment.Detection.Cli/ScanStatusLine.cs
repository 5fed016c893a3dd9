using System.Diagnostics;
using System.Globalization;
using Recoupment.Detection.Matching;
using Spectre.Console;

namespace Recoupment.Detection.Cli;

/// <summary>
/// A one-line progress display for long scans, redrawn in place on standard error. It stays silent unless standard
/// error is a terminal and the run is long (more than <see cref="ManyFiles"/> files, or still running after
/// <see cref="QuietPeriod"/>), so redirected output and short runs carry no progress text at all.
/// </summary>
public sealed class ScanStatusLine : IProgress<ScanProgress>, IDisposable
{
    /// <summary>Runs over more files than this show progress from the start.</summary>
    public const int ManyFiles = 20;

    /// <summary>Shorter runs show progress only once they have run this long.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);

    private readonly TextWriter? _terminal;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private readonly Timer? _timer;
    private ScanProgress _latest;
    private int _drawnWidth;
    private bool _disposed;

    /// <summary>Creates the status line for a scan of <paramref name="files"/> files.</summary>
    /// <param name="error">Standard error; nothing is ever written unless it is a terminal.</param>
    /// <param name="files">The number of files to read.</param>
    public ScanStatusLine(TextWriter error, int files)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (!new AnsiConsoleOutput(error).IsTerminal) return;
        _terminal = error;
        _latest = new ScanProgress("Reading", 0, files, 0);
        // The timer keeps the elapsed time moving while one big file is read (progress arrives per file).
        var due = files > ManyFiles ? TimeSpan.Zero : QuietPeriod;
        _timer = new Timer(_ => Draw(), null, due, RedrawInterval);
    }

    /// <summary>True when the line can appear (standard error is a terminal).</summary>
    public bool IsActive => _terminal is not null;

    /// <inheritdoc />
    public void Report(ScanProgress value)
    {
        if (_terminal is null) return;
        lock (_lock) _latest = value;
    }

    /// <summary>Stops redrawing and erases the line, so that what follows starts on a clean line.</summary>
    public void Dispose()
    {
        if (_terminal is null) return;
        _timer?.Dispose();
        lock (_lock)
        {
            _disposed = true;
            if (_drawnWidth == 0) return;
            _terminal.Write("\r" + new string(' ', _drawnWidth) + "\r");
            _terminal.Flush();
        }
    }

    private void Draw()
    {
        lock (_lock)
        {
            if (_disposed || _terminal is null) return;
            var p = _latest;
            var seconds = (long)_clock.Elapsed.TotalSeconds;
            var text = p.Stage == "Matching"
                ? $"Matching remittances: {Count(p.Done)} of {Count(p.Total)}  ({seconds} s)"
                : $"Reading files: {Count(p.Done)} of {Count(p.Total)}, {Size(p.Bytes)}  ({seconds} s)";
            _terminal.Write("\r" + text.PadRight(_drawnWidth));
            _terminal.Flush();
            _drawnWidth = Math.Max(_drawnWidth, text.Length);
        }
    }

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A byte count as a reader says it: "812 B", "4.6 KB", "1.2 GB".</summary>
    public static string Size(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        var value = (double)bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? $"{bytes.ToString(CultureInfo.InvariantCulture)} B"
            : $"{value.ToString("0.0", CultureInfo.InvariantCulture)} {units[unit]}";
    }
}
