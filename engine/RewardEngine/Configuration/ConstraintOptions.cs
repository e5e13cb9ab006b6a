namespace RewardEngine.Configuration;

/// <summary>The instruction-following verifier (immutable: values are checked at load, see <see cref="ConfigRules"/>).</summary>
public sealed record ConstraintOptions
{
    public bool Enabled { get; init; } = true;
    /// <summary>graded (default: a near miss of a count earns partial credit) or binary (the original).</summary>
    public ConstraintScoring Scoring { get; init; } = ConstraintScoring.Graded;
    /// <summary>Use the coder LLM for constraints the parser does not cover (profiles with a coder).</summary>
    public bool LlmFallback { get; init; } = true;
    public int MaxCheckers { get; init; } = 8;
    public int RepairRounds { get; init; } = 2;
    /// <summary>SQLite file of generated checkers; default: checkers.db beside the run output.</summary>
    public string? CachePath { get; init; }
}
