namespace RewardEngine.Verifiers.Constraints;

/// <summary>One checkable constraint of an instruction: an instruction id (IFEval's, or <c>rwd:</c> for the
/// engine's own kinds) and its arguments.</summary>
public sealed record Constraint(string InstructionId, ConstraintArgs Args)
{
    public Constraint(string instructionId) : this(instructionId, ConstraintArgs.None) { }

    /// <summary>A short human description, e.g. <c>length_constraints:number_words {"relation":"less than","num_words":50}</c>.</summary>
    public string Describe()
    {
        var args = ConstraintJson.Serialize(Args);
        return args == "{}" ? InstructionId : $"{InstructionId} {args}";
    }

    public override string ToString() => Describe();
}

/// <summary>The verdict of one checker on one response.</summary>
/// <param name="Passed">Whether the constraint is met.</param>
/// <param name="Score">1 when met; for count constraints a missed count earns partial credit in [0, 1) that
/// shrinks with the relative distance from the target; other constraints score 0 when missed.</param>
/// <param name="Reason">A short reason, e.g. "42 words; needs less than 40".</param>
public sealed record CheckResult(bool Passed, double Score, string Reason)
{
    public static CheckResult Pass(string reason) => new(true, 1.0, reason);
    public static CheckResult Fail(string reason) => new(false, 0.0, reason);
}

/// <summary>Strict and loose verdicts of one constraint on one response (IFEval's two accuracies).</summary>
public sealed record ConstraintVerdict(Constraint Constraint, CheckResult Strict, CheckResult Loose);
