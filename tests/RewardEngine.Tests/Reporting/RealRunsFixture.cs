using RewardEngine.Tests.Commands;

namespace RewardEngine.Tests.Reporting;

/// <summary>
/// Two real runs of <c>reward eval</c> over the shared benchmark data (JudgeBench knowledge and RM-Bench chat normal,
/// 695 pairs) with different settings: A with the defaults (one seeded order, ties count half), B with both orders and
/// strict ties. Made once for the diff and report tests.
/// </summary>
public sealed class RealRunsFixture : IAsyncLifetime
{
    public string Root { get; } = TestPaths.NewTempDirectory("rwd-diff");
    public string A => Path.Combine(Root, "a");
    public string B => Path.Combine(Root, "b");

    public async Task InitializeAsync()
    {
        string[] data = ["--dataset", TestPaths.SharedData("judgebench", "knowledge.json"), "--dataset", TestPaths.SharedData("rm-bench", "chat_normal.json")];
        foreach (var (dir, extra) in new[] { (A, Array.Empty<string>()), (B, new[] { "--order", "both", "--ties", "strict" }) })
        {
            var r = await RewardCli.RunAsync(["eval", .. data, "--out", dir, .. extra]);
            if (r.ExitCode != 0) throw new InvalidOperationException($"reward eval failed ({r.ExitCode}): {r.StdErr}");
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class RealRunsCollection : ICollectionFixture<RealRunsFixture>
{
    public const string Name = "two real eval runs";
}
