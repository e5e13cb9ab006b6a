using System.Globalization;

namespace RewardEngine.Agent.Judgers;

/// <summary>
/// Sums each answer's signal scores times the signal's weight (1.0 each by default, as the original).
/// </summary>
public sealed class WeightedSumJudger(SignalWeights weights) : IJudger
{
    public static readonly IReadOnlyDictionary<SignalKind, double> DefaultWeights = new Dictionary<SignalKind, double>
    {
        [SignalKind.Preference] = 1.0, [SignalKind.Constraint] = 1.0, [SignalKind.Factuality] = 1.0,
    };

    public string Name => "weighted_sum";

    public Task<Judgment> JudgeAsync(RewardQuery query, IReadOnlyList<SignalResult> signals, CancellationToken cancellationToken)
    {
        var totals = new double[query.Answers.Count];
        var parts = new List<string>();
        foreach (var s in signals)
        {
            var w = weights[s.Kind];
            for (int i = 0; i < totals.Length; i++) totals[i] += w * s.Scores[i];
            parts.Add($"{s.Name} x{w.ToString("0.##", CultureInfo.InvariantCulture)}");
        }
        var rationale = signals.Count == 0 ? "no signal applied: all answers tie" : "sum of " + string.Join(" + ", parts);
        return Task.FromResult(new Judgment(Name, totals, Judgment.ArgMax(totals), rationale));
    }
}
