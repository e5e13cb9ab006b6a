using RewardEngine.Agent;

namespace RewardEngine.Configuration;

/// <summary>How signals are merged into a verdict.</summary>
public sealed record JudgerOptions
{
    /// <summary>weighted_sum, major_vote or llm.</summary>
    public JudgerKind Kind { get; init; } = JudgerKind.WeightedSum;
    /// <summary>Weight per signal kind (preference, constraint, factuality). Missing kinds take the judger's default.</summary>
    public IReadOnlyDictionary<string, double>? Weights { get; init; }
    /// <summary>Multi-answer judging (best-of-n): average or elo.</summary>
    public MultiAnswerMode MultiAnswer { get; init; } = MultiAnswerMode.Average;
}
