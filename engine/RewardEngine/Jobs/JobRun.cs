using RewardEngine.Evaluation;

namespace RewardEngine.Jobs;

/// <summary>A finished run of a job (or of one shard of it): its records in item order and what the run did.</summary>
/// <param name="RunKey">The run key (<see cref="RunKeyParts"/>).</param>
/// <param name="Shard">The shard run, or null for the whole run.</param>
/// <param name="Records">The records of the items run (this shard's), in the order of the input list.</param>
/// <param name="Resumed">Items found in the store.</param>
/// <param name="RunNow">Items run by this process.</param>
/// <param name="Elapsed">Time spent running items.</param>
/// <param name="Models">The model files hashed into the key.</param>
public sealed record JobRun<TRecord>(
    string RunKey,
    ShardSpec? Shard,
    IReadOnlyList<TRecord> Records,
    int Resumed,
    int RunNow,
    TimeSpan Elapsed,
    IReadOnlyList<ModelFileHash> Models)
    where TRecord : class, IJobRecord
{
    /// <summary>The LLM cost of every record (resumed ones included).</summary>
    public LlmCost Cost => LlmCost.Sum(Records.Select(r => r.Cost));

    /// <summary>Items run per second by this process.</summary>
    public double ItemsPerSecond => RunNow / Math.Max(Elapsed.TotalSeconds, 1e-6);
}
