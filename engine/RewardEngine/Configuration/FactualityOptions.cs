namespace RewardEngine.Configuration;

/// <summary>The factuality verifier.</summary>
public sealed class FactualityOptions
{
    /// <summary>Needs an LLM; ignored in the verifiers-only profile.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>SQLite FTS5 knowledge base built by <c>reward kb ingest</c>. Null: the model's own knowledge.</summary>
    public string? KnowledgeBase { get; set; }
    public int TopK { get; set; } = 5;
    /// <summary>Evidence budget in (approximate) tokens.</summary>
    public int EvidenceTokens { get; set; } = 1024;
    public int MaxDifferences { get; set; } = 3;
    public int MaxQueries { get; set; } = 3;
}
