namespace RewardEngine.Models.RewardModels;

/// <summary>
/// How <see cref="RewardModelBatcher"/> groups the texts of concurrent callers: a flush happens when
/// <see cref="MaxBatch"/> texts are waiting or <see cref="MaxDelay"/> has passed since the first of them arrived.
/// </summary>
/// <param name="MaxBatch">Texts per forward pass (larger flushes are split by length).</param>
/// <param name="MaxDelay">How long the first waiting text may wait for company. Zero: flush whatever is waiting
/// as soon as the model is free (texts that arrive during a pass still share the next one).</param>
public sealed record RewardModelBatching(int MaxBatch, TimeSpan MaxDelay)
{
    /// <summary>16 texts, 5 ms: a few milliseconds of latency buys batches under concurrent load.</summary>
    public static RewardModelBatching Default { get; } = new(16, TimeSpan.FromMilliseconds(5));
}
