using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Tests.Commands;

namespace RewardEngine.Tests.EndToEnd;

/// <summary>
/// The whole pipeline through the real CLI on the project's tiny random-weight models: plumbing, grammars,
/// determinism and the knowledge-base path, never quality.
/// </summary>
public class TinyProfileEndToEndTests
{
    private static string FactualSubset(string dir, int take)
    {
        var all = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "data", "sample.json")))!.AsArray();
        var picked = new JsonArray(all.Where(p => p!["domain"]!.GetValue<string>() == "factual").Take(take).Select(p => p!.DeepClone()).ToArray());
        var f = Path.Combine(dir, "factual.json");
        File.WriteAllText(f, picked.ToJsonString());
        return f;
    }

    [Fact]
    public async Task Factuality_runs_against_a_knowledge_base_built_by_kb_ingest_and_reruns_identically()
    {
        var dir = TestPaths.NewTempDirectory("rwd-e2e");
        var models = Path.Combine(dir, "tiny");
        Assert.Equal(0, (await RewardCli.RunAsync(["models", "make-tiny", "--out", models])).ExitCode);
        var kb = Path.Combine(dir, "kb.db");
        var ingest = await RewardCli.RunAsync(["kb", "ingest", "--db", kb, "--input", Path.Combine(TestPaths.RepoRoot, "data", "knowledge-sample.jsonl")]);
        Assert.Equal(0, ingest.ExitCode);

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(models, "tiny.json")))!.AsObject();
        config["factuality"]!["knowledgeBase"] = kb;
        var configFile = Path.Combine(models, "e2e.json");
        File.WriteAllText(configFile, config.ToJsonString());
        var data = FactualSubset(dir, 3);

        var outs = new List<string>();
        foreach (var threads in new[] { "2", "1" })
        {
            var o = Path.Combine(dir, "out" + threads);
            var r = await RewardCli.RunAsync(["eval", "--profile", "tiny", "--config", configFile, "--dataset", data, "--out", o, "--threads", threads]);
            Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
            Assert.Contains("llm_parse_failures: 0", r.StdOut);
            Assert.Matches(@"overall: \d\.\d{4}", r.StdOut.TrimEnd().Split('\n')[^1]);
            outs.Add(o);
        }
        Assert.Equal(File.ReadAllText(Path.Combine(outs[0], "results_grouped.json")), File.ReadAllText(Path.Combine(outs[1], "results_grouped.json")));
        Assert.Equal(File.ReadAllText(Path.Combine(outs[0], "scores.jsonl")), File.ReadAllText(Path.Combine(outs[1], "scores.jsonl")));

        foreach (var line in File.ReadAllLines(Path.Combine(outs[0], "scores.jsonl")))
        {
            var signals = JsonDocument.Parse(line).RootElement.GetProperty("games")[0].GetProperty("signals").EnumerateArray().ToList();
            var fact = Assert.Single(signals, s => s.GetProperty("name").GetString() == "factuality");
            Assert.Contains("knowledge base", fact.GetProperty("rationale").GetString());
            Assert.All(fact.GetProperty("scores").EnumerateArray(), s => Assert.InRange(s.GetDouble(), 0.1, 1.0));
            var rm = Assert.Single(signals, s => s.GetProperty("name").GetString() == "preference");
            Assert.Equal(2, rm.GetProperty("scores").GetArrayLength());
        }
    }

    [Fact]
    public async Task The_issues_acceptance_run_has_no_errors_and_no_parse_failures_on_long_answers()
    {
        // RM-Bench answers run to thousands of bytes, and the tiny model reads one token per byte: the factuality
        // prompts hold two of them and must be cut to fit a 4,096-token window while leaving room for the answer.
        var dir = TestPaths.NewTempDirectory("rwd-e2e");
        var models = Path.Combine(dir, "tiny");
        Assert.Equal(0, (await RewardCli.RunAsync(["models", "make-tiny", "--out", models])).ExitCode);
        var r = await RewardCli.RunAsync(["eval", "--dataset", TestPaths.SharedData("rm-bench", "chat_normal.json"), "--limit", "20",
            "--profile", "tiny", "--config", Path.Combine(models, "tiny.json"), "--out", Path.Combine(dir, "out")]);
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
        Assert.Contains("llm_parse_failures: 0", r.StdOut);
        Assert.Contains("errors: 0", r.StdOut);
        Assert.Contains("answers scored: factuality 40, preference 40", r.StdOut);
    }

    [Fact]
    public async Task The_llm_router_and_llm_judger_run_end_to_end()
    {
        var dir = TestPaths.NewTempDirectory("rwd-e2e");
        var models = Path.Combine(dir, "tiny");
        Assert.Equal(0, (await RewardCli.RunAsync(["models", "make-tiny", "--out", models])).ExitCode);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(models, "tiny.json")))!.AsObject();
        config["router"] = "llm";
        config["judger"]!["kind"] = "llm_judge";
        var configFile = Path.Combine(models, "llm.json");
        File.WriteAllText(configFile, config.ToJsonString());

        var o = Path.Combine(dir, "out");
        var r = await RewardCli.RunAsync(["eval", "--config", configFile, "--dataset", TestPaths.SharedData("rm-bench", "chat_normal.json"),
            "--limit", "4", "--order", "both", "--out", o]);
        Assert.True(r.ExitCode == 0, r.StdErr + r.StdOut);
        Assert.Contains("llm_parse_failures: 0", r.StdOut);
        Assert.Contains("order flips:", r.StdOut);
        foreach (var line in File.ReadAllLines(Path.Combine(o, "scores.jsonl")))
        {
            var games = JsonDocument.Parse(line).RootElement.GetProperty("games");
            Assert.Equal(2, games.GetArrayLength());
            foreach (var g in games.EnumerateArray())
            {
                Assert.StartsWith("planner:", g.GetProperty("route").GetString());
                Assert.Equal("llm_judge", g.GetProperty("judger").GetString());
                Assert.Contains(g.GetProperty("verdict").GetString(), new[] { "A", "B" });
            }
        }
    }
}
