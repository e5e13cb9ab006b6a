using System.Diagnostics;

namespace RewardEngine.Tests.Commands;

/// <summary>Runs the real <c>reward</c> CLI (built beside the tests) as a separate process.</summary>
internal static class RewardCli
{
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "reward");

    public sealed record Result(int ExitCode, string StdOut, string StdErr);

    public static Result Run(params string[] args) => RunAsync(args).GetAwaiter().GetResult();

    public static async Task<Result> RunAsync(string[] args, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var p = Start(environment, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        await p.WaitForExitAsync(cts.Token);
        return new Result(p.ExitCode, await stdout, await stderr);
    }

    public static Process Start(params string[] args) => Start(null, args);

    /// <summary>Starts the CLI with extra environment variables (e.g. REWARD_DATA_DIR).</summary>
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        return Process.Start(psi)!;
    }
}
