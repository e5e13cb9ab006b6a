using System.Text.RegularExpressions;
using System.Xml.Linq;
using RewardEngine.Reporting;
using RewardEngine.Tests.Commands;

namespace RewardEngine.Tests.Reporting;

[Collection(RealRunsCollection.Name)]
public sealed class HtmlReportTests(RealRunsFixture runs)
{
    private static readonly string[] SectionsWithBaseline = ["accuracy", "regressions", "ties", "position", "verifiers", "agreement", "cost", "provenance"];

    private string WriteReport(params string[] extra)
    {
        var file = Path.Combine(TestPaths.NewTempDirectory("rwd-report"), "report.html");
        var r = RewardCli.Run(["report", runs.B, .. extra, "--out", file]);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("wrote " + file, r.StdOut);
        return File.ReadAllText(file);
    }

    [Fact]
    public void Report_with_a_baseline_is_offline_and_has_an_svg_plot_in_every_section()
    {
        var html = WriteReport("--baseline", runs.A);

        Assert.DoesNotMatch(new Regex(@"(src|href)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex(@"<(script|link|iframe|img|object|embed)\b|@import|url\(\s*['""]?(https?:|//)", RegexOptions.IgnoreCase), html);

        var sections = Regex.Matches(html, @"<section id=""([a-z]+)"">(.*?)</section>", RegexOptions.Singleline);
        Assert.Equal(SectionsWithBaseline, sections.Select(m => m.Groups[1].Value));
        foreach (Match s in sections)
        {
            var svg = Regex.Match(s.Groups[2].Value, @"<svg\b.*?</svg>", RegexOptions.Singleline);
            Assert.True(svg.Success, $"section {s.Groups[1].Value} has no inline SVG");
            var doc = XDocument.Parse(svg.Value); // well-formed, drawable
            Assert.True(doc.Descendants().Count(e => e.Name.LocalName is "rect" or "path") > 5, $"section {s.Groups[1].Value}: an empty plot");
        }

        // Several SVGs share the document: ids must be unique and every url(#id) must point into the same chart.
        var ids = Regex.Matches(html, @"\bid=""([^""]+)""").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (Match u in Regex.Matches(html, @"url\(#([^)]+)\)")) Assert.Contains(u.Groups[1].Value, ids);

        // The numbers of the diff are on the page: 695 regressed pairs, the settings that differ.
        Assert.Contains("<td>overall</td><td>695</td><td>0.5000</td><td>0.0000</td><td>-0.5000</td><td>0</td><td>695</td>", html);
        Assert.Contains("<td>ties</td><td>half</td><td>strict</td>", html);
        Assert.Equal(RegressionSectionCap, Regex.Matches(html, "<details class=\"pair\"( open)?>").Count);
        Assert.Contains($"{695 - RegressionSectionCap} more regressed pairs: reward diff", html);
    }

    private const int RegressionSectionCap = 200;

    [Fact]
    public void Report_without_a_baseline_leaves_out_the_regressions_and_keeps_the_provenance()
    {
        var html = WriteReport();
        Assert.DoesNotContain("id=\"regressions\"", html);
        Assert.Equal(SectionsWithBaseline.Length - 1, Regex.Matches(html, "<section id=").Count);
        Assert.Equal(SectionsWithBaseline.Length - 1 + 1, Regex.Matches(html, "<svg ").Count); // position bias has two plots with --order both
        var run = RunOutput.Load(runs.B);
        Assert.Contains(run.Provenance.ConfigSha256!, html);
        foreach (var d in run.Provenance.Datasets) Assert.Contains(d.Sha256, html);
        Assert.Contains("<td>order</td><td>both</td>", html);
    }

    [Fact]
    public void Html_in_rationales_is_escaped()
    {
        var dir = TestPaths.NewTempDirectory("rwd-escape");
        foreach (var f in new[] { "results_grouped.json", "run.json" }) File.Copy(Path.Combine(runs.A, f), Path.Combine(dir, f));
        var lines = File.ReadAllLines(Path.Combine(runs.A, "scores.jsonl"))
            .Select(l => l.Replace("\"rationale\":\"", "\"rationale\":\"<script>alert(1)</script> "));
        File.WriteAllLines(Path.Combine(dir, "scores.jsonl"), lines);
        var html = HtmlReport.Render(RunOutput.Load(runs.B), RunOutput.Load(dir));
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }
}
