using System.Text.Json;
using RewardEngine.Agent;
using RewardEngine.Agent.Judgers;
using RewardEngine.Agent.Routers;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Evaluation;

namespace RewardEngine.Tests.Evaluation;

/// <summary>A pair can fail, a run cannot be aborted by one; a run whose every pair lost a signal fails (exit 3).</summary>
public class SignalFailureTests
{
    private sealed class Verifier(string name, Func<int, bool> failsOn) : IVerifier
    {
        private int _calls;
        public string Name => name;
        public SignalKind Kind => SignalKind.Preference;
        public ValueTask<bool> AppliesToAsync(RewardQuery query, CancellationToken ct) => ValueTask.FromResult(true);
        public Task<SignalResult> ScoreAsync(RewardQuery query, CancellationToken ct)
        {
            if (failsOn(Interlocked.Increment(ref _calls))) throw new InvalidOperationException("batch size 0 cannot run");
            return Task.FromResult(new SignalResult(Name, Kind, query.Answers.Select(a => (double)a.Length).ToList(), "length"));
        }
    }

    private sealed class ThrowingRouter : IRouter
    {
        public string Name => "broken";
        public Task<RouteDecision> RouteAsync(RewardQuery query, IReadOnlyList<IVerifier> verifiers, CancellationToken ct) =>
            throw new FormatException("the router choked");
    }

    private sealed class ThrowingJudger : IJudger
    {
        public string Name => "broken";
        public Task<Judgment> JudgeAsync(RewardQuery query, IReadOnlyList<SignalResult> signals, CancellationToken ct) =>
            throw new OverflowException("the judger overflowed");
    }

    private static string Dataset(int n)
    {
        var f = Path.Combine(TestPaths.NewTempDirectory(), "d.json");
        File.WriteAllText(f, JsonSerializer.Serialize(Enumerable.Range(0, n).Select(i => new
        {
            id = $"p{i}",
            text_chosen = new[] { new { role = "user", content = "q" }, new { role = "assistant", content = "a longer answer" } },
            text_rejected = new[] { new { role = "user", content = "q" }, new { role = "assistant", content = "short" } },
        })));
        return f;
    }

    private static Task<EvalReport> Run(string outDir, IRouter router, IVerifier verifier, IJudger? judger = null) =>
        new PairwiseEvaluator(new EngineConfig(), new EvalOptions { Datasets = [Dataset(12)], OutputDirectory = outDir, Threads = 2 }, TextWriter.Null, null,
            _ => new RewardAgent(router, [verifier], judger ?? new WeightedSumJudger(new SignalWeights(WeightedSumJudger.DefaultWeights, null))))
            .RunAsync(default);

    [Fact]
    public async Task A_signal_that_failed_on_every_pair_fails_the_run_after_writing_results()
    {
        var dir = TestPaths.NewTempDirectory();
        var e = await Assert.ThrowsAsync<RunFailedException>(() => Run(dir, new DeterministicRouter(), new Verifier("preference", _ => true)));
        Assert.Equal("RWD700", e.Code);
        Assert.Equal(ExitCodes.RunFailed, e.ExitCode);
        Assert.Contains("the preference signal failed on every one of the 12 pair(s)", e.Message);
        Assert.Contains("batch size 0 cannot run", e.Message);
        Assert.True(File.Exists(Path.Combine(dir, "scores.jsonl")));
    }

    [Fact]
    public async Task A_signal_that_failed_on_some_pairs_is_counted_not_fatal()
    {
        var report = await Run(TestPaths.NewTempDirectory(), new DeterministicRouter(), new Verifier("preference", call => call % 3 == 0));
        Assert.Equal(4, report.Summary.Errors["preference"]);
    }

    [Fact]
    public async Task Router_and_judger_failures_are_recorded_per_pair_not_thrown()
    {
        var dir = TestPaths.NewTempDirectory();
        var e = await Assert.ThrowsAsync<RunFailedException>(() => Run(dir, new ThrowingRouter(), new Verifier("preference", _ => false), new ThrowingJudger()));
        // Every pair was evaluated and stored; the run fails because the router (and judger) failed on all of them.
        Assert.Contains("the judger signal failed on every one", e.Message);
        var lines = File.ReadAllLines(Path.Combine(dir, "scores.jsonl"));
        Assert.Equal(12, lines.Length);
        Assert.All(lines, l => Assert.Contains("the router choked", l));
        Assert.All(lines, l => Assert.Contains("\"picked\":\"tie\"", l));
    }
}
