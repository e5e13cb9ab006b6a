using RewardEngine.Diagnostics;
using RewardEngine.Reporting.Html;

namespace RewardEngine.Reporting;

/// <summary>
/// <c>reward report</c>: one self-contained HTML file about an eval run (against a baseline run when given): inline
/// style, plots drawn by ScottPlot as inline SVG, no script and nothing fetched, so it opens offline and can be
/// attached to a CI run as it is.
/// </summary>
public static class HtmlReport
{
    /// <summary>The page for <paramref name="run"/>, compared with <paramref name="baseline"/> when given.</summary>
    public static string Render(RunOutput run, RunOutput? baseline)
    {
        var stats = RunStatistics.Of(run);
        var input = new ReportInput(run, stats, baseline, baseline is null ? null : RunStatistics.Of(baseline),
            baseline is null ? null : RunComparer.Compare(baseline, run));
        return ReportPage.Render(input, ReportSections.All.Where(s => s.AppliesTo(input)).ToList());
    }

    /// <summary>Reads the folders, writes the page to <paramref name="outputFile"/> (replaced atomically) and returns its size in bytes.</summary>
    public static long Write(string runDirectory, string? baselineDirectory, string outputFile)
    {
        string html;
        if (Directory.Exists(runDirectory) && BestOfNReport.IsBestOfNFolder(runDirectory))
        {
            if (baselineDirectory is not null)
                throw new RunOutputException($"{baselineDirectory}: --baseline compares eval runs; a best-of-n folder's report shows its own accuracy against n");
            html = BestOfNReport.Render(runDirectory);
        }
        else
        {
            var run = RunOutput.Load(runDirectory);
            var baseline = baselineDirectory is null ? null : RunOutput.Load(baselineDirectory);
            html = Render(run, baseline);
        }
        var full = Path.GetFullPath(outputFile);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp";
        File.WriteAllText(tmp, html);
        File.Move(tmp, full, overwrite: true);
        return new FileInfo(full).Length;
    }
}
