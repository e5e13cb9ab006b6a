namespace RewardEngine.Reporting.Html;

/// <summary>The page around the sections: inline style, headline numbers and navigation. Nothing is loaded from elsewhere.</summary>
internal static class ReportPage
{
    public static string Render(ReportInput input, IReadOnlyList<IReportSection> sections)
    {
        var html = new HtmlBuilder();
        html.Raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
            .Text($"RewardEngine report: {input.Run.Name}").Raw("</title>\n<style>").Raw(Style).Raw("</style></head>\n<body>\n<header>\n");
        html.Element("h1", $"RewardEngine report: {input.Run.Name}");
        html.Raw("<p class=\"meta\">").Text(input.Run.Directory);
        if (input.Baseline is { } b) html.Raw("<br>baseline: ").Text(b.Directory);
        html.Raw("</p>\n");
        Headline(input, html);
        html.Raw("<nav>");
        foreach (var s in sections) html.Raw($"<a href=\"#{s.Id}\">").Text(s.Title).Raw("</a> ");
        html.Raw("</nav>\n</header>\n<main>\n");
        foreach (var s in sections)
        {
            html.Raw($"<section id=\"{s.Id}\">\n");
            html.Element("h2", s.Title);
            s.Write(input, html);
            html.Raw("</section>\n");
        }
        html.Raw("</main>\n<footer>").Text($"Written by reward report (RewardEngine {Diagnostics.EngineInfo.Version}) from scores.jsonl, results_grouped.json and run.json.")
            .Raw("</footer>\n</body></html>\n");
        return html.ToString();
    }

    private static void Headline(ReportInput input, HtmlBuilder html)
    {
        var o = input.Stats.Overall;
        var cards = new List<(string Label, string Value, string? Note)>
        {
            ("overall accuracy", HtmlBuilder.Number(o.Accuracy), input.Diff is { } d
                ? $"{(d.Overall.Change is { } c ? HtmlBuilder.Change(c) : "no change")} vs baseline on {d.SharedPairs} shared pairs, p {HtmlBuilder.PValue(d.Overall.PValue)}" : null),
            ("pairs", o.Pairs.ToString(), string.Join(", ", input.Stats.Subsets.Select(s => $"{s.Subset} {s.Pairs}"))),
            ("tie rate", HtmlBuilder.Percent(o.TieRate), "of games"),
            ("no signal", HtmlBuilder.Percent(o.Pairs == 0 ? null : (double)o.NoSignalPairs / o.Pairs),
                o.NoSignalPairs * 2 > o.Pairs ? "of pairs: the accuracy is mostly the tie rate" : "of pairs had no signal"),
            ("order flips", HtmlBuilder.Percent(o.FlipRate), o.FlipRate is null ? "not measured (--order random)" : "of pairs in both orders"),
            ("LLM tokens per pair", HtmlBuilder.Number(o.TokensPerPair, "0.0"), $"{HtmlBuilder.Number(o.LlmCallsPerPair, "0.00")} calls per pair"),
        };
        if (input.Diff is { } diff)
            cards.Add(("regressed pairs", diff.Overall.Regressed.ToString(), $"{diff.Overall.Improved} improved"));
        html.Raw("<div class=\"cards\">");
        foreach (var (label, value, note) in cards)
        {
            html.Raw("<div class=\"card\"><div class=\"label\">").Text(label).Raw("</div><div class=\"value\">").Text(value).Raw("</div>");
            if (note is not null) html.Raw("<div class=\"note\">").Text(note).Raw("</div>");
            html.Raw("</div>");
        }
        html.Raw("</div>\n");
    }

    internal const string Style = """

        :root { --ink: #1d2430; --muted: #5b6676; --line: #dfe3e9; --run: #2f6db5; --accent: #e07b39; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink); background: #f6f7f9; }
        header, main, footer { max-width: 1080px; margin: 0 auto; padding: 0 24px; }
        header { padding-top: 24px; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 18px; margin: 0 0 8px; border-bottom: 2px solid var(--run); padding-bottom: 4px; }
        h3 { font-size: 14px; margin: 16px 0 6px; }
        .meta { color: var(--muted); margin: 0 0 12px; word-break: break-all; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin: 8px 0 12px; }
        .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
        .card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
        .card .value { font-size: 22px; font-weight: 600; }
        .card .note { color: var(--muted); font-size: 12px; }
        nav { display: flex; flex-wrap: wrap; gap: 6px 14px; padding: 8px 0 12px; border-bottom: 1px solid var(--line); }
        nav a { color: var(--run); text-decoration: none; }
        section { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 14px 18px; margin: 16px 0; }
        svg.plot { display: block; width: 100%; height: auto; max-width: 900px; margin: 6px 0 10px; }
        table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
        thead th { background: #eef1f5; }
        table.provenance td { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; word-break: break-all; }
        p.note { color: var(--muted); font-style: italic; }
        div.pairs { max-height: 640px; overflow-y: auto; border-top: 1px solid var(--line); padding-top: 4px; }
        details.pair { border: 1px solid var(--line); border-radius: 4px; margin: 6px 0; padding: 4px 8px; }
        details.pair summary { cursor: pointer; font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
        details.pair .subset { color: var(--muted); }
        details.pair .cause { background: #fbe6d8; color: #8a3d0e; border-radius: 3px; padding: 0 5px; }
        p.why { margin: 6px 0; }
        table.side { width: 100%; table-layout: fixed; }
        table.side th:first-child { width: 16%; }
        table.side td { white-space: pre-line; font-size: 12px; }
        tr.made-the-difference th, tr.made-the-difference td { background: #fff4ec; }
        footer { color: var(--muted); font-size: 12px; padding-bottom: 24px; }

        """;
}
