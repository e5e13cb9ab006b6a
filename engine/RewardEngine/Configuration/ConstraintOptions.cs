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
    /// <summary>Repairs of a generated checker that fails its test run; each repair is tested (the original tests one).</summary>
    public int RepairRounds { get; init; } = 2;
    /// <summary>bool (default: a return other than True or False is an error) or truthy (the original: any truthy return passes).</summary>
    public CheckerResults CheckerResults { get; init; } = CheckerResults.Bool;
    /// <summary>SQLite file of generated checkers; default: checkers.db beside the run output.</summary>
    public string? CachePath { get; init; }
}
