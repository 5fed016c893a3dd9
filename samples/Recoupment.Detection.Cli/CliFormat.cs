using System.Globalization;

namespace Recoupment.Detection.Cli;

/// <summary>
/// The one number format of the command line: invariant culture, thousands separators, amounts with two decimals,
/// dates yyyy-MM-dd. Every table and sentence formats through here, so that 1,234.50 reads the same everywhere.
/// </summary>
public static class CliFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>An amount: "1,234.50".</summary>
    public static string Money(decimal amount) => amount.ToString("N2", Invariant);

    /// <summary>A count: "12,345".</summary>
    public static string Count(long count) => count.ToString("N0", Invariant);

    /// <summary>"1 file", "2,309 files".</summary>
    public static string Plural(long count, string noun) => $"{Count(count)} {noun}{(count == 1 ? "" : "s")}";

    /// <summary>"12 (1,234.50)": a count and its money.</summary>
    public static string Tally(long count, decimal amount) => $"{Count(count)} ({Money(amount)})";

    /// <summary>A date: "2026-05-21".</summary>
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

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
        return unit == 0 ? $"{Count(bytes)} B" : $"{value.ToString("0.0", Invariant)} {units[unit]}";
    }
}
