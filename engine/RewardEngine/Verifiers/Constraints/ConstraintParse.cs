namespace RewardEngine.Verifiers.Constraints;

/// <summary>
/// The constraints found in an instruction, and notes on what the parser saw but could not represent (a count
/// beyond what a checker can hold, for one): such a constraint is dropped, never guessed.
/// </summary>
public sealed record ConstraintParse(IReadOnlyList<Constraint> Constraints, IReadOnlyList<string> Notes);
