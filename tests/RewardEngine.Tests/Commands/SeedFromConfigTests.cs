using System.Text.Json;

namespace RewardEngine.Tests.Commands;

/// <summary>The run's seed: --seed, else the config's "seed", else 42; passed to the run, never written into the config.</summary>
public class SeedFromConfigTests
{
    private static List<string> Orders(string dir) =>
        [.. File.ReadAllLines(Path.Combine(dir, "scores.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("games")[0].GetProperty("order").GetString()!)];

    private static int Seed(string dir) => JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "run.json"))).RootElement.GetProperty("seed").GetInt32();

    [Fact]
    public void The_configs_seed_is_used_unless_the_flag_gives_one()
    {
        var data = TestPaths.SharedData("rm-bench", "chat_hard.json");
        var config = Path.Combine(TestPaths.NewTempDirectory(), "seeded.json");
        File.WriteAllText(config, """{ "seed": 7 }""");
        var fromConfig = TestPaths.NewTempDirectory();
        var fromFlag = TestPaths.NewTempDirectory();
        var flagWins = TestPaths.NewTempDirectory();
        var byDefault = TestPaths.NewTempDirectory();
        Assert.Equal(0, RewardCli.Run("eval", "--dataset", data, "--limit", "60", "--config", config, "--out", fromConfig).ExitCode);
        Assert.Equal(0, RewardCli.Run("eval", "--dataset", data, "--limit", "60", "--seed", "7", "--out", fromFlag).ExitCode);
        Assert.Equal(0, RewardCli.Run("eval", "--dataset", data, "--limit", "60", "--config", config, "--seed", "42", "--out", flagWins).ExitCode);
        Assert.Equal(0, RewardCli.Run("eval", "--dataset", data, "--limit", "60", "--out", byDefault).ExitCode);
        Assert.Equal(7, Seed(fromConfig));
        Assert.Equal(42, Seed(flagWins));
        Assert.Equal(Orders(fromFlag), Orders(fromConfig));
        Assert.Equal(Orders(byDefault), Orders(flagWins));
        Assert.NotEqual(Orders(byDefault), Orders(fromConfig));
        Assert.Equal("""{ "seed": 7 }""", File.ReadAllText(config)); // the config file is never rewritten
    }
}
