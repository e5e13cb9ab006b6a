using RewardEngine.Diagnostics;

namespace RewardEngine.Jobs.BestOfN;

/// <summary>The selection rules by name: the one place a new rule is added.</summary>
public static class ResponseSelectors
{
    public static readonly IReadOnlyList<string> Names = ["first", "rm", "weighted_sum", "major_vote", "llm"];

    public static IResponseSelector Create(string name, ScoringSession session, SignalStore store, BestOfNOptions options) => name switch
    {
        "first" => new FirstSelector(),
        "rm" => ScoreSelector.RewardModel(),
        "weighted_sum" => ScoreSelector.WeightedSum(session.Weights),
        "major_vote" => new MajorVoteSelector(Agent.Judgers.SignalWeights.For(Configuration.JudgerKind.MajorVote, session.Context.Config.Judger.Weights, session.Context.Catalog)),
        "llm" => new LlmGamesSelector(session.Context.Planner ?? throw new ConfigException("selector llm: needs llm.planner (the tiny or full profile)"),
            store, session.ConfigKey, options.GameScoring, options.Games, options.Seed),
        _ => throw new UsageException($"--selectors: unknown '{name}' (expected {string.Join(", ", Names)})"),
    };
}
