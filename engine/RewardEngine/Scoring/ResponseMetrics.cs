using RewardEngine.Jobs;

namespace RewardEngine.Scoring;

/// <summary>
/// One response's part of an accuracy: <see cref="Value"/> points out of <see cref="Weight"/> (1 out of 1 for a
/// prompt-level verdict; instructions followed out of instructions for instruction level). An accuracy over
/// prompts is the sum of values over the sum of weights.
/// </summary>
public readonly record struct MetricValue(double Value, double Weight);

/// <summary>The accuracies a response can be scored by: IFEval's four where the row has IFEval ids, exact match where it has answers.</summary>
public static class ResponseMetrics
{
    public const string PromptStrict = "ifeval_prompt_strict", PromptLoose = "ifeval_prompt_loose",
        InstructionStrict = "ifeval_instruction_strict", InstructionLoose = "ifeval_instruction_loose", ExactMatchName = "exact_match";

    /// <summary>The metrics that apply to <paramref name="row"/>, in report order.</summary>
    public static IReadOnlyList<string> For(ResponseRow row)
    {
        var names = new List<string>();
        if (row.IfEval is not null) names.AddRange([PromptStrict, PromptLoose, InstructionStrict, InstructionLoose]);
        if (row.Answers is not null) names.Add(ExactMatchName);
        return names;
    }

    public static IReadOnlyDictionary<string, MetricValue> Of(ResponseRow row, string response)
    {
        var values = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
        if (row.IfEval is { } prompt)
        {
            var v = IfEvalVerdict.Of(prompt, response);
            values[PromptStrict] = new(v.FollowAllStrict ? 1 : 0, 1);
            values[PromptLoose] = new(v.FollowAllLoose ? 1 : 0, 1);
            values[InstructionStrict] = new(v.Strict.Count(x => x), v.Strict.Count);
            values[InstructionLoose] = new(v.Loose.Count(x => x), v.Loose.Count);
        }
        if (row.Answers is { } answers) values[ExactMatchName] = new(ExactMatch.IsMatch(response, answers) ? 1 : 0, 1);
        return values;
    }
}
