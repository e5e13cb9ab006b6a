namespace RewardEngine.Agent;

/// <summary>What a signal's scores are on: bounded [0, 1] (checks) or unbounded logits (a reward model).</summary>
public enum SignalScale
{
    /// <summary>Scores in [0, 1].</summary>
    Unit,
    /// <summary>Unbounded reals (a reward model's raw score): judgers that add scores map them to (0, 1) by the logistic.</summary>
    Logit,
}

/// <summary>
/// One verifier's answer: a score per answer (higher is better; verifiers use [0, 1], the reward model any real)
/// and a readable rationale.
/// </summary>
public sealed record SignalResult(
    string Name,
    SignalKind Kind,
    IReadOnlyList<double> Scores,
    string Rationale)
{
    /// <summary>Per-answer notes (same order as the answers), where the verifier has them.</summary>
    public IReadOnlyList<string>? AnswerNotes { get; init; }

    /// <summary>The scale of <see cref="Scores"/>; <see cref="SignalScale.Unit"/> unless the verifier says otherwise.</summary>
    public SignalScale Scale { get; init; } = SignalScale.Unit;
    /// <summary>The individual checks the scores were made of (the constraint verifier's constraints), where the verifier has them.</summary>
    public IReadOnlyList<SignalCheck>? Checks { get; init; }

    /// <summary>What the verifier's LLM work for this result cost (none for a verifier without an LLM).</summary>
    public Evaluation.LlmCost Cost { get; init; } = Evaluation.LlmCost.Zero;
}
