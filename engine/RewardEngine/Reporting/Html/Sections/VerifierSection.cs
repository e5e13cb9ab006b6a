namespace RewardEngine.Reporting.Html.Sections;

/// <summary>How often the router sent a pair to each verifier, and how often it failed.</summary>
internal sealed class VerifierSection : IReportSection
{
    public string Id => "verifiers";
    public string Title => "Verifiers applied";
    public bool AppliesTo(ReportInput input) => true;

    public void Write(ReportInput input, HtmlBuilder html)
    {
        html.Paragraph("Share of games in which each signal applied (the router chose it and it scored or failed). The base reward model applies to every game when the profile has one.");
        var names = SignalNames(input);
        var categories = names.Count > 0 ? names : ["no signal applied"];
        var series = new List<ChartSeries>();
        if (input.BaselineStats is { } b) series.Add(new("baseline: " + input.Baseline!.Name, categories.Select(n => Rate(b, n)).ToList(), SvgChart.BaselineColor));
        series.Add(new((input.HasBaseline ? "run: " : "") + input.Run.Name, categories.Select(n => Rate(input.Stats, n)).ToList(), SvgChart.RunColor));
        html.Raw(SvgChart.Bars(html.NextChartId(), Title, "games applied", categories, series, yMax: 1.1));
        if (names.Count == 0) { html.Paragraph("No signal applied to any pair: every verdict is a tie.", "note"); return; }
        html.Table(["signal", "kind", "games", "scored", "failed", "applied", .. input.HasBaseline ? new[] { "baseline applied", "baseline failed" } : []],
            names.Select(n =>
            {
                var s = input.Stats.Signals.FirstOrDefault(x => x.Signal == n);
                var bs = input.BaselineStats?.Signals.FirstOrDefault(x => x.Signal == n);
                return (IReadOnlyList<string?>)[n, s?.Kind ?? bs?.Kind, input.Stats.Overall.Games.ToString(), (s?.Scored ?? 0).ToString(), (s?.Failed ?? 0).ToString(),
                    HtmlBuilder.Percent(s?.AppliedRate ?? 0),
                    .. input.HasBaseline ? new[] { HtmlBuilder.Percent(bs?.AppliedRate ?? 0), (bs?.Failed ?? 0).ToString() } : []];
            }));
    }

    internal static IReadOnlyList<string> SignalNames(ReportInput input) =>
        input.Stats.Signals.Select(s => s.Signal).Union(input.BaselineStats?.Signals.Select(s => s.Signal) ?? []).Order(StringComparer.Ordinal).ToList();

    private static double? Rate(RunStatistics stats, string name) =>
        stats.Signals.FirstOrDefault(s => s.Signal == name)?.AppliedRate ?? 0;
}
