using System.Text.Json.Nodes;
using RewardEngine.Tests.Commands;

namespace RewardEngine.Tests.Jobs;

/// <summary>
/// reward bon as a job on the runner, through the real CLI: killed with SIGKILL after some prompts are committed and
/// resumed to the files of an uninterrupted run; split in 3 shard processes (one killed and resumed) and merged by
/// reward merge to the same bytes; the merged folder resumes in full under the unsharded command. annotate shards
/// merge to the pairs file of one run.
/// </summary>
public sealed class BestOfNShardsAndResumeTests
{
    private static readonly string[] Files =
        ["results_best_of_2.jsonl", "results_best_of_4.jsonl", "results_best_of_8.jsonl", "selections.jsonl", "accuracy.json", "best_of_n.svg", "best_of_n.png"];

    private static Task<RewardCli.Result> Ok(params string[] args) => BestOfNEndToEndTests.Ok(args);

    /// <summary>Starts <paramref name="args"/> and SIGKILLs it once <paramref name="dir"/>'s run store holds a prompt.</summary>
    private static async Task KillAfterFirstPrompt(string[] args, string dir)
    {
        using var p = RewardCli.Start(args);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (ResumeAfterKillTests.DonePairs(Path.Combine(dir, "run.db")) < 1 && !p.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(2);
        Assert.False(p.HasExited, "bon finished before it could be killed");
        p.Kill(); // SIGKILL
        await p.WaitForExitAsync();
    }

    private static void SameFiles(string expected, string actual)
    {
        foreach (var f in Files)
            Assert.True(File.ReadAllBytes(Path.Combine(expected, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, f))), $"{f} differs");
    }

    [Fact]
    public async Task Killed_and_sharded_runs_give_the_bytes_of_one_uninterrupted_run()
    {
        var t = TestPaths.NewTempDirectory();
        var (config, prompts) = await BestOfNEndToEndTests.TinyPrompts(t, 6);
        var responses = Path.Combine(t, "r.jsonl");
        await Ok("generate", "--input", prompts, "--n", "8", "--config", config, "--max-tokens", "48", "--seed", "42", "--out", responses);
        string[] Bon(string dir, params string[] more) => ["bon", "--input", responses, "--n", "2,4,8", "--config", config, "--out", dir, "--threads", "1", "--json", .. more];

        var one = Path.Combine(t, "one");
        var first = JsonNode.Parse((await Ok(Bon(one))).StdOut)!;
        Assert.Equal(6, first["prompts"]!.GetValue<int>());
        Assert.Equal(48, first["signalsComputed"]!.GetValue<int>());

        // SIGKILL once a prompt is committed: the rerun resumes it from run.db and the rest from what signals.db holds.
        var killed = Path.Combine(t, "killed");
        await KillAfterFirstPrompt(Bon(killed), killed);
        var resumed = JsonNode.Parse((await Ok(Bon(killed))).StdOut)!;
        Assert.InRange(resumed["resumed"]!.GetValue<int>(), 1, 6);
        Assert.Equal(48, resumed["signalsComputed"]!.GetValue<int>() + resumed["signalsReused"]!.GetValue<int>());
        SameFiles(one, killed);

        // Three shards, shard 1 killed after its first prompt and run again; then merged.
        var shards = Enumerable.Range(0, 3).Select(k => Path.Combine(t, $"s{k}")).ToList();
        await KillAfterFirstPrompt(Bon(shards[1], "--shard", "1/3"), shards[1]);
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(k => RewardCli.RunAsync(Bon(shards[k], "--shard", $"{k}/3"))));
        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.StdErr));
        Assert.All(runs, r => Assert.Equal(2, JsonNode.Parse(r.StdOut)!["prompts"]!.GetValue<int>()));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(shards[0], "results_best_of_8.jsonl")).Length);

        var missing = RewardCli.Run(["merge", "--out", Path.Combine(t, "partial"), shards[0], shards[2]]);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("1/3 missing", missing.StdErr);

        var merged = Path.Combine(t, "merged");
        var m = RewardCli.Run(["merge", "--out", merged, .. shards]);
        Assert.True(m.ExitCode == 0, m.StdErr);
        Assert.Contains("weighted_sum", m.StdOut);
        SameFiles(one, merged);

        // The merged folder is that run: the unsharded command there resumes every prompt and computes nothing.
        var rerun = JsonNode.Parse((await Ok(Bon(merged))).StdOut)!;
        Assert.Equal(6, rerun["resumed"]!.GetValue<int>());
        Assert.Equal(0, rerun["signalsComputed"]!.GetValue<int>());
        SameFiles(one, merged);

        // annotate: two shards merged give the pairs file of one run; another --format resumes every prompt.
        string[] Annotate(string output, params string[] more) => ["annotate", "--input", responses, "--config", config, "--out", output, "--threads", "1", "--json", .. more];
        var pairs = Path.Combine(t, "pairs.jsonl");
        await Ok(Annotate(pairs));
        var parts = Enumerable.Range(0, 2).Select(k => Path.Combine(t, $"pairs-{k}.jsonl")).ToList();
        foreach (var k in new[] { 1, 0 }) await Ok(Annotate(parts[k], "--shard", $"{k}/2"));
        var mergedPairs = Path.Combine(t, "pairs-merged.jsonl");
        var mp = RewardCli.Run(["merge", "--out", mergedPairs, .. parts]);
        Assert.True(mp.ExitCode == 0, mp.StdErr);
        Assert.Equal(File.ReadAllBytes(pairs), File.ReadAllBytes(mergedPairs));
        var reformatted = JsonNode.Parse((await Ok(Annotate(mergedPairs, "--format", "openrlhf"))).StdOut)!;
        Assert.Equal(6, reformatted["resumed"]!.GetValue<int>());
        Assert.Equal(0, reformatted["signalsComputed"]!.GetValue<int>());
        Assert.All(File.ReadAllLines(mergedPairs), l => Assert.IsType<string>(JsonNode.Parse(l)!["chosen"]!.GetValue<string>()));
    }
}
