using RewardEngine.Agent;
using RewardEngine.Jobs;

namespace RewardEngine.Evaluation;

/// <summary>
/// A finished listwise row (RewardBench 2 style) as committed to the run store and written to scores.jsonl. Every
/// per-answer list is in the row's own order (correct answers first); <see cref="Shown"/> is the seeded order the
/// agent saw them in.
/// </summary>
/// <param name="Shown">Shown[k]: the answer shown at position k.</param>
/// <param name="Scores">The judger's score per answer.</param>
/// <param name="Best">The answer the judger picked, or null for a tie.</param>
/// <param name="Result">The row's score by RewardBench 2's rule (<see cref="Scoring.ListwiseScoring.BestOfRow"/>).</param>
/// <param name="TauB">Kendall's tau-b against the row's ranking, where it carries one.</param>
public sealed record ListwiseRecord(
    int Index, string Id, string Subset, string Dataset, int Record, int NumCorrect, int[] Shown,
    string Route, IReadOnlyList<SignalRecord> Signals, IReadOnlyList<SignalError> Errors,
    string Judger, double[] Scores, int? Best, string Rationale, double Result, double? TauB, LlmCost Llm) : IJobRecord
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public LlmCost Cost => Llm ?? LlmCost.Zero;
}
