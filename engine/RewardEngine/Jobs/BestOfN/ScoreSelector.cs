using RewardEngine.Agent;
using RewardEngine.Agent.Judgers;

namespace RewardEngine.Jobs.BestOfN;

/// <summary>
/// Picks the response with the highest score, the first one on a tie (as the original's weighted sum):
/// <c>rm</c> scores by the reward model alone, <c>weighted_sum</c> by the weighted mean of every signal on the
/// common [0, 1] scale (<see cref="ResponseSignals.Normalized"/>).
/// </summary>
public sealed class ScoreSelector(string name, Func<ResponseSignals, double> score) : IResponseSelector
{
    public string Name => name;

    public static ScoreSelector RewardModel() => new("rm", s => s.ScoreOf(SignalKind.Preference) ?? double.NegativeInfinity);

    public static ScoreSelector WeightedSum(SignalWeights weights) => new("weighted_sum", s => s.Reward(k => weights[k]));

    public Task<Selection> SelectAsync(SelectionInput input, int n, CancellationToken cancellationToken)
    {
        int best = 0;
        for (int i = 1; i < n; i++)
            if (score(input.Signals[i]) > score(input.Signals[best]) + 1e-12) best = i;
        return Task.FromResult<Selection>(best);
    }
}
