using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Recoupment.Detection.Benchmarks;

/// <summary>A column with the throughput over the benchmark input: input bytes divided by the mean time, in MB/s or GB/s (10^6 / 10^9 bytes per second).</summary>
public sealed class ThroughputColumn(string name, double unitBytes, Func<long> inputSize) : IColumn
{
    public string Id => nameof(ThroughputColumn) + "." + name;
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"Input bytes ({inputSize():N0}) / Mean, in {name.Replace("/s", "", StringComparison.Ordinal)} (10^{Math.Log10(unitBytes):F0} bytes) per second";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (mean is not > 0) return "NA";
        var bytesPerSecond = inputSize() / (mean.Value / 1e9);
        return (bytesPerSecond / unitBytes).ToString(unitBytes >= 1e9 ? "N2" : "N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public override string ToString() => ColumnName;
}
