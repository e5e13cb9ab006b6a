using System.Globalization;

namespace RewardEngine.Reporting.Html.Sections;

/// <summary>The pairs the run got worse on than the baseline, each with both runs' signals and rationales.</summary>
internal sealed class RegressionSection : IReportSection
{
    /// <summary>Pairs shown in full; the rest are counted (reward diff --json has them all).</summary>
    internal const int MaxPairs = 200;
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    public string Id => "regressions";
    public string Title => "Regressed pairs";
    public bool AppliesTo(ReportInput input) => input.Diff is not null;

    public void Write(ReportInput input, HtmlBuilder html)
    {
        var d = input.Diff!;
        var regressed = d.Changed.Where(c => c.ResultB < c.ResultA).ToList();
        html.Paragraph($"Shared pairs whose result went down against the baseline ({regressed.Count}) or up ({d.Changed.Count - regressed.Count}), by subset. Below, each regressed pair with what made the difference and both runs' signals side by side.");
        var categories = d.Subsets.Select(s => s.Subset).Append("overall").ToList();
        var rows = d.Subsets.Append(d.Overall).ToList();
        html.Raw(SvgChart.Bars(html.NextChartId(), "Pairs that changed result", "pairs", categories,
        [
            new ChartSeries("regressed", rows.Select(r => (double?)r.Regressed).ToList(), SvgChart.AccentColor, "0"),
            new ChartSeries("improved", rows.Select(r => (double?)r.Improved).ToList(), SvgChart.GoodColor, "0"),
        ]));
        if (regressed.Count == 0) { html.Paragraph("No shared pair regressed.", "note"); return; }
        var causes = regressed.GroupBy(c => c.Cause.Signal ?? c.Cause.Kind.ToString().ToLowerInvariant()).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key} {g.Count()}");
        html.Paragraph("What made the difference: " + string.Join(", ", causes) + ".");
        html.Raw("<div class=\"pairs\">\n");
        // The first (largest drop) opens by itself: a reader sees what a pair's detail holds without a click.
        foreach (var (c, i) in regressed.Take(MaxPairs).Select((c, i) => (c, i))) WritePair(c, html, open: i == 0);
        html.Raw("</div>\n");
        if (regressed.Count > MaxPairs)
            html.Paragraph($"{regressed.Count - MaxPairs} more regressed pairs: reward diff {input.Baseline!.Directory} {input.Run.Directory} --json lists them all.", "note");
    }

    private static void WritePair(ChangedPair c, HtmlBuilder html, bool open)
    {
        html.Raw(open ? "<details class=\"pair\" open><summary>" : "<details class=\"pair\"><summary>").Text(c.Key.ToString()).Raw(" <span class=\"subset\">").Text(c.Subset).Raw("</span> ")
            .Text(string.Format(Ci, "{0:0.###} → {1:0.###}", c.ResultA, c.ResultB)).Raw(" <span class=\"cause\">").Text(c.Cause.Signal ?? c.Cause.Kind.ToString().ToLowerInvariant())
            .Raw("</span></summary>\n");
        html.Paragraph("Why: " + c.Cause.Explanation, "why");
        html.Raw("<table class=\"side\"><thead><tr><th></th><th>baseline</th><th>run</th></tr></thead><tbody>\n");
        Row(html, "verdict", null, Games(c.InA, g => $"{Order(g.Order)}: picked {g.Picked} ({g.Judger}: chosen {N(g.JudgeChosen)}, rejected {N(g.JudgeRejected)})"),
            Games(c.InB, g => $"{Order(g.Order)}: picked {g.Picked} ({g.Judger}: chosen {N(g.JudgeChosen)}, rejected {N(g.JudgeRejected)})"));
        Row(html, "judger rationale", null, Games(c.InA, g => g.Rationale), Games(c.InB, g => g.Rationale));
        Row(html, "route", null, Games(c.InA, g => g.Route), Games(c.InB, g => g.Route));
        var names = c.InA.Games.Concat(c.InB.Games).SelectMany(g => g.Signals.Select(s => s.Name).Concat(g.Errors.Select(e => e.Name))).Distinct();
        foreach (var name in names)
            Row(html, name, name == c.Cause.Signal ? "made-the-difference" : null, Signal(c.InA, name), Signal(c.InB, name));
        html.Raw("</tbody></table></details>\n");
    }

    private static void Row(HtmlBuilder html, string label, string? cssClass, string a, string b)
    {
        html.Raw(cssClass is null ? "<tr>" : $"<tr class=\"{cssClass}\">").Raw("<th>").Text(label).Raw("</th><td>").Text(a).Raw("</td><td>").Text(b).Raw("</td></tr>\n");
    }

    private static string Signal(PairView side, string name) => Games(side, g =>
        g.Signals.FirstOrDefault(s => s.Name == name) is { } s
            ? $"{Order(g.Order)}: chosen {N(s.Chosen)}, rejected {N(s.Rejected)} → {s.Prefers.Word()}\n{s.Rationale}"
            : g.Errors.FirstOrDefault(e => e.Name == name) is { } e ? $"{Order(g.Order)}: failed: {e.Message}" : $"{Order(g.Order)}: did not run");

    private static string Games(PairView side, Func<GameView, string> text) => string.Join("\n\n", side.Games.Select(text));

    private static string Order(string order) => order == Evaluation.GameRecord.ChosenFirst ? "chosen first" : "rejected first";
    private static string N(double? x) => x is { } v ? v.ToString("0.###", Ci) : "n/a";
}
