using System.Text.Json;
using RewardEngine.Tests.Commands;
using Xunit;

namespace RewardEngine.Tests.Sandbox;

/// <summary>`reward sandbox bench` through the real CLI, at a size that runs in seconds.</summary>
public sealed class SandboxBenchCommandTests
{
    [Fact]
    public void Measures_every_runner_over_the_answers_asked_for()
    {
        var r = RewardCli.Run(["sandbox", "bench", "--instructions", "4", "--baseline-checks", "4", "--rounds", "1", "--answers", "5", "--json"]);
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var json = JsonDocument.Parse(r.StdOut);
        var root = json.RootElement;
        Assert.Equal(5, root.GetProperty("answers").GetInt32());
        foreach (var rate in new[] { "sandboxPoolChecksPerSecond", "processPerCheckChecksPerSecond", "forkPerCheckChecksPerSecond", "floorChecksPerSecond" })
            Assert.True(root.GetProperty(rate).GetDouble() > 0, rate);
        // 4 instructions x 8 checkers x 5 answers, with no check reported as an error.
        Assert.Contains("160 checks in", r.StdErr);
        Assert.Contains("(0 errors)", r.StdErr);
    }
}
