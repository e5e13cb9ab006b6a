using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Tests.Commands;

namespace RewardEngine.Tests.Reporting;

[Collection(RealRunsCollection.Name)]
public sealed class DiffOnRealRunsTests(RealRunsFixture runs)
{
    /// <summary>Reads scores.jsonl directly (not through the library under test): key to result.</summary>
    private static Dictionary<(string, int, string), double> Results(string dir) =>
        File.ReadLines(Path.Combine(dir, "scores.jsonl")).Where(l => l.Length > 0).Select(l => JsonNode.Parse(l)!)
            .ToDictionary(n => ((string)n["dataset"]!, (int)n["record"]!, (string)n["id"]!), n => (double)n["result"]!);

    private static Dictionary<string, double> Grouped(string dir) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "results_grouped.json")))!.AsObject()
            .ToDictionary(p => p.Key, p => (double)p.Value!);

    [Fact]
    public void Json_lists_exactly_the_pairs_whose_result_differs_with_per_subset_numbers_of_each_run()
    {
        var r = RewardCli.Run("diff", runs.A, runs.B, "--json");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var diff = JsonNode.Parse(r.StdOut)!;

        var a = Results(runs.A);
        var b = Results(runs.B);
        var expected = a.Keys.Where(k => b.ContainsKey(k) && a[k] != b[k]).ToHashSet();
        Assert.NotEmpty(expected);
        var listed = diff["changed"]!.AsArray()
            .Select(c => ((string)c!["key"]!["dataset"]!, (int)c["key"]!["record"]!, (string)c["key"]!["id"]!)).ToList();
        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.True(expected.SetEquals(listed), $"diff lists {listed.Count} pairs, scores.jsonl differ on {expected.Count}");
        foreach (var c in diff["changed"]!.AsArray())
        {
            var key = ((string)c!["key"]!["dataset"]!, (int)c["key"]!["record"]!, (string)c["key"]!["id"]!);
            Assert.Equal(a[key], (double)c["resultA"]!);
            Assert.Equal(b[key], (double)c["resultB"]!);
            Assert.False(string.IsNullOrEmpty((string?)c["cause"]!["explanation"]));
        }

        var ga = Grouped(runs.A);
        var gb = Grouped(runs.B);
        var subsets = diff["subsets"]!.AsArray().Append(diff["overall"]).ToList();
        Assert.Equal(ga.Keys.Order(), subsets.Select(s => (string)s!["subset"]!).Order());
        foreach (var s in subsets)
        {
            var name = (string)s!["subset"]!;
            // Same data in both runs: the shared-pair accuracies are each run's own.
            Assert.Equal(ga[name], (double)s["accuracyA"]!, 6);
            Assert.Equal(gb[name], (double)s["accuracyB"]!, 6);
            Assert.Equal(ga[name], (double)s["reportedA"]!, 9);
            Assert.Equal(gb[name], (double)s["reportedB"]!, 9);
            Assert.Equal(0, (int)s["onlyInA"]! + (int)s["onlyInB"]!);
        }
        Assert.Equal(a.Count, (int)diff["sharedPairs"]!);
        Assert.Empty(diff["warnings"]!.AsArray());
        var settings = diff["settings"]!.AsArray().Select(x => (string)x!["setting"]!).ToList();
        Assert.Contains("ties", settings);
        Assert.Contains("order", settings);
    }

    [Fact]
    public void Text_names_the_settings_the_subsets_and_the_cause_and_exits_0()
    {
        var r = RewardCli.Run("diff", runs.A, runs.B, "--pairs", "2");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("ties: half -> strict", r.StdOut);
        Assert.Contains("order: random -> both", r.StdOut);
        foreach (var subset in new[] { "chat", "claude", "gpt", "overall" })
            Assert.Matches($@"(?m)^{subset}\s+\d+\s+0\.\d{{4}}", r.StdOut);
        Assert.Contains("why: ", r.StdOut);
        Assert.Contains("--pairs all lists every one", r.StdOut);
    }

    [Fact]
    public void A_run_compared_with_itself_changes_nothing()
    {
        var r = RewardCli.Run("diff", runs.A, runs.A, "--json");
        Assert.Equal(0, r.ExitCode);
        var d = JsonNode.Parse(r.StdOut)!;
        Assert.Empty(d["changed"]!.AsArray());
        Assert.Empty(d["settings"]!.AsArray());
        Assert.Equal(1.0, (double)d["overall"]!["pValue"]!);
    }

    [Fact]
    public void Bad_input_is_one_coded_line_and_exit_2()
    {
        var missing = RewardCli.Run("diff", runs.A, Path.Combine(runs.Root, "nope"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Matches(@"^error RWD700: .*nope: no such output folder\s*$", missing.StdErr);

        var broken = Path.Combine(runs.Root, "broken");
        Directory.CreateDirectory(broken);
        foreach (var f in new[] { "results_grouped.json", "run.json" }) File.Copy(Path.Combine(runs.A, f), Path.Combine(broken, f), true);
        var lines = File.ReadAllLines(Path.Combine(runs.A, "scores.jsonl"));
        lines[2] = lines[2].Replace("\"result\":", "\"result\":\"x\",\"was\":");
        File.WriteAllLines(Path.Combine(broken, "scores.jsonl"), lines);
        var bad = RewardCli.Run("diff", runs.A, broken);
        Assert.Equal(2, bad.ExitCode);
        Assert.Matches(@"^error RWD700: .*scores\.jsonl: line 3, field 'result': expected a number in \[0, 1\], got ""x""\s*$", bad.StdErr);
        Assert.Equal("", bad.StdOut);

        var bon = Path.Combine(runs.Root, "bon");
        Directory.CreateDirectory(bon);
        File.WriteAllText(Path.Combine(bon, "results_best_of_4.jsonl"), "{\"prompt\": \"p\", \"response\": \"r\"}\n");
        var notEval = RewardCli.Run("report", bon);
        Assert.Equal(2, notEval.ExitCode);
        Assert.Matches(@"^error RWD700: .*bon: no scores\.jsonl \(a best-of-n folder: reward diff compares eval folders", notEval.StdErr);
        // With its accuracy.json (what reward bon writes last), the folder gets its own page: the plot and the table.
        File.WriteAllText(Path.Combine(bon, "accuracy.json"),
            """[{"n": 2, "selector": "weighted_sum", "metric": "ifeval_prompt_strict", "accuracy": 0.25}, {"n": 4, "selector": "weighted_sum", "metric": "ifeval_prompt_strict", "accuracy": 0.5}, {"n": 2, "selector": "oracle", "metric": "ifeval_prompt_strict", "accuracy": 0.5}, {"n": 4, "selector": "oracle", "metric": "ifeval_prompt_strict", "accuracy": 0.75}]""");
        var bonReport = RewardCli.Run("report", bon);
        Assert.Equal(0, bonReport.ExitCode);
        var bonHtml = File.ReadAllText(Path.Combine(bon, "report.html"));
        Assert.Contains("<svg class=\"plot\"", bonHtml);
        Assert.Contains("<th>n = 4</th>", bonHtml);
        Assert.Contains("<td>0.7500</td>", bonHtml);
        Assert.DoesNotMatch(@"(src|href)\s*=\s*[""']?\s*(https?:)?//", bonHtml);
        Assert.Equal(2, RewardCli.Run("report", bon, "--baseline", runs.A).ExitCode);

        var noArgs = RewardCli.Run("diff", runs.A);
        Assert.Equal(1, noArgs.ExitCode); // a usage error
        Assert.Contains("'B'", noArgs.StdErr);
        Assert.Equal(1, RewardCli.Run("diff", runs.A, runs.B, "--pairs", "some").ExitCode);
    }
}
