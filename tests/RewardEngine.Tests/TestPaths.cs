namespace RewardEngine.Tests;

/// <summary>Where the repository, the shared benchmark data and scratch folders are.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// ../shared beside the checkout (read-only benchmark data and fixtures); REWARD_TEST_SHARED names it for a
    /// checkout that lives elsewhere (a git worktree).
    /// </summary>
    public static string Shared { get; } = Environment.GetEnvironmentVariable("REWARD_TEST_SHARED") is { Length: > 0 } shared
        ? Path.GetFullPath(shared) : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    public static string SharedData(params string[] parts) => Path.Combine([Shared, "data", .. parts]);

    /// <summary>A fresh empty folder, removed with the process's temp files.</summary>
    public static string NewTempDirectory(string prefix = "rwd")
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindRepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "RewardEngine.sln"))) return d.FullName;
        throw new InvalidOperationException("RewardEngine.sln not found above " + AppContext.BaseDirectory);
    }
}
