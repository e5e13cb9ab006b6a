namespace RewardEngine.Jobs.BestOfN;

/// <summary>Every rule's pick among a prompt's first <see cref="N"/> responses, by rule name.</summary>
internal sealed record BestOfNPicks(int N, IReadOnlyDictionary<string, int> Picked);
