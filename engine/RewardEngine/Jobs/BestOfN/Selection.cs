using RewardEngine.Evaluation;

namespace RewardEngine.Jobs.BestOfN;

/// <summary>
/// A selection rule's pick for one prompt and n: the response's index, and the LLM cost of deciding (the llm rule's
/// games; none for the rules that add or vote). An index converts to a selection that cost nothing.
/// </summary>
public sealed record Selection(int Index)
{
    /// <summary>The cost of the games that decided this pick, as they cost when played (a replayed game reports its cost again).</summary>
    public LlmCost Cost { get; init; } = LlmCost.Zero;

    public static implicit operator Selection(int index) => new(index);
}
