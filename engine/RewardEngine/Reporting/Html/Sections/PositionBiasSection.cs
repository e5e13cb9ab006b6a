namespace RewardEngine.Reporting.Html.Sections;

/// <summary>
/// Position bias: with --order both, the share of pairs whose verdict flips when the answers swap places; in any run,
/// how often the chosen answer wins when shown first against when shown second.
/// </summary>
internal sealed class PositionBiasSection : IReportSection
{
    public string Id => "position";
    public string Title => "Position bias";
    public bool AppliesTo(ReportInput input) => true;

    public void Write(ReportInput input, HtmlBuilder html)
    {
        bool flips = input.Stats.Overall.BothOrderPairs > 0 || (input.BaselineStats?.Overall.BothOrderPairs ?? 0) > 0;
        if (flips)
        {
            html.Paragraph("Flip rate: share of pairs judged in both orders (--order both) whose verdict changes when the answers swap places. An unbiased judge flips never.");
            html.Raw(SvgChart.Bars(html.NextChartId(), "Order flip rate", "pairs that flip", input.SubsetsWithOverall, input.SubsetSeries(s => s.FlipRate), yMax: 1.1));
        }
        else html.Paragraph("Neither run judged pairs in both orders, so no flip rate is measured (run eval with --order both for it).", "note");

        html.Paragraph("Chosen answer picked, by where it was shown: an unbiased judge picks it equally often in either place.");
        var series = new List<ChartSeries>();
        if (input.BaselineStats is { } b)
        {
            series.Add(new("baseline, chosen first", input.SubsetsWithOverall.Select(s => b.Find(s)?.ChosenFirstRate).ToList(), SvgChart.BaselineColor));
            series.Add(new("baseline, chosen second", input.SubsetsWithOverall.Select(s => b.Find(s)?.ChosenSecondRate).ToList(), "#d4d9e0"));
        }
        series.Add(new("chosen first", input.SubsetsWithOverall.Select(s => input.Stats.Find(s)?.ChosenFirstRate).ToList(), SvgChart.RunColor));
        series.Add(new("chosen second", input.SubsetsWithOverall.Select(s => input.Stats.Find(s)?.ChosenSecondRate).ToList(), SvgChart.AccentColor));
        html.Raw(SvgChart.Bars(html.NextChartId(), "Chosen answer picked by position", "games picking chosen", input.SubsetsWithOverall, series, yMax: 1.15));
        html.Table(["subset", "pairs in both orders", "flipped", "flip rate", "chosen first: picked", "chosen second: picked"],
            input.SubsetsWithOverall.Select(n => input.Stats.Find(n) is { } s
                ? (IReadOnlyList<string?>)[n, s.BothOrderPairs.ToString(), s.Flipped.ToString(), HtmlBuilder.Percent(s.FlipRate),
                    $"{s.ChosenFirstPicked}/{s.ChosenFirstGames} ({HtmlBuilder.Percent(s.ChosenFirstRate)})",
                    $"{s.ChosenSecondPicked}/{s.ChosenSecondGames} ({HtmlBuilder.Percent(s.ChosenSecondRate)})"]
                : [n, "0", "0", "n/a", "n/a", "n/a"]));
    }
}
