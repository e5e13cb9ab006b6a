using System.Text.Json;
using RewardEngine.Cli;
using RewardEngine.Diagnostics;
using Xunit;

namespace RewardEngine.Tests.RewardModels;

public sealed class RmScoreCommandTests
{
    private static string WriteDataset(string dir, bool jsonl)
    {
        // The fixture's texts paired up as (chosen, rejected) in RM-Bench's pairwise format.
        var refs = RmFixture.References;
        var records = Enumerable.Range(0, 8).Select(i => new
        {
            id = $"pair-{i}",
            domain = "chat",
            text_chosen = refs[2 * i].Messages.Select(m => new { role = m.Role, content = m.Content }),
            text_rejected = refs[2 * i + 1].Messages.Select(m => new { role = m.Role, content = m.Content }),
        }).ToList();
        var path = Path.Combine(dir, jsonl ? "pairs.jsonl" : "pairs.json");
        File.WriteAllText(path, jsonl
            ? string.Join("\n", records.Select(r => JsonSerializer.Serialize(r))) + "\n"
            : JsonSerializer.Serialize(records));
        return path;
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 16)]
    public async Task WritesOneLinePerResponseWithTorchScores(bool jsonl, int batchSize)
    {
        var dir = TestPaths.NewTempDirectory();
        var output = Path.Combine(dir, "scores.jsonl");
        Assert.Equal(0, await Commands.InProcessCli.RunAsync("rm", "score", "--config", RmFixture.RmJson, "--dataset", WriteDataset(dir, jsonl), "--batch-size", batchSize.ToString(), "--out", output));
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(16, lines.Count);
        for (int i = 0; i < 16; i++)
        {
            Assert.Equal($"pair-{i / 2}", lines[i].GetProperty("id").GetString());
            Assert.Equal(i % 2 == 0 ? "chosen" : "rejected", lines[i].GetProperty("side").GetString());
            Assert.True(Math.Abs(lines[i].GetProperty("score").GetDouble() - RmFixture.References[i].Score) < 1e-4);
        }
    }

    [Fact]
    public async Task AcceptsAnEngineConfigNamingTheRewardModel()
    {
        var dir = TestPaths.NewTempDirectory();
        var engineConfig = Path.Combine(dir, "engine.json");
        File.WriteAllText(engineConfig, JsonSerializer.Serialize(new { profile = "tiny", rewardModel = new { config = RmFixture.RmJson } }));
        var output = Path.Combine(dir, "out.jsonl");
        Assert.Equal(0, await Commands.InProcessCli.RunAsync("rm", "score", "--config", engineConfig, "--dataset", WriteDataset(dir, false), "--out", output));
        Assert.Equal(16, File.ReadAllLines(output).Length);
    }

    [Fact]
    public async Task BadRecordIsNamed()
    {
        var dir = TestPaths.NewTempDirectory();
        var dataset = Path.Combine(dir, "bad.jsonl");
        File.WriteAllText(dataset, "{\"id\": \"a\", \"text_chosen\": [{\"role\": \"user\", \"content\": \"q\"}, {\"role\": \"assistant\", \"content\": \"x\"}]}\n");
        var r = await Commands.RewardCli.RunAsync(["rm", "score", "--config", RmFixture.RmJson, "--dataset", dataset, "--out", Path.Combine(dir, "o.jsonl")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"error RWD100: {dataset}: line 1, field 'text_rejected'", r.StdErr);
    }
}
