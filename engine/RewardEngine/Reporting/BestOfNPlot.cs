using RewardEngine.Scoring;
using ScottPlot;

namespace RewardEngine.Reporting;

/// <summary>
/// The best-of-n figure, as the paper draws it: accuracy against n on a log2 axis, one line per selector
/// (the references oracle and random thin and grey). PNG for reading, SVG for pages.
/// </summary>
public static class BestOfNPlot
{
    private static readonly string[] Palette = ["#2f6db5", "#e07b39", "#4f9a4b", "#b5452f", "#7b5bb5", "#8c6d31", "#3a9fb0"];

    public static Plot Build(IReadOnlyList<SelectionAccuracy> cells, string metric, string title)
    {
        var plot = new Plot();
        plot.Title(title, size: 15);
        var ns = cells.Where(c => c.Metric == metric).Select(c => c.N).Distinct().Order().ToArray();
        var xs = ns.Select(n => Math.Log2(n)).ToArray();
        int color = 0;
        foreach (var selector in cells.Where(c => c.Metric == metric).Select(c => c.Selector).Distinct())
        {
            var ys = ns.Select(n => cells.First(c => c.Metric == metric && c.Selector == selector && c.N == n).Accuracy).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = selector;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            var reference = selector is SelectionTable.Oracle or SelectionTable.Random;
            line.Color = Color.FromHex(reference ? (selector == SelectionTable.Oracle ? "#555555" : "#999999") : Palette[color++ % Palette.Length]);
            // Thinner, grey and with open markers rather than dashed: Skia's SVG canvas cannot draw dash effects.
            if (reference) { line.LineWidth = 1; line.MarkerShape = MarkerShape.OpenCircle; }
        }
        plot.Axes.Bottom.SetTicks(xs, ns.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.XLabel("n (responses sampled per prompt, log2 scale)");
        plot.YLabel(metric.Replace('_', ' '));
        // From 0, to a little above the highest line: accuracies of a few percent stay readable.
        var top = cells.Where(c => c.Metric == metric).Select(c => c.Accuracy).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsY(0, Math.Min(1.02, top * 1.15 + 0.02));
        plot.Axes.SetLimitsX(xs.Length == 0 ? 0 : xs[0] - 0.3, xs.Length == 0 ? 1 : xs[^1] + 0.3);
        plot.ShowLegend(Edge.Right);
        string[] sans = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial"];
        var have = SkiaSharp.SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (sans.FirstOrDefault(have.Contains) is { } family) plot.Font.Set(family);
        return plot;
    }

    public static byte[] Png(Plot plot, int width = 900, int height = 520)
    {
        using var image = plot.GetImage(width, height);
        return image.GetImageBytes(ImageFormat.Png);
    }

    public static string Svg(Plot plot, int width = 900, int height = 520) => plot.GetSvgHtml(width, height);
}
