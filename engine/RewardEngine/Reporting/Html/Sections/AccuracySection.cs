namespace RewardEngine.Reporting.Html.Sections;

/// <summary>Per-subset accuracy against the baseline, with McNemar's exact test on the shared pairs.</summary>
internal sealed class AccuracySection : IReportSection
{
    public string Id => "accuracy";
    public string Title => "Accuracy per subset";
    public bool AppliesTo(ReportInput input) => true;

    public void Write(ReportInput input, HtmlBuilder html)
    {
        html.Paragraph("Pairwise accuracy of each run over its own pairs (what results_grouped.json reports): 1 when the chosen answer is picked, 0 for the rejected one, the tie value otherwise.");
        html.Raw(SvgChart.Bars(html.NextChartId(), Title, "accuracy", input.SubsetsWithOverall, input.SubsetSeries(s => s.Accuracy), yMax: 1.1));
        if (input.Diff is not { } d)
        {
            html.Table(["subset", "pairs", "accuracy", "results_grouped.json"],
                input.Stats.Subsets.Append(input.Stats.Overall).Select(s => (IReadOnlyList<string?>)[s.Subset, s.Pairs.ToString(), HtmlBuilder.Number(s.Accuracy),
                    HtmlBuilder.Number(s.Subset == "overall" ? input.Run.ReportedOverall : input.Run.ReportedAccuracy.TryGetValue(s.Subset, out var r) ? r : null)]));
            return;
        }
        html.Paragraph($"On the {d.SharedPairs} pairs both runs judged" +
            (d.A.NotShared + d.B.NotShared > 0 ? $" ({d.B.NotShared} only in this run, {d.A.NotShared} only in the baseline, not compared)" : "") +
            ": a change is beyond noise when McNemar's exact test on the pairs that changed gives p < 0.05.");
        html.Table(["subset", "shared pairs", "baseline", "run", "change", "improved", "regressed", "p (McNemar exact)", ""],
            d.Subsets.Append(d.Overall).Select(s => (IReadOnlyList<string?>)[s.Subset, s.Shared.ToString(), HtmlBuilder.Number(s.AccuracyA), HtmlBuilder.Number(s.AccuracyB),
                s.Change is { } c ? HtmlBuilder.Change(c) : "n/a", s.Improved.ToString(), s.Regressed.ToString(), s.Shared == 0 ? "n/a" : HtmlBuilder.PValue(s.PValue),
                s.Shared == 0 ? "not shared" : s.Improved + s.Regressed == 0 ? "no change" : s.BeyondNoise ? "beyond noise" : "within noise"]));
        if (d.Settings.Count > 0)
            html.Table(["what differs", "baseline", "run"], d.Settings.Select(s => (IReadOnlyList<string?>)[s.Setting, s.A ?? "(none)", s.B ?? "(none)"]));
    }
}
