using RewardEngine.Agent;
using RewardEngine.Scoring;

namespace RewardEngine.Jobs.BestOfN;

/// <summary>What <c>reward bon</c> is asked for.</summary>
/// <param name="Ns">The n values, ascending.</param>
/// <param name="Selectors">Selection rules to compare (first, rm, weighted_sum, major_vote, llm).</param>
/// <param name="Agent">The rule whose picks are written as <c>results_best_of_{n}.jsonl</c>.</param>
/// <param name="Games">LLM games per prompt (null: every pair).</param>
public sealed record BestOfNOptions(string Input, string OutputDirectory, IReadOnlyList<int> Ns, IReadOnlyList<string> Selectors, string Agent,
    int? Games, MultiAnswerMode GameScoring, int Seed, int Threads);

/// <summary>What a best-of-n run did and found.</summary>
/// <param name="SignalsComputed">Per-response signal computations made in this run (each response's verifiers run once).</param>
/// <param name="SignalsReused">Per-response signals found in the signal store (earlier n, an earlier or killed run).</param>
/// <param name="GamesPlayed">LLM games asked of the LLM in this run (the llm rule); their cost is <see cref="GamesCost"/>.</param>
public sealed record BestOfNReport(int Prompts, IReadOnlyList<int> Ns, string Agent, int SignalsComputed, int SignalsReused,
    int GamesPlayed, int GamesReused, int SignalErrors, IReadOnlyList<SelectionAccuracy> Table, double Seconds, string OutputDirectory)
{
    /// <summary>The LLM cost of the games played in this run: calls, generated tokens, parse failures (and prompt tokens).</summary>
    public Evaluation.LlmCost GamesCost { get; init; } = Evaluation.LlmCost.Zero;
}
