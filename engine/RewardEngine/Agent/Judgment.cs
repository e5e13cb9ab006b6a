namespace RewardEngine.Agent;

/// <summary>
/// The judger's decision over the answers of a query: a final score per answer and the best answer
/// (<see cref="Best"/> is null on a tie at the top).
/// </summary>
public sealed record Judgment(string Judger, IReadOnlyList<double> Scores, int? Best, string Rationale)
{
    /// <summary>What the judger's LLM work cost (none for the judgers that only add or vote).</summary>
    public Evaluation.LlmCost Cost { get; init; } = Evaluation.LlmCost.Zero;

    /// <summary>The index of the single highest score, or null when two or more share it.</summary>
    public static int? ArgMax(IReadOnlyList<double> scores)
    {
        var top = Top(scores);
        return top.Count == 1 ? top[0] : null;
    }

    /// <summary>The indices sharing the highest score (within 1e-9, so float noise is not a preference).</summary>
    public static IReadOnlyList<int> Top(IReadOnlyList<double> scores)
    {
        if (scores.Count == 0) return [];
        var max = scores.Max();
        return Enumerable.Range(0, scores.Count).Where(i => scores[i] >= max - 1e-9).ToList();
    }
}
