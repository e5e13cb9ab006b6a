namespace RewardEngine.Configuration;

/// <summary>The factuality verifier.</summary>
public sealed record FactualityOptions
{
    /// <summary>Needs an LLM; ignored in the verifiers-only profile.</summary>
    public bool Enabled { get; init; } = true;
    /// <summary>SQLite FTS5 knowledge base built by <c>reward kb ingest</c>. Null: the model's own knowledge.</summary>
    public string? KnowledgeBase { get; init; }
    /// <summary>Passages retrieved per search query.</summary>
    public int TopK { get; init; } = 5;
    /// <summary>
    /// Evidence budget in approximate tokens (words x 1.3); passages are kept whole while they fit, the next one is cut.
    /// In local mode (no knowledge base) it also caps the model's own statement of facts (at most 512).
    /// </summary>
    public int EvidenceTokens { get; init; } = 1024;
    /// <summary>Most differences the LLM may list per pair of answers.</summary>
    public int MaxDifferences { get; init; } = 3;
    /// <summary>Most search queries the LLM may write per pair of answers.</summary>
    public int MaxQueries { get; init; } = 3;
    /// <summary>neutral (default: style and length do not count) or original (the shorter of two similarly factual answers scores higher; identical answers 10 and 10).</summary>
    public FactualityRules Rules { get; init; } = FactualityRules.Neutral;
    /// <summary>More than two answers: all_pairs (default) or sampled (the original's best-of-n: N drawn pairs, the first query only).</summary>
    public FactualitySchedule Schedule { get; init; } = FactualitySchedule.AllPairs;
}
