using RewardEngine.Data;

namespace RewardEngine.Agent;

/// <summary>
/// What the agent scores: a prompt (conversation up to the answer) and two or more candidate answers.
/// Pairwise evaluation passes two answers (A, B); best-of-n passes N.
/// </summary>
public sealed record RewardQuery(IReadOnlyList<ChatMessage> Prompt, IReadOnlyList<string> Answers)
{
    /// <summary>The last user turn.</summary>
    public string Instruction => Prompt.Last(m => m.Role == "user").Content;

    public static RewardQuery FromInstruction(string instruction, params string[] answers) =>
        new([ChatMessage.User(instruction)], answers);
}
