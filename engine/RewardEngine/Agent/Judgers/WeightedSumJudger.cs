using System.Globalization;

namespace RewardEngine.Agent.Judgers;

/// <summary>
/// Sums each answer's signal scores times the signal's weight (1.0 each by default, as the original), on one scale:
/// a signal of unbounded scores (<see cref="SignalScale.Logit"/>, a reward model's raw logits) enters as the logistic
/// 1/(1+e^-x) of each score, in (0, 1) like the checks' scores, so a logit of 9 cannot drown a failed constraint. The
/// logistic keeps the model's own order of the answers (alone it picks what the raw scores pick).
/// </summary>
public sealed class WeightedSumJudger(SignalWeights weights) : IJudger
{
    /// <summary>The engine's verifiers' default weights here (each provider's <see cref="SignalWeightDefaults.WeightedSum"/>).</summary>
    public static IReadOnlyDictionary<SignalKind, double> DefaultWeights { get; } = VerifierCatalog.Default.DefaultWeights(Configuration.JudgerKind.WeightedSum);

    public string Name => "weighted_sum";

    public Task<Judgment> JudgeAsync(RewardQuery query, IReadOnlyList<SignalResult> signals, CancellationToken cancellationToken)
    {
        var totals = new double[query.Answers.Count];
        var parts = new List<string>();
        foreach (var s in signals)
        {
            var w = weights[s.Kind];
            for (int i = 0; i < totals.Length; i++) totals[i] += w * OnUnitScale(s.Scale, s.Scores[i]);
            parts.Add($"{(s.Scale == SignalScale.Logit ? $"logistic({s.Name})" : s.Name)} x{w.ToString("0.##", CultureInfo.InvariantCulture)}");
        }
        var rationale = signals.Count == 0 ? "no signal applied: all answers tie" : "sum of " + string.Join(" + ", parts);
        return Task.FromResult(new Judgment(Name, totals, Judgment.ArgMax(totals), rationale));
    }

    /// <summary>A score on [0, 1]: itself, or the logistic of a logit.</summary>
    public static double OnUnitScale(SignalScale scale, double score) => scale == SignalScale.Logit ? 1.0 / (1.0 + Math.Exp(-score)) : score;
}
