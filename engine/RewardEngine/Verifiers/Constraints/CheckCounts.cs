using System.Globalization;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>Prompt-level and instruction-level counts of a checked file, strict and loose, and their accuracies.</summary>
internal readonly record struct CheckCounts(int Responses, int FollowAllStrict, int FollowAllLoose, int Instructions, int FollowedStrict, int FollowedLoose)
{
    public double PromptLevelStrict => Responses == 0 ? 0 : (double)FollowAllStrict / Responses;
    public double PromptLevelLoose => Responses == 0 ? 0 : (double)FollowAllLoose / Responses;
    public double InstructionLevelStrict => Instructions == 0 ? 0 : (double)FollowedStrict / Instructions;
    public double InstructionLevelLoose => Instructions == 0 ? 0 : (double)FollowedLoose / Instructions;

    public string Describe() => string.Format(CultureInfo.InvariantCulture,
        "{0} responses: prompt-level strict {1:0.0000}, loose {2:0.0000}; instruction-level strict {3:0.0000}, loose {4:0.0000}",
        Responses, PromptLevelStrict, PromptLevelLoose, InstructionLevelStrict, InstructionLevelLoose);
}
