namespace RewardEngine.Reporting.Html;

/// <summary>What a report is made from: the run, its statistics, and the baseline with the diff when one is given.</summary>
internal sealed record ReportInput(RunOutput Run, RunStatistics Stats, RunOutput? Baseline, RunStatistics? BaselineStats, RunDiff? Diff)
{
    public bool HasBaseline => Baseline is not null;

    /// <summary>Subsets of either run, in order, then "overall".</summary>
    public IReadOnlyList<string> SubsetsWithOverall { get; } =
        [.. Stats.Subsets.Select(s => s.Subset).Union(BaselineStats?.Subsets.Select(s => s.Subset) ?? []).Order(StringComparer.Ordinal), "overall"];

    /// <summary>The run's series (and the baseline's before it) of one per-subset number.</summary>
    public IReadOnlyList<ChartSeries> SubsetSeries(Func<SubsetStatistics, double?> value, string format = "0.000")
    {
        var series = new List<ChartSeries>();
        if (BaselineStats is { } b)
            series.Add(new ChartSeries("baseline: " + Baseline!.Name, SubsetsWithOverall.Select(s => b.Find(s) is { } x ? value(x) : null).ToList(), SvgChart.BaselineColor, format));
        series.Add(new ChartSeries((HasBaseline ? "run: " : "") + Run.Name, SubsetsWithOverall.Select(s => Stats.Find(s) is { } x ? value(x) : null).ToList(), SvgChart.RunColor, format));
        return series;
    }
}
