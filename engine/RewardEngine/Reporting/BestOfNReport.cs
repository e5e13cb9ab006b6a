using System.Globalization;
using System.Text.Json;
using RewardEngine.Diagnostics;
using RewardEngine.Reporting.Html;
using RewardEngine.Scoring;

namespace RewardEngine.Reporting;

/// <summary>
/// <c>reward report</c> of a <c>reward bon</c> folder: per metric, the accuracy-against-n plot (inline SVG, the same
/// figure as best_of_n.svg) and its table, selectors as rows and n as columns. Read from the folder's accuracy.json.
/// </summary>
internal static class BestOfNReport
{
    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web);

    /// <summary>Whether <paramref name="directory"/> is an output folder of <c>reward bon</c>.</summary>
    public static bool IsBestOfNFolder(string directory) =>
        File.Exists(Path.Combine(directory, Jobs.BestOfN.BestOfNJob.AccuracyFile))
        && Directory.EnumerateFiles(directory, "results_best_of_*.jsonl").Any();

    public static string Render(string directory)
    {
        var file = Path.Combine(directory, Jobs.BestOfN.BestOfNJob.AccuracyFile);
        List<SelectionAccuracy>? cells;
        try { cells = JsonSerializer.Deserialize<List<SelectionAccuracy>>(File.ReadAllBytes(file), ReadOptions); }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new RunOutputException($"{file}: cannot read the best-of-n accuracies ({e.Message.Split('\n')[0]})");
        }
        if (cells is null || cells.Count == 0) throw new RunOutputException($"{file}: no best-of-n accuracies (did the run finish?)");

        var name = Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar));
        var html = new HtmlBuilder();
        html.Raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").Text($"RewardEngine best-of-n report: {name}")
            .Raw("</title>\n<style>").Raw(ReportPage.Style).Raw("</style></head>\n<body>\n<header>\n");
        html.Element("h1", $"RewardEngine best-of-n report: {name}");
        html.Raw("<p class=\"meta\">").Text(Path.GetFullPath(directory)).Raw("</p>\n</header>\n<main>\n");
        foreach (var metric in cells.Select(c => c.Metric).Distinct())
        {
            html.Raw($"<section id=\"{metric}\">\n");
            html.Element("h2", $"Accuracy against n: {metric.Replace('_', ' ')}");
            var svg = BestOfNPlot.Svg(BestOfNPlot.Build(cells, metric, metric.Replace('_', ' ')));
            html.Raw(svg.Replace("<svg ", "<svg class=\"plot\" ", StringComparison.Ordinal));
            var ns = cells.Where(c => c.Metric == metric).Select(c => c.N).Distinct().Order().ToList();
            var rows = cells.Where(c => c.Metric == metric).Select(c => c.Selector).Distinct()
                .Select(s => (IReadOnlyList<string?>)[s, .. ns.Select(n => cells.FirstOrDefault(c => c.Metric == metric && c.Selector == s && c.N == n) is { } c
                    ? HtmlBuilder.Number(c.Accuracy) : "n/a")]);
            html.Table(["selector", .. ns.Select(n => "n = " + n.ToString(CultureInfo.InvariantCulture))], rows);
            html.Raw("</section>\n");
        }
        html.Raw("</main>\n<footer>").Text($"Written by reward report (RewardEngine {EngineInfo.Version}) from {Jobs.BestOfN.BestOfNJob.AccuracyFile}.")
            .Raw("</footer>\n</body></html>\n");
        return html.ToString();
    }
}
