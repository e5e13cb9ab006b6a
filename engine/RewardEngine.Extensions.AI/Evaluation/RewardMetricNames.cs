namespace RewardEngine.Extensions.AI.Evaluation;

/// <summary>
/// The names of the metrics <see cref="RewardEvaluator"/> returns: <see cref="Reward"/>, one per signal under the
/// signal's engine name (as in scores.jsonl: "preference", "constraints", "factuality"), and one per constraint
/// under <see cref="ConstraintPrefix"/> and the constraint's description.
/// </summary>
public static class RewardMetricNames
{
    /// <summary>The judger's score of the response (with rivals) or the weighted pointwise reward (alone).</summary>
    public const string Reward = "reward";

    /// <summary>The reward-model signal.</summary>
    public const string Preference = "preference";

    /// <summary>The share of the instruction's constraints the response meets.</summary>
    public const string Constraints = "constraints";

    /// <summary>The factuality signal (with rivals only: it compares answers).</summary>
    public const string Factuality = "factuality";

    /// <summary>Starts the name of each constraint's own pass/fail metric.</summary>
    public const string ConstraintPrefix = "constraint: ";
}
