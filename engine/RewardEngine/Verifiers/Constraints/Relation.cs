namespace RewardEngine.Verifiers.Constraints;

/// <summary>
/// Count relations. IFEval uses only "less than" (actual &lt; n) and "at least" (actual &gt;= n); the engine's own
/// kinds may also use "exactly", "at most" and "more than".
/// </summary>
public static class Relation
{
    public const string LessThan = "less than";
    public const string AtLeast = "at least";
    public const string Exactly = "exactly";
    public const string AtMost = "at most";
    public const string MoreThan = "more than";

    public static bool IsKnown(string? relation) => relation is LessThan or AtLeast or Exactly or AtMost or MoreThan;

    public static bool Holds(string relation, int actual, int target) => relation switch
    {
        LessThan => actual < target,
        AtLeast => actual >= target,
        Exactly => actual == target,
        AtMost => actual <= target,
        MoreThan => actual > target,
        _ => throw new ArgumentException($"unknown relation '{relation}'", nameof(relation)),
    };

    /// <summary>How many units away from satisfying the relation (0 when it holds).</summary>
    public static int Distance(string relation, int actual, int target) => relation switch
    {
        LessThan => Math.Max(0, actual - target + 1),
        AtLeast => Math.Max(0, target - actual),
        Exactly => Math.Abs(actual - target),
        AtMost => Math.Max(0, actual - target),
        MoreThan => Math.Max(0, target + 1 - actual),
        _ => throw new ArgumentException($"unknown relation '{relation}'", nameof(relation)),
    };

    /// <summary>
    /// Graded credit for a count: 1 when the relation holds; otherwise 1 - relative distance (distance over the
    /// target), floored at 0, so 48 words against "at least 50" earns 0.96 and 10 words earns 0.2.
    /// </summary>
    public static double GradedScore(string relation, int actual, int target)
    {
        var d = Distance(relation, actual, target);
        if (d == 0) return 1.0;
        return Math.Max(0.0, 1.0 - (double)d / Math.Max(1, target));
    }
}
