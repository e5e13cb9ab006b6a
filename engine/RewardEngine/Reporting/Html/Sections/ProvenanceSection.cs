namespace RewardEngine.Reporting.Html.Sections;

/// <summary>What produced the results (run.json): engine, config, data and model hashes, settings.</summary>
internal sealed class ProvenanceSection : IReportSection
{
    public string Id => "provenance";
    public string Title => "Provenance";
    public bool AppliesTo(ReportInput input) => true;

    public void Write(ReportInput input, HtmlBuilder html)
    {
        html.Paragraph("From each folder's run.json. The pairs per data file show what each run covered.");
        var files = input.Run.Provenance.Datasets.Select(d => d.FileName)
            .Union(input.Baseline?.Provenance.Datasets.Select(d => d.FileName) ?? []).ToList();
        var categories = files.Count > 0 ? files : input.Run.Pairs.Select(p => p.Key.Dataset).Distinct().ToList();
        var series = new List<ChartSeries>();
        if (input.Baseline is { } b) series.Add(new("baseline: " + b.Name, categories.Select(f => (double?)b.Pairs.Count(p => p.Key.Dataset == f)).ToList(), SvgChart.BaselineColor, "0"));
        series.Add(new((input.HasBaseline ? "run: " : "") + input.Run.Name, categories.Select(f => (double?)input.Run.Pairs.Count(p => p.Key.Dataset == f)).ToList(), SvgChart.RunColor, "0"));
        html.Raw(SvgChart.Bars(html.NextChartId(), "Pairs per data file", "pairs", categories.Count > 0 ? categories : ["no pairs"], series, height: 260));

        var runs = new List<RunOutput> { input.Run };
        if (input.Baseline is { } bl) runs.Add(bl);
        string[] headers = ["", .. input.HasBaseline ? new[] { "run", "baseline" } : ["run"]];
        html.Table(headers, new (string Label, Func<RunOutput, string?> Value)[]
        {
            ("folder", r => r.Directory),
            ("engine version", r => r.Provenance.Version),
            ("run key", r => r.Provenance.RunKey),
            ("config", r => r.Provenance.ConfigSource),
            ("profile", r => r.Provenance.Profile),
            ("config sha256", r => r.Provenance.ConfigSha256),
            ("seed", r => r.Provenance.Seed?.ToString()),
            ("ties", r => r.Provenance.Ties),
            ("order", r => r.Provenance.Order),
            ("limit", r => r.Provenance.Limit?.ToString() ?? "none"),
            ("pairs", r => r.Pairs.Count.ToString()),
            ("pairs per second", r => HtmlBuilder.Number(r.Provenance.PairsPerSecond, "0.00")),
        }.Select(row => (IReadOnlyList<string?>)[row.Label, .. runs.Select(row.Value)]), "provenance");

        foreach (var r in runs)
        {
            html.Element("h3", (r == input.Run ? "Data and models of the run" : "Data and models of the baseline"));
            html.Table(["file", "pairs", "sha256"], r.Provenance.Datasets.Select(d => (IReadOnlyList<string?>)[d.File, d.Pairs.ToString(), d.Sha256]), "provenance");
            if (r.Provenance.Models.Count > 0)
                html.Table(["model", "file", "sha256"], r.Provenance.Models.Select(m => (IReadOnlyList<string?>)[m.Key, m.Path, m.Sha256]), "provenance");
            else html.Paragraph("No model files (a profile without models).", "note");
        }
    }
}
