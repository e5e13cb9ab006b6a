namespace RewardEngine.Jobs.BestOfN;

/// <summary>A rule's pick among the first n responses, and the LLM games it took (none for rules without an LLM).</summary>
public sealed record Selection(int Index, IReadOnlyList<GameUse> Games)
{
    /// <summary>A pick that took no LLM work.</summary>
    public static Selection Of(int index) => new(index, []);
}
