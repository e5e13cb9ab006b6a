using RewardEngine.Verifiers.Constraints;

namespace RewardEngine.Scoring;

/// <summary>IFEval's verdicts on one response: one per instruction, strict and loose.</summary>
public sealed record IfEvalVerdict(IReadOnlyList<bool> Strict, IReadOnlyList<bool> Loose)
{
    public bool FollowAllStrict => Strict.All(v => v);
    public bool FollowAllLoose => Loose.All(v => v);

    /// <summary>Checks <paramref name="response"/> against the prompt's gold constraints, as IFEval's evaluation does.</summary>
    public static IfEvalVerdict Of(IfEvalPrompt prompt, string response)
    {
        var verdicts = prompt.Constraints.Select(c => ConstraintCheckers.Check(c, response)).ToList();
        return new IfEvalVerdict(verdicts.Select(v => v.Strict.Passed).ToList(), verdicts.Select(v => v.Loose.Passed).ToList());
    }
}

/// <summary>IFEval's four accuracies: prompt level (every instruction followed) and instruction level, strict and loose.</summary>
public sealed record IfEvalAccuracy(int Prompts, int Instructions, double PromptStrict, double PromptLoose, double InstructionStrict, double InstructionLoose)
{
    public static IfEvalAccuracy Of(IReadOnlyCollection<IfEvalVerdict> verdicts)
    {
        int prompts = verdicts.Count, instructions = verdicts.Sum(v => v.Strict.Count);
        double Share(int n, int of) => of == 0 ? 0 : (double)n / of;
        return new IfEvalAccuracy(prompts, instructions,
            Share(verdicts.Count(v => v.FollowAllStrict), prompts), Share(verdicts.Count(v => v.FollowAllLoose), prompts),
            Share(verdicts.Sum(v => v.Strict.Count(x => x)), instructions), Share(verdicts.Sum(v => v.Loose.Count(x => x)), instructions));
    }

    public string Describe() => string.Format(System.Globalization.CultureInfo.InvariantCulture,
        "{0} prompts, {1} instructions: prompt-level strict {2:0.0000}, loose {3:0.0000}; instruction-level strict {4:0.0000}, loose {5:0.0000}",
        Prompts, Instructions, PromptStrict, PromptLoose, InstructionStrict, InstructionLoose);
}
