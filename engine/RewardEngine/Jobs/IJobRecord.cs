using RewardEngine.Evaluation;

namespace RewardEngine.Jobs;

/// <summary>
/// What a job commits for one item: a JSON-serializable record that knows its item's index and what the item cost.
/// The record is stored whole in the run store (one row per item) and read back on resume.
/// </summary>
public interface IJobRecord
{
    /// <summary>The item's index (stable across runs: the same input item always has the same index).</summary>
    int Index { get; }

    /// <summary>The LLM cost of the item's reward work, returned with its result (never a policy model's tokens).</summary>
    LlmCost Cost { get; }
}
