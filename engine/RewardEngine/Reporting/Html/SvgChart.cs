using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;

namespace RewardEngine.Reporting.Html;

/// <summary>One bar series of a chart: a value per category, null where there is none.</summary>
internal sealed record ChartSeries(string Name, IReadOnlyList<double?> Values, string Color, string Format = "0.000");

/// <summary>
/// Plots drawn by ScottPlot and returned as inline SVG for an HTML page: the XML declaration dropped, element ids
/// made unique per chart (several SVGs share one document's id space, and ScottPlot numbers its clip paths from the
/// same start in every plot), a viewBox so the chart scales with the page, and a generic font family as fallback.
/// </summary>
internal static partial class SvgChart
{
    public const string RunColor = "#2f6db5";
    public const string BaselineColor = "#aab3c0";
    public const string AccentColor = "#e07b39";
    public const string GoodColor = "#4f9a4b";

    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;

    /// <summary>A sans-serif family the machine has, found once: text is measured with it and the browser asked for it.</summary>
    private static readonly Lazy<string?> SansFamily = new(() =>
    {
        string[] wanted = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica"];
        var have = SkiaSharp.SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return wanted.FirstOrDefault(have.Contains);
    });

    /// <summary>Grouped bars: one group per category, one bar per series, each labelled with its value.</summary>
    public static string Bars(string id, string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series,
        double? yMax = null, int width = 900, int height = 300)
    {
        var plot = NewPlot(title);
        double group = 0.8, size = group / Math.Max(1, series.Count);
        double top = 0;
        for (int s = 0; s < series.Count; s++)
        {
            var bars = new List<Bar>();
            for (int i = 0; i < categories.Count; i++)
            {
                if (series[s].Values[i] is not { } v) continue;
                top = Math.Max(top, v);
                bars.Add(new Bar
                {
                    Position = i + (s - (series.Count - 1) / 2.0) * size,
                    Value = v,
                    Size = size * 0.92,
                    FillColor = Color.FromHex(series[s].Color),
                    LineWidth = 0,
                    Label = v.ToString(series[s].Format, Ci),
                });
            }
            var plottable = plot.Add.Bars(bars);
            plottable.LegendText = series[s].Name;
            plottable.ValueLabelStyle.FontSize = series.Count * categories.Count > 24 ? 8 : 10;
            if (SansFamily.Value is { } family) plottable.ValueLabelStyle.FontName = family; // Plot.Font.Set leaves value labels alone
            if (bars.Count == 0) plottable.LegendText = series[s].Name + " (none)";
        }
        CategoryAxis(plot, categories, width);
        double max = yMax ?? (top <= 0 ? 1 : top * 1.18);
        plot.Axes.SetLimitsY(0, max);
        plot.Axes.SetLimitsX(-0.6, categories.Count - 0.4);
        plot.YLabel(yLabel);
        if (series.Count > 1) plot.ShowLegend(Edge.Bottom); else plot.HideLegend();
        return Finish(plot, id, title, width, height);
    }

    private static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Title(title, size: 15);
        return plot;
    }

    private static void CategoryAxis(Plot plot, IReadOnlyList<string> categories, int width)
    {
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), categories.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        // Long or many labels overlap when level: tilt them.
        double perLabel = (width - 80.0) / Math.Max(1, categories.Count);
        if (categories.Any(c => c.Length * 7.5 > perLabel))
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        }
    }

    private static string Finish(Plot plot, string id, string title, int width, int height)
    {
        if (SansFamily.Value is { } family) plot.Font.Set(family);
        var svg = plot.GetSvgHtml(width, height);
        svg = XmlDeclaration().Replace(svg, "");
        svg = IdAttribute().Replace(svg, m => $"id=\"{id}-{m.Groups[1].Value}\"");
        svg = UrlReference().Replace(svg, m => $"url(#{id}-{m.Groups[1].Value})");
        svg = HashReference().Replace(svg, m => $"{m.Groups[1].Value}=\"#{id}-{m.Groups[2].Value}\"");
        svg = FontFamily().Replace(svg, m => $"font-family=\"{m.Groups[1].Value}, sans-serif\"");
        svg = SvgOpen().Replace(svg, $"<svg viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{System.Net.WebUtility.HtmlEncode(title)}\" class=\"plot\" ", 1);
        return svg.Trim();
    }

    [GeneratedRegex(@"<\?xml[^>]*\?>\s*")] private static partial Regex XmlDeclaration();
    [GeneratedRegex("\\bid=\"([^\"]+)\"")] private static partial Regex IdAttribute();
    [GeneratedRegex(@"url\(#([^)]+)\)")] private static partial Regex UrlReference();
    [GeneratedRegex("\\b((?:xlink:)?href)=\"#([^\"]+)\"")] private static partial Regex HashReference();
    [GeneratedRegex("font-family=\"([^\",]+)\"")] private static partial Regex FontFamily();
    [GeneratedRegex(@"<svg\s")] private static partial Regex SvgOpen();
}
