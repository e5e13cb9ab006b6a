namespace RewardEngine.Verifiers.Constraints;

/// <summary>
/// A number in an instruction that no constraint can hold (past <see cref="PhraseGrammar.MaxCount"/>, or a form the
/// grammar matched but cannot read). The rule that met it drops its constraint and the parser notes why.
/// </summary>
internal sealed class UnrepresentableQuantityException(string number, string problem)
    : Exception($"the number '{(number.Length > 40 ? number[..40] + "..." : number)}' {problem}")
{
    public string Number { get; } = number;
}
