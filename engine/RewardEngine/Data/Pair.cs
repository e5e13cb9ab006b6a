namespace RewardEngine.Data;

/// <summary>
/// A preference pair: the same prompt turns followed by a chosen and a rejected assistant answer.
/// </summary>
public sealed record Pair(
    string Id,
    string Subset,
    IReadOnlyList<ChatMessage> Prompt,
    string Chosen,
    string Rejected,
    int Record)
{
    /// <summary>The last user turn: what the answers respond to.</summary>
    public string Instruction => Prompt.Last(m => m.Role == "user").Content;
}
