using RewardEngine.Agent;
using RewardEngine.Evaluation;

namespace RewardEngine.Jobs;

/// <summary>One signal's score for one response (a reward model's raw score, on <see cref="SignalScale.Logit"/>, or a verifier's [0, 1]).</summary>
public sealed record ResponseSignal(string Name, SignalKind Kind, double Score, SignalScale Scale = SignalScale.Unit);

/// <summary>Every per-response signal of one response, and the verifiers that failed on it.</summary>
public sealed record ResponseSignals(IReadOnlyList<ResponseSignal> Signals, IReadOnlyList<string> Errors)
{
    /// <summary>
    /// What computing these signals cost in LLM work (kept with them in the signal cache, so a response's cost is the
    /// same whether this run computed it or reused it).
    /// </summary>
    public LlmCost Cost { get; init; } = LlmCost.Zero;

    /// <summary>
    /// The score on the weighted-sum judger's common [0, 1] scale: a reward model's raw score (an unbounded logit)
    /// through the logistic function, a verifier's score as it is. So a large logit cannot drown the verifiers' scores.
    /// </summary>
    public static double Normalized(ResponseSignal s) => Agent.Judgers.WeightedSumJudger.OnUnitScale(s.Scale, s.Score);

    /// <summary>The weighted mean of the normalized scores (in [0, 1]); 0 without signals.</summary>
    public double Reward(Func<SignalKind, double> weight)
    {
        double sum = 0, total = 0;
        foreach (var s in Signals) { var w = weight(s.Kind); sum += w * Normalized(s); total += w; }
        return total == 0 ? 0 : sum / total;
    }

    public double? ScoreOf(SignalKind kind) => Signals.FirstOrDefault(s => s.Kind == kind)?.Score;
}
