using RewardEngine.Agent;
using RewardEngine.Agent.Judgers;

namespace RewardEngine.Tests.Agent;

public class JudgerTests
{
    private static readonly RewardQuery Query = RewardQuery.FromInstruction("q", "a", "b");

    private static SignalResult S(SignalKind kind, params double[] scores) => new(kind.ToString(), kind, scores, "");

    [Fact]
    public async Task Weighted_sum_adds_weighted_scores()
    {
        var j = new WeightedSumJudger(new SignalWeights(WeightedSumJudger.DefaultWeights, new Dictionary<string, double> { ["preference"] = 0.5 }));
        var r = await j.JudgeAsync(Query, [S(SignalKind.Preference, 2.0, 0.0), S(SignalKind.Constraint, 0.0, 1.5)], default);
        Assert.Equal(1.0, r.Scores[0], 9);
        Assert.Equal(1.5, r.Scores[1], 9);
        Assert.Equal(1, r.Best);
    }

    [Fact]
    public async Task Weighted_sum_with_no_signal_is_a_tie()
    {
        var j = new WeightedSumJudger(new SignalWeights(WeightedSumJudger.DefaultWeights, null));
        var r = await j.JudgeAsync(Query, [], default);
        Assert.Null(r.Best);
    }

    [Fact]
    public async Task Major_vote_uses_the_originals_weights()
    {
        var j = new MajorVoteJudger(new SignalWeights(MajorVoteJudger.DefaultWeights, null));
        // Factuality (1.2) for A outweighs neither constraint (1.1) nor preference (1.0) alone, but loses to both.
        var r = await j.JudgeAsync(Query, [S(SignalKind.Factuality, 0.9, 0.1), S(SignalKind.Constraint, 0, 1), S(SignalKind.Preference, -1, 3)], default);
        Assert.Equal(1.2, r.Scores[0], 9);
        Assert.Equal(2.1, r.Scores[1], 9);
        Assert.Equal(1, r.Best);
        var two = await j.JudgeAsync(Query, [S(SignalKind.Factuality, 0.9, 0.1), S(SignalKind.Preference, -1, 3)], default);
        Assert.Equal(0, two.Best);
    }

    [Fact]
    public async Task Major_vote_splits_a_tied_signals_weight()
    {
        var j = new MajorVoteJudger(new SignalWeights(MajorVoteJudger.DefaultWeights, null));
        var r = await j.JudgeAsync(Query, [S(SignalKind.Constraint, 0.5, 0.5), S(SignalKind.Preference, 0.2, 0.1)], default);
        Assert.Equal(0.55 + 1.0, r.Scores[0], 9);
        Assert.Equal(0.55, r.Scores[1], 9);
        Assert.Equal(0, r.Best);
        var tie = await j.JudgeAsync(Query, [S(SignalKind.Constraint, 1, 1)], default);
        Assert.Null(tie.Best);
        Assert.Contains("split", tie.Rationale);
    }

    [Fact]
    public async Task Major_vote_splits_among_the_tied_top_answers_only()
    {
        var j = new MajorVoteJudger(new SignalWeights(MajorVoteJudger.DefaultWeights, null));
        var q = RewardQuery.FromInstruction("q", "a", "b", "c");
        var r = await j.JudgeAsync(q, [S(SignalKind.Factuality, 0.8, 0.8, 0.1)], default);
        Assert.Equal([0.6, 0.6, 0.0], r.Scores.Select(x => Math.Round(x, 9)));
    }

    [Fact]
    public void Unknown_weight_keys_are_config_errors()
    {
        var e = Assert.Throws<RewardEngine.Diagnostics.ConfigException>(() =>
            new SignalWeights(WeightedSumJudger.DefaultWeights, new Dictionary<string, double> { ["style"] = 1 }));
        Assert.Contains("judger.weights.style", e.Message);
    }

    private sealed class RoundedComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-6;
        public int GetHashCode(double obj) => 0;
    }
}

public class WeightedSumScaleTests
{
    [Fact]
    public async Task A_reward_models_logits_are_put_on_the_checks_scale_before_adding()
    {
        var query = RewardQuery.FromInstruction("q", "a", "b");
        var judger = new WeightedSumJudger(new SignalWeights(WeightedSumJudger.DefaultWeights, null));
        // Raw logits 9 vs 2 would drown a failed constraint (9 + 0 > 2 + 1); on one scale the constraint decides.
        var rm = new SignalResult("preference", SignalKind.Preference, [9.0, 2.0], "") { Scale = SignalScale.Logit };
        var check = new SignalResult("constraints", SignalKind.Constraint, [0.0, 1.0], "");
        var r = await judger.JudgeAsync(query, [rm, check], default);
        Assert.Equal(1, r.Best);
        Assert.Equal(1 / (1 + Math.Exp(-9.0)), r.Scores[0], 12);
        Assert.Equal(1 / (1 + Math.Exp(-2.0)) + 1, r.Scores[1], 12);
        Assert.Contains("logistic(preference)", r.Rationale);
        // Alone, the logistic keeps the model's own choice.
        Assert.Equal(0, (await judger.JudgeAsync(query, [rm], default)).Best);
    }
}
