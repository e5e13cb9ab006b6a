namespace RewardEngine.Jobs;

/// <summary>An input item with its stable index (the run store's key and the seed of its randomness).</summary>
public readonly record struct JobItem<TItem>(int Index, TItem Value);
