namespace RewardEngine.Reporting.Html.Sections;

/// <summary>How often each signal's own preference matched the final verdict, and the human label.</summary>
internal sealed class SignalAgreementSection : IReportSection
{
    public string Id => "agreement";
    public string Title => "Signal agreement with the verdict";
    public bool AppliesTo(ReportInput input) => true;

    public void Write(ReportInput input, HtmlBuilder html)
    {
        html.Paragraph("For each signal, over the games it scored: how often the answer it scored higher (or a tie) was the judger's final pick, and how often it scored the chosen answer higher. A signal that agrees with the verdict but rarely prefers the chosen answer is steering the judge the wrong way.");
        var names = VerifierSection.SignalNames(input);
        var categories = names.Count > 0 ? names : ["no signal scored"];
        var series = new List<ChartSeries>();
        if (input.BaselineStats is { } b)
            series.Add(new("baseline: agrees with verdict", categories.Select(n => b.Signals.FirstOrDefault(s => s.Signal == n)?.AgreementRate).ToList(), SvgChart.BaselineColor));
        series.Add(new("agrees with verdict", categories.Select(n => input.Stats.Signals.FirstOrDefault(s => s.Signal == n)?.AgreementRate).ToList(), SvgChart.RunColor));
        series.Add(new("prefers chosen", categories.Select(n => input.Stats.Signals.FirstOrDefault(s => s.Signal == n)?.ChosenRate).ToList(), SvgChart.GoodColor));
        html.Raw(SvgChart.Bars(html.NextChartId(), Title, "share of scored games", categories, series, yMax: 1.15));
        if (names.Count == 0) { html.Paragraph("No signal scored any game.", "note"); return; }
        html.Table(["signal", "games scored", "agreed with verdict", "preferred chosen", .. input.HasBaseline ? new[] { "baseline agreed", "baseline preferred chosen" } : []],
            names.Select(n =>
            {
                var s = input.Stats.Signals.FirstOrDefault(x => x.Signal == n);
                var bs = input.BaselineStats?.Signals.FirstOrDefault(x => x.Signal == n);
                return (IReadOnlyList<string?>)[n, (s?.Scored ?? 0).ToString(), HtmlBuilder.Percent(s?.AgreementRate), HtmlBuilder.Percent(s?.ChosenRate),
                    .. input.HasBaseline ? new[] { HtmlBuilder.Percent(bs?.AgreementRate), HtmlBuilder.Percent(bs?.ChosenRate) } : []];
            }));
    }
}
