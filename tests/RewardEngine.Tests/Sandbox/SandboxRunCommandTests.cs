using Xunit;
using System.Text.Json;
using RewardEngine.Tests.Commands;

namespace RewardEngine.Tests.Sandbox;

/// <summary>The reproduction commands of issue 10 (section 2) through the real CLI: `reward sandbox run`.</summary>
public sealed class SandboxRunCommandTests
{
    private static (int ExitCode, bool? Passed, string? Error, double ElapsedMs) Run(string code, string response, params string[] extra)
    {
        var dir = TestPaths.NewTempDirectory("rwd-sbx-cli");
        var codeFile = Path.Combine(dir, "check.py");
        var responseFile = Path.Combine(dir, "response.txt");
        File.WriteAllText(codeFile, code);
        File.WriteAllText(responseFile, response);
        var r = RewardCli.Run(["sandbox", "run", "--code", codeFile, "--response-file", responseFile, .. extra]);
        using var json = JsonDocument.Parse(r.StdOut.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        bool? passed = root.GetProperty("passed").ValueKind switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => null };
        var error = root.GetProperty("error").ValueKind == JsonValueKind.String ? root.GetProperty("error").GetString() : null;
        return (r.ExitCode, passed, error, root.GetProperty("elapsedMs").GetDouble());
    }

    private static string Attack(string name) => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "RewardEngine.Tests", "Sandbox", "Attacks", name));

    [Fact]
    public void FrameWalkingForgeryIsReportedAsWhatTheCheckerReturned()
    {
        var r = Run(Attack("forge-verdicts.py"), "This is for a test.");
        Assert.Equal(1, r.ExitCode);
        Assert.False(r.Passed, r.Error);
    }

    [Fact]
    public void AliveLinesDoNotExtendTheDeadline()
    {
        var r = Run(Attack("alive-lines.py"), "anything", "--timeout-ms", "1000");
        Assert.Equal(1, r.ExitCode);
        Assert.Null(r.Passed);
        Assert.Contains("timed out after 1000 ms", r.Error);
        Assert.True(r.ElapsedMs < 5000, $"held open {r.ElapsedMs} ms"); // it would run 6 s; the old harness let it
    }

    [Fact]
    public void ARefusedShellCommandIsAnErrorNotAPass()
    {
        var r = Run("import os\ndef check_following(response):\n    os.system('true')\n    return True\n", "anything");
        Assert.Equal(1, r.ExitCode);
        Assert.Null(r.Passed);
        Assert.Contains("os.system: starting a process is not allowed", r.Error);
    }
}
