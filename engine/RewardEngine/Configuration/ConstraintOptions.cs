namespace RewardEngine.Configuration;

/// <summary>The instruction-following verifier.</summary>
public sealed class ConstraintOptions
{
    public bool Enabled { get; set; } = true;
    /// <summary>graded (default: a near miss of a count earns partial credit) or binary (the original).</summary>
    public string Scoring { get; set; } = "graded";
    /// <summary>Use the coder LLM for constraints the parser does not cover (profiles with a coder).</summary>
    public bool LlmFallback { get; set; } = true;
    public int MaxCheckers { get; set; } = 8;
    public int RepairRounds { get; set; } = 2;
    /// <summary>SQLite file of generated checkers; default: checkers.db beside the run output.</summary>
    public string? CachePath { get; set; }
}
