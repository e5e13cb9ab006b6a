using System.Text.Json;
using System.Text.Json.Nodes;

namespace RewardEngine.Tests.Commands;

/// <summary>
/// Listwise rows through the real CLI: RM-Bench's chat prompts regrouped as best-of-6 sets (each prompt's 3 chosen
/// and 3 rejected answers across its style pairs), scored by RewardBench 2's rule.
/// </summary>
public class ListwiseEvalCliTests
{
    /// <summary>RM-Bench chat_normal.json's 3 pairs per prompt as one row of 6 answers (3 correct); rows with a ranking when asked.</summary>
    internal static string BestOfSix(int prompts, bool withRanking = false)
    {
        var pairs = JsonNode.Parse(File.ReadAllText(TestPaths.SharedData("rm-bench", "chat_normal.json")))!.AsArray();
        var rows = pairs.GroupBy(p => p!["id"]!.GetValue<string>()).Take(prompts).Select(g => new JsonObject
        {
            ["id"] = g.Key,
            ["subset"] = "rm-bench-chat",
            ["prompt"] = g.First()!["text_chosen"]![0]!["content"]!.GetValue<string>(),
            ["chosen"] = new JsonArray([.. g.Select(p => (JsonNode)JsonValue.Create(p!["text_chosen"]![1]!["content"]!.GetValue<string>())!)]),
            ["rejected"] = new JsonArray([.. g.Select(p => (JsonNode)JsonValue.Create(p!["text_rejected"]![1]!["content"]!.GetValue<string>())!)]),
            ["ranking"] = withRanking ? new JsonArray(1, 1, 1, 2, 2, 2) : null,
        });
        var file = Path.Combine(TestPaths.NewTempDirectory(), "rmbench_best_of_6.jsonl");
        File.WriteAllLines(file, rows.Select(r => r.ToJsonString()));
        return file;
    }

    [Fact]
    public void Rm_bench_groups_as_best_of_six_are_scored_by_the_rewardbench2_rule_and_resume()
    {
        var data = BestOfSix(20, withRanking: true);
        var dir = TestPaths.NewTempDirectory();
        var r = RewardCli.Run("eval", "--dataset", data, "--out", dir, "--json");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var lines = File.ReadAllLines(Path.Combine(dir, "scores.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(20, lines.Count);
        foreach (var row in lines)
        {
            var scores = row.GetProperty("scores").EnumerateArray().Select(s => s.GetDouble()).ToList();
            Assert.Equal(6, scores.Count);
            Assert.Equal(Enumerable.Range(0, 6), row.GetProperty("shown").EnumerateArray().Select(s => s.GetInt32()).Order());
            var max = scores.Max();
            var expected = scores.Take(3).Contains(max) ? 1.0 / scores.Count(s => s == max) : 0.0;
            Assert.Equal(expected, row.GetProperty("result").GetDouble(), 12);
        }
        using var grouped = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "results_grouped.json")));
        Assert.Equal(lines.Average(l => l.GetProperty("result").GetDouble()), grouped.RootElement.GetProperty("rm-bench-chat").GetDouble(), 6);
        // The shown order is seeded per row: the correct answers are not always first.
        Assert.Contains(lines, l => l.GetProperty("shown")[0].GetInt32() >= 3);

        var again = RewardCli.Run("eval", "--dataset", data, "--out", dir);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("resuming", again.StdErr);
        Assert.Equal(File.ReadAllText(Path.Combine(dir, "scores.jsonl")), string.Join("", lines.Select(l => l.GetRawText() + "\n")));
    }

    [Fact]
    public void Listwise_and_pairwise_files_in_one_run_are_a_usage_error()
    {
        var r = RewardCli.Run("eval", "--dataset", BestOfSix(2), "--dataset", TestPaths.SharedData("rm-bench", "chat_normal.json"), "--out", TestPaths.NewTempDirectory());
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("error RWD001", r.StdErr);
    }
}
