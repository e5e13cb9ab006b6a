using System.Text.Json.Nodes;

namespace RewardEngine.Tests.Commands;

/// <summary>Sharded runs through the real CLI: 4 shard processes, one killed and resumed, merged to one run's bytes.</summary>
public class ShardedEvalCliTests
{
    private static readonly string[] Datasets =
    [
        "--dataset", TestPaths.SharedData("rm-bench", "chat_normal.json"),
        "--dataset", TestPaths.SharedData("rm-bench", "chat_hard.json"),
        "--dataset", TestPaths.SharedData("judgebench", "knowledge.json"),
    ];

    /// <summary>Starts <paramref name="args"/> and SIGKILLs it once its run store in <paramref name="dir"/> holds an item (if it is still running).</summary>
    private static async Task KillOnceCommitted(string[] args, string dir)
    {
        using var p = RewardCli.Start(args);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (ResumeAfterKillTests.DonePairs(Path.Combine(dir, "run.db")) < 1 && !p.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(2);
        if (!p.HasExited) p.Kill();
        await p.WaitForExitAsync();
    }

    [Fact]
    public async Task Four_shards_one_killed_and_resumed_merge_byte_identical_to_one_run()
    {
        var one = TestPaths.NewTempDirectory();
        Assert.Equal(0, (await RewardCli.RunAsync(["eval", .. Datasets, "--order", "both", "--out", one])).ExitCode);

        var dirs = Enumerable.Range(0, 4).Select(_ => TestPaths.NewTempDirectory()).ToList();
        string[] Shard(int k) => ["eval", .. Datasets, "--order", "both", "--threads", "1", "--shard", $"{k}/4", "--out", dirs[k]];
        // Shard 2 is killed once it has committed something, then started again.
        await KillOnceCommitted(Shard(2), dirs[2]);
        var shards = await Task.WhenAll(Enumerable.Range(0, 4).Select(k => RewardCli.RunAsync(Shard(k))));
        Assert.All(shards, s => Assert.True(s.ExitCode == 0, s.StdErr));
        Assert.Contains("shard: 1/4", shards[1].StdOut);

        // Merging before every shard is given names the missing one.
        var partial = RewardCli.Run(["merge", "--out", TestPaths.NewTempDirectory(), dirs[0], dirs[1], dirs[3]]);
        Assert.Equal(1, partial.ExitCode);
        Assert.Contains("2/4 missing", partial.StdErr);

        var merged = TestPaths.NewTempDirectory();
        var m = RewardCli.Run(["merge", "--out", merged, .. dirs]);
        Assert.True(m.ExitCode == 0, m.StdErr);
        foreach (var f in new[] { "results_grouped.json", "scores.jsonl" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(one, f)), File.ReadAllBytes(Path.Combine(merged, f)));
        Assert.Contains("judgebench rule", m.StdOut);

        // The merged folder is that run: the unsharded command there resumes every pair.
        var rerun = RewardCli.Run(["eval", .. Datasets, "--order", "both", "--out", merged]);
        Assert.True(rerun.ExitCode == 0, rerun.StdErr);
        Assert.Contains("0 evaluated now, 1082 resumed", rerun.StdOut);
    }

    [Fact]
    public async Task Listwise_shards_one_killed_and_resumed_merge_byte_identical_to_one_run()
    {
        var data = ListwiseEvalCliTests.BestOfSix(60, withRanking: true);
        var one = TestPaths.NewTempDirectory();
        Assert.Equal(0, (await RewardCli.RunAsync(["eval", "--dataset", data, "--out", one])).ExitCode);

        var dirs = Enumerable.Range(0, 3).Select(_ => TestPaths.NewTempDirectory()).ToList();
        string[] Shard(int k) => ["eval", "--dataset", data, "--threads", "1", "--shard", $"{k}/3", "--out", dirs[k]];
        await KillOnceCommitted(Shard(0), dirs[0]);
        var shards = await Task.WhenAll(Enumerable.Range(0, 3).Select(k => RewardCli.RunAsync(Shard(k))));
        Assert.All(shards, s => Assert.True(s.ExitCode == 0, s.StdErr));
        Assert.All(shards, s => Assert.Equal(20, File.ReadAllLines(Path.Combine(dirs[Array.IndexOf(shards, s)], "scores.jsonl")).Length));

        var merged = TestPaths.NewTempDirectory();
        var m = RewardCli.Run(["merge", "--out", merged, .. dirs]);
        Assert.True(m.ExitCode == 0, m.StdErr);
        foreach (var f in new[] { "results_grouped.json", "scores.jsonl" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(one, f)), File.ReadAllBytes(Path.Combine(merged, f)));
        var (runOne, runMerged) = (JsonNode.Parse(File.ReadAllText(Path.Combine(one, "run.json")))!, JsonNode.Parse(File.ReadAllText(Path.Combine(merged, "run.json")))!);
        Assert.Equal("listwise", runMerged["kind"]!.GetValue<string>());
        Assert.Null(runMerged["shard"]);
        Assert.Equal(runOne["accuracy"]!.ToJsonString(), runMerged["accuracy"]!.ToJsonString());
        Assert.Equal(runOne["summary"]!["kendallTauB"]?.ToJsonString(), runMerged["summary"]!["kendallTauB"]?.ToJsonString());

        // A listwise shard is not merged with a pairwise run's shards.
        var pairwise = TestPaths.NewTempDirectory();
        Assert.Equal(0, (await RewardCli.RunAsync(["eval", .. Datasets[..2], "--limit", "8", "--shard", "1/3", "--out", pairwise])).ExitCode);
        var mixed = RewardCli.Run(["merge", "--out", TestPaths.NewTempDirectory(), dirs[0], pairwise, dirs[2]]);
        Assert.NotEqual(0, mixed.ExitCode);

        // The merged folder is that run: the unsharded command there resumes every row.
        var rerun = RewardCli.Run(["eval", "--dataset", data, "--out", merged]);
        Assert.True(rerun.ExitCode == 0, rerun.StdErr);
        Assert.Contains("resuming", rerun.StdErr);
        Assert.Equal(File.ReadAllBytes(Path.Combine(one, "scores.jsonl")), File.ReadAllBytes(Path.Combine(merged, "scores.jsonl")));
    }

    [Fact]
    public async Task Shards_from_the_scheduler_index_and_a_folder_of_another_run()
    {
        var dir = TestPaths.NewTempDirectory();
        var env = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "4", ["SLURM_ARRAY_TASK_MIN"] = "1" };
        var r = await RewardCli.RunAsync(["eval", .. Datasets[..2], "--limit", "12", "--shards", "4", "--out", dir], environment: env);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("shard: 3/4", r.StdOut);

        var other = RewardCli.Run(["eval", .. Datasets[..2], "--limit", "12", "--seed", "7", "--out", dir]);
        Assert.Equal(1, other.ExitCode);
        Assert.Contains("error RWD211", other.StdErr);
        Assert.Contains("--overwrite", other.StdErr);
        var replaced = RewardCli.Run(["eval", .. Datasets[..2], "--limit", "12", "--seed", "7", "--out", dir, "--overwrite"]);
        Assert.True(replaced.ExitCode == 0, replaced.StdErr);
    }
}
