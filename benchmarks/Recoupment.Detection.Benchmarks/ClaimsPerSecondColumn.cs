using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Recoupment.Detection.Benchmarks;

/// <summary>A column with claims per second: the claims of the input divided by the mean time; and bytes allocated per claim.</summary>
public sealed class ClaimsPerSecondColumn(Func<long> claims) : IColumn
{
    public string Id => nameof(ClaimsPerSecondColumn);
    public string ColumnName => "Claims/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Claims in the input / Mean";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (mean is not > 0 || claims() == 0) return "NA";
        return (claims() / (mean.Value / 1e9)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
    }

    public override string ToString() => ColumnName;
}
