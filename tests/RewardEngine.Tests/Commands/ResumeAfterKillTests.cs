using Microsoft.Data.Sqlite;

namespace RewardEngine.Tests.Commands;

public class ResumeAfterKillTests
{
    private static long DonePairs(string db)
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
        var data = TestPaths.SharedData("rm-bench", "chat_hard.json");
        string[] Args(string dir) => ["eval", "--dataset", data, "--out", dir, "--limit", "150", "--threads", "1"];

        var full = TestPaths.NewTempDirectory();
        var reference = await RewardCli.RunAsync(Args(full));
        Assert.Equal(0, reference.ExitCode);

        var killed = TestPaths.NewTempDirectory();
        using (var p = RewardCli.Start(Args(killed)))
        {
            var db = Path.Combine(killed, "run.db");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DonePairs(db) < 5 && !p.HasExited && DateTime.UtcNow < deadline) await Task.Delay(5);
            Assert.False(p.HasExited, "the run finished before it could be killed");
            p.Kill(); // SIGKILL
            await p.WaitForExitAsync();
        }
        var partial = DonePairs(Path.Combine(killed, "run.db"));
        Assert.InRange(partial, 5, 149);
        Assert.False(File.Exists(Path.Combine(killed, "results_grouped.json")));

        var resumed = await RewardCli.RunAsync(Args(killed));
        Assert.Equal(0, resumed.ExitCode);
        Assert.Contains("already done", resumed.StdOut);
        foreach (var f in new[] { "results_grouped.json", "scores.jsonl" })
            Assert.Equal(File.ReadAllText(Path.Combine(full, f)), File.ReadAllText(Path.Combine(killed, f)));
    }
}
