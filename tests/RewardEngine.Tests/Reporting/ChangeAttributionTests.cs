using System.Text.Json;
using RewardEngine.Agent;
using RewardEngine.Agent.Judgers;
using RewardEngine.Agent.Routers;
using RewardEngine.Configuration;
using RewardEngine.Evaluation;
using RewardEngine.Reporting;

namespace RewardEngine.Tests.Reporting;

/// <summary>
/// Real eval runs (the evaluator, agent, router and judger) with small rule-based verifiers whose behaviour each test
/// changes, so the cause of every change is known in advance.
/// </summary>
public class ChangeAttributionTests
{
    /// <summary>Scores 1 for the shorter (or longer) answer, 0 for the other, 0.5 each when equally long.</summary>
    private sealed class LengthVerifier(string name, SignalKind kind, bool preferShorter) : IVerifier
    {
        public string Name => name;
        public SignalKind Kind => kind;
        public ValueTask<bool> AppliesToAsync(RewardQuery query, CancellationToken ct) => ValueTask.FromResult(true);
        public Task<SignalResult> ScoreAsync(RewardQuery query, CancellationToken ct)
        {
            var lengths = query.Answers.Select(a => a.Length).ToList();
            var best = preferShorter ? lengths.Min() : lengths.Max();
            var scores = lengths.All(l => l == best) ? lengths.Select(_ => 0.5).ToList() : lengths.Select(l => l == best ? 1.0 : 0.0).ToList();
            return Task.FromResult(new SignalResult(name, kind, scores, preferShorter ? "shorter is better" : "longer is better"));
        }
    }

    /// <summary>Always prefers whichever answer is shown first: pure position bias.</summary>
    private sealed class FirstAnswerVerifier : IVerifier
    {
        public string Name => "first";
        public SignalKind Kind => SignalKind.Preference;
        public ValueTask<bool> AppliesToAsync(RewardQuery query, CancellationToken ct) => ValueTask.FromResult(true);
        public Task<SignalResult> ScoreAsync(RewardQuery query, CancellationToken ct) =>
            Task.FromResult(new SignalResult(Name, Kind, query.Answers.Select((_, i) => i == 0 ? 1.0 : 0.0).ToList(), "first shown wins"));
    }

    /// <summary>30 pairs: chosen shorter (i mod 3 = 0), chosen longer (1), equally long (2); subsets even and odd.</summary>
    private static string Data()
    {
        var items = Enumerable.Range(0, 30).Select(i => new
        {
            id = $"p{i}",
            domain = i % 2 == 0 ? "even" : "odd",
            text_chosen = new[] { new { role = "user", content = $"q{i}" }, new { role = "assistant", content = (i % 3) switch { 0 => "ok", 1 => "much longer", _ => "same" } } },
            text_rejected = new[] { new { role = "user", content = $"q{i}" }, new { role = "assistant", content = (i % 3) switch { 0 => "longer", 1 => "no", _ => "mess" } } },
        });
        var f = Path.Combine(TestPaths.NewTempDirectory(), "pairs.json");
        File.WriteAllText(f, JsonSerializer.Serialize(items));
        return f;
    }

    private static RunOutput Run(string data, IReadOnlyList<IVerifier> verifiers, Dictionary<string, double>? weights = null,
        TiePolicy ties = TiePolicy.Half, OrderMode order = OrderMode.Random, int? limit = null)
    {
        var dir = TestPaths.NewTempDirectory("rwd-attr");
        var options = new EvalOptions { Datasets = [data], OutputDirectory = dir, Ties = ties, Order = order, Limit = limit, Threads = 2 };
        new PairwiseEvaluator(new EngineConfig(), options, TextWriter.Null, null,
                _ => new RewardAgent(new DeterministicRouter(), verifiers, new WeightedSumJudger(new SignalWeights(WeightedSumJudger.DefaultWeights, weights))))
            .RunAsync(default).GetAwaiter().GetResult();
        return RunOutput.Load(dir);
    }

    [Fact]
    public void A_signal_that_turned_around_is_named_and_an_unchanged_one_is_not()
    {
        var data = Data();
        var a = Run(data, [new LengthVerifier("length", SignalKind.Constraint, preferShorter: true), new LengthVerifier("other", SignalKind.Preference, true)]);
        var b = Run(data, [new LengthVerifier("length", SignalKind.Constraint, preferShorter: false), new LengthVerifier("other", SignalKind.Preference, true)]);
        var d = RunComparer.Compare(a, b);

        // Shorter-chosen pairs: 1 -> 0.5 (the two signals now cancel); longer-chosen pairs: 0 -> 0.5; equal: 0.5 both.
        Assert.Equal(20, d.Changed.Count);
        Assert.All(d.Changed, c =>
        {
            Assert.Equal(ChangeKind.Signal, c.Cause.Kind);
            Assert.Equal("length", c.Cause.Signal);
        });
        var regressed = d.Changed.First(c => c.ResultB < c.ResultA);
        Assert.Contains("favoured chosen (chosen 1, rejected 0) in A and rejected (chosen 0, rejected 1) in B", regressed.Cause.Explanation);
        Assert.Equal(10, d.Overall.Improved);
        Assert.Equal(10, d.Overall.Regressed);
        Assert.Equal(1.0, d.Overall.PValue);
        Assert.False(d.Overall.BeyondNoise);
        // Side by side: both runs' signals, read as chosen and rejected.
        var sideA = regressed.InA.Games.Single().Signals.Single(s => s.Name == "length");
        var sideB = regressed.InB.Games.Single().Signals.Single(s => s.Name == "length");
        Assert.Equal((1.0, 0.0, Preference.Chosen), (sideA.Chosen!.Value, sideA.Rejected!.Value, sideA.Prefers));
        Assert.Equal((0.0, 1.0, Preference.Rejected), (sideB.Chosen!.Value, sideB.Rejected!.Value, sideB.Prefers));
        Assert.Equal("longer is better", sideB.Rationale);
    }

    [Fact]
    public void The_same_signals_weighed_differently_blame_the_judger()
    {
        var data = Data();
        IVerifier[] verifiers = [new LengthVerifier("short", SignalKind.Constraint, true), new LengthVerifier("long", SignalKind.Factuality, false)];
        var a = Run(data, verifiers, new() { ["constraint"] = 2, ["factuality"] = 1 });
        var b = Run(data, verifiers, new() { ["constraint"] = 1, ["factuality"] = 2 });
        var d = RunComparer.Compare(a, b);

        Assert.Equal(20, d.Changed.Count);
        Assert.All(d.Changed, c => Assert.Equal(ChangeKind.Judger, c.Cause.Kind));
        Assert.Contains("the judger (weighted_sum) decided differently", d.Changed[0].Cause.Explanation);
        Assert.Equal(10, d.Overall.Regressed);
    }

    [Fact]
    public void The_same_verdicts_under_another_tie_rule_blame_the_ties()
    {
        var data = Data();
        IVerifier[] verifiers = [new LengthVerifier("length", SignalKind.Constraint, true)];
        var d = RunComparer.Compare(Run(data, verifiers), Run(data, verifiers, ties: TiePolicy.Strict));

        Assert.Equal(10, d.Changed.Count); // the equal-length pairs: 0.5 -> 0
        Assert.All(d.Changed, c =>
        {
            Assert.Equal(ChangeKind.Ties, c.Cause.Kind);
            Assert.Equal((0.5, 0.0), (c.ResultA, c.ResultB));
            Assert.Contains("a tie scores 0.5 in A (--ties half) and 0 in B (--ties strict)", c.Cause.Explanation);
        });
        Assert.Contains(d.Settings, s => s is { Setting: "ties", A: "half", B: "strict" });
        Assert.True(d.Overall.BeyondNoise); // 10 regressed, 0 improved: p = 2 / 1024
        Assert.Equal(2.0 / 1024, d.Overall.PValue, 12);
    }

    [Fact]
    public void A_verdict_that_follows_the_position_blames_the_order()
    {
        var data = Data();
        IVerifier[] verifiers = [new FirstAnswerVerifier()];
        var a = Run(data, verifiers);
        var b = Run(data, verifiers, order: OrderMode.Both);
        var d = RunComparer.Compare(a, b);

        Assert.Equal(30, d.Changed.Count); // every pair: 1 or 0 in one order, 0.5 over both
        Assert.All(d.Changed, c =>
        {
            Assert.Equal(ChangeKind.Order, c.Cause.Kind);
            Assert.Contains("B also showed it", c.Cause.Explanation);
            Assert.Equal(0.5, c.ResultB);
        });
        Assert.Equal(1.0, RunStatistics.Of(b).Overall.FlipRate);
    }

    [Fact]
    public void Runs_over_different_pairs_are_compared_on_those_they_share()
    {
        var data = Data();
        IVerifier[] verifiers = [new LengthVerifier("length", SignalKind.Constraint, true)];
        var a = Run(data, verifiers);
        var b = Run(data, [new LengthVerifier("length", SignalKind.Constraint, false)], limit: 12);
        var d = RunComparer.Compare(a, b);

        Assert.Equal(12, d.SharedPairs);
        Assert.Equal((30, 18, 12, 0), (d.A.Pairs, d.A.NotShared, d.B.Pairs, d.B.NotShared));
        Assert.Equal(18, d.Subsets.Sum(s => s.OnlyInA));
        Assert.Equal(12, d.Subsets.Sum(s => s.Shared));
        foreach (var s in d.Subsets)
        {
            // B's pairs are all shared, so its shared-pair accuracy is what it reported; A's reported is over all 30.
            Assert.Equal(b.ReportedAccuracy[s.Subset], s.AccuracyB!.Value, 6);
            Assert.Equal(a.ReportedAccuracy[s.Subset], s.ReportedA);
        }
        Assert.Equal(8, d.Changed.Count); // of the first 12: 4 shorter-chosen, 4 longer-chosen
        Assert.Contains(d.Settings, s => s.Setting == "limit" && s.A is null && s.B == "12");
    }
}
