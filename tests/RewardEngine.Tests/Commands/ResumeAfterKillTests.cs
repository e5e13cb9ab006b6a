using Microsoft.Data.Sqlite;

namespace RewardEngine.Tests.Commands;

public class ResumeAfterKillTests
{
    /// <summary>Items committed to a run store so far (0 before it exists).</summary>
    internal static long DonePairs(string db)
    {
        if (!File.Exists(db)) return 0;
        try
        {
            using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM pairs";
            return (long)cmd.ExecuteScalar()!;
        }
        catch (SqliteException) { return 0; } // not created yet
    }

    [Fact]
    public async Task A_run_killed_with_sigkill_resumes_to_the_uninterrupted_results()
    {
        // All three benchmark files in one (ids made unique), both orders: a few seconds of work, so that the kill
        // lands mid-run even on a fast machine.
        var data = Path.Combine(TestPaths.NewTempDirectory(), "all.json");
        var all = new System.Text.Json.Nodes.JsonArray();
        foreach (var (dir, file) in new[] { ("rm-bench", "chat_hard.json"), ("rm-bench", "chat_normal.json"), ("judgebench", "knowledge.json") })
            foreach (var record in System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TestPaths.SharedData(dir, file)))!.AsArray())
            {
                var copy = record!.DeepClone().AsObject();
                copy["id"] = $"{file}:{copy["id"]}";
                all.Add(copy);
            }
        File.WriteAllText(data, all.ToJsonString());
        string[] Args(string dir) => ["eval", "--dataset", data, "--out", dir, "--threads", "1", "--order", "both"];

        var full = TestPaths.NewTempDirectory();
        var reference = await RewardCli.RunAsync(Args(full));
        Assert.Equal(0, reference.ExitCode);

        var killed = TestPaths.NewTempDirectory();
        using (var p = RewardCli.Start(Args(killed)))
        {
            var db = Path.Combine(killed, "run.db");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            // Polled on this thread, not through continuations: a busy test run cannot starve the loop.
            while (DonePairs(db) < 5 && !p.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(2);
            Assert.False(p.HasExited, "the run finished before it could be killed");
            p.Kill(); // SIGKILL
            await p.WaitForExitAsync();
        }
        var partial = DonePairs(Path.Combine(killed, "run.db"));
        Assert.InRange(partial, 5, all.Count - 1);
        Assert.False(File.Exists(Path.Combine(killed, "results_grouped.json")));

        var resumed = await RewardCli.RunAsync(Args(killed));
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("already done", resumed.StdErr); // progress and resume notes go to stderr
        foreach (var f in new[] { "results_grouped.json", "scores.jsonl" })
            Assert.Equal(File.ReadAllText(Path.Combine(full, f)), File.ReadAllText(Path.Combine(killed, f)));
    }
}
