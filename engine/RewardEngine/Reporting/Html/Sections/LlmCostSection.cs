namespace RewardEngine.Reporting.Html.Sections;

/// <summary>What the LLM roles (planner, coder, factuality) cost per pair.</summary>
internal sealed class LlmCostSection : IReportSection
{
    public string Id => "cost";
    public string Title => "LLM cost per pair";
    public bool AppliesTo(ReportInput input) => true;

    public void Write(ReportInput input, HtmlBuilder html)
    {
        html.Paragraph("Tokens the LLM roles generated per pair (all games of the pair), by subset. Calls and parse failures are in the table.");
        html.Raw(SvgChart.Bars(html.NextChartId(), "Generated tokens per pair", "tokens per pair", input.SubsetsWithOverall, input.SubsetSeries(s => s.TokensPerPair, "0.#")));
        if (input.Stats.Overall.LlmCalls == 0 && (input.BaselineStats?.Overall.LlmCalls ?? 0) == 0)
            html.Paragraph("No LLM call was made (a profile without LLM roles, or no verifier needed one).", "note");
        html.Table(["subset", "pairs", "LLM calls", "calls per pair", "generated tokens", "tokens per pair", "parse failures", .. input.HasBaseline ? new[] { "baseline tokens per pair" } : []],
            input.SubsetsWithOverall.Select(n => input.Stats.Find(n) is { } s
                ? (IReadOnlyList<string?>)[n, s.Pairs.ToString(), s.LlmCalls.ToString(), HtmlBuilder.Number(s.LlmCallsPerPair, "0.00"), s.GeneratedTokens.ToString(),
                    HtmlBuilder.Number(s.TokensPerPair, "0.0"), s.ParseFailures.ToString(),
                    .. input.HasBaseline ? new[] { HtmlBuilder.Number(input.BaselineStats!.Find(n)?.TokensPerPair, "0.0") } : []]
                : [n, "0", "0", "n/a", "0", "n/a", "0", .. input.HasBaseline ? new[] { HtmlBuilder.Number(input.BaselineStats!.Find(n)?.TokensPerPair, "0.0") } : []]));
    }
}
