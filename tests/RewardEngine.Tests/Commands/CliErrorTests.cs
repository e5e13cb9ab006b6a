using System.Text;

namespace RewardEngine.Tests.Commands;

public class CliErrorTests
{
    private static string Write(byte[] bytes, string name = "d.json")
    {
        var f = Path.Combine(TestPaths.NewTempDirectory(), name);
        File.WriteAllBytes(f, bytes);
        return f;
    }

    public static TheoryData<string, byte[], string> BadFiles()
    {
        const string good = """{"id":"a","text_chosen":[{"role":"user","content":"q"},{"role":"assistant","content":"x"}],"text_rejected":[{"role":"user","content":"q"},{"role":"assistant","content":"y"}]}""";
        return new()
        {
            { "truncated", Encoding.UTF8.GetBytes("[" + good + "," + good[..40]), "record 2" },
            { "missing text_rejected", Encoding.UTF8.GetBytes("[" + good.Replace("text_rejected", "text_other") + "]"), "field 'text_rejected'" },
            { "wrong roles", Encoding.UTF8.GetBytes("[" + good.Replace("\"assistant\",\"content\":\"x\"", "\"user\",\"content\":\"x\"") + "]"), "field 'text_chosen[1].role'" },
            { "empty", [], "file is empty" },
            { "invalid utf-8", [.. Encoding.UTF8.GetBytes("[" + good[..^2]), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("\"}]")], "record 1" },
        };
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_data_is_one_line_and_exit_code_2(string what, byte[] bytes, string where)
    {
        var file = Write(bytes);
        var r = RewardCli.Run("eval", "--dataset", file, "--out", TestPaths.NewTempDirectory());
        Assert.True(r.ExitCode == 2, $"{what}: exit {r.ExitCode}\n{r.StdErr}");
        var lines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith($"error RWD100: {file}", lines[0]);
        Assert.Contains(where, lines[0]);
    }

    [Fact]
    public void Unknown_options_and_commands_are_usage_errors()
    {
        var r = RewardCli.Run("eval", "--dataset", "x.json", "--datset", "y");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("--datset", r.StdErr);
        Assert.Equal(1, RewardCli.Run("evaluate").ExitCode);
        var help = RewardCli.Run("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("eval", help.StdOut);
    }

    [Fact]
    public void A_missing_config_path_is_reported_with_its_key_before_work()
    {
        var dir = TestPaths.NewTempDirectory();
        var cfg = Path.Combine(dir, "c.json");
        File.WriteAllText(cfg, """{"profile":"full","llm":{"planner":"nope.gguf"},"rewardModel":{"config":"rm/none.json"}}""");
        var r = RewardCli.Run("eval", "--dataset", TestPaths.SharedData("rm-bench", "chat_normal.json"), "--config", cfg, "--out", Path.Combine(dir, "o"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("llm.planner: file not found", r.StdErr);
        Assert.Contains("rewardModel.config: file not found", r.StdErr);
        Assert.False(File.Exists(Path.Combine(dir, "o", "run.db")));
    }
}
