namespace RewardEngine.Reporting.Html.Sections;

/// <summary>How often the judger could not separate the answers.</summary>
internal sealed class TieSection : IReportSection
{
    public string Id => "ties";
    public string Title => "Tie rate";
    public bool AppliesTo(ReportInput input) => true;

    public void Write(ReportInput input, HtmlBuilder html)
    {
        html.Paragraph("Share of games (one A/B order of a pair) in which the judger's top score was shared: no signal separated the answers. A tie scores 0.5 with --ties half and 0 with --ties strict.");
        html.Raw(SvgChart.Bars(html.NextChartId(), Title, "tied games", input.SubsetsWithOverall, input.SubsetSeries(s => s.TieRate), yMax: 1.1));
        html.Table(["subset", "games", "tied", "tie rate", .. input.HasBaseline ? new[] { "baseline tie rate" } : []],
            input.SubsetsWithOverall.Select(name => input.Stats.Find(name) is { } s
                ? (IReadOnlyList<string?>)[name, s.Games.ToString(), s.TiedGames.ToString(), HtmlBuilder.Percent(s.TieRate),
                    .. input.HasBaseline ? new[] { HtmlBuilder.Percent(input.BaselineStats!.Find(name)?.TieRate) } : []]
                : [name, "0", "0", "n/a", .. input.HasBaseline ? new[] { HtmlBuilder.Percent(input.BaselineStats!.Find(name)?.TieRate) } : []]));
    }
}
