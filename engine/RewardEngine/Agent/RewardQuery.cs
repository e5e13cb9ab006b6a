using RewardEngine.Data;

namespace RewardEngine.Agent;

/// <summary>
/// What the agent scores: a prompt (conversation up to the answer) and two or more candidate answers.
/// Pairwise evaluation passes two answers (A, B); best-of-n passes N.
/// </summary>
public sealed record RewardQuery(IReadOnlyList<ChatMessage> Prompt, IReadOnlyList<string> Answers)
{
    /// <summary>
    /// This query's seed for whatever is seeded (sampling, multi-answer schedules); null: the configured seed.
    /// A server passes a request's own seed here, so one engine serves many seeds.
    /// </summary>
    public int? Seed { get; init; }

    /// <summary>The seed to use: the query's own, else <paramref name="configured"/>.</summary>
    public uint SeedOr(uint configured) => Seed is { } s ? unchecked((uint)s) : configured;

    /// <summary>The last user turn.</summary>
    public string Instruction => Prompt.Last(m => m.Role == "user").Content;

    public static RewardQuery FromInstruction(string instruction, params string[] answers) =>
        new([ChatMessage.User(instruction)], answers);
}
