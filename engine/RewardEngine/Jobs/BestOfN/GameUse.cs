using RewardEngine.Evaluation;

namespace RewardEngine.Jobs.BestOfN;

/// <summary>One LLM game a selection used: its cache key, what it cost, and whether this process played it (or replayed it).</summary>
public sealed record GameUse(string Key, LlmCost Cost, bool PlayedNow);
