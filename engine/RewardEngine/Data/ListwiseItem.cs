namespace RewardEngine.Data;

/// <summary>
/// One prompt with several answers, some correct (<see cref="Chosen"/>) and some not (<see cref="Rejected"/>):
/// a RewardBench 2 row. Completions are numbered chosen first, so the first <see cref="NumCorrect"/> are the correct ones.
/// </summary>
/// <param name="Id">The row's id (RewardBench 2 Ties rows use <c>ref:N</c> and <c>tied:N</c>); the record index when absent.</param>
/// <param name="Subset">The row's subset (RewardBench 2: Factuality, Precise IF, Math, Safety, Focus, Ties).</param>
/// <param name="Prompt">The conversation before the answers; a plain-text prompt is one user turn.</param>
/// <param name="Chosen">The correct answers (at least one).</param>
/// <param name="Rejected">The incorrect answers.</param>
/// <param name="NumCorrect">How many completions are correct: the length of <see cref="Chosen"/>.</param>
/// <param name="Record">The record (JSON arrays) or line (JSON lines) it came from, 1-based.</param>
public sealed record ListwiseItem(
    string Id,
    string Subset,
    IReadOnlyList<ChatMessage> Prompt,
    IReadOnlyList<string> Chosen,
    IReadOnlyList<string> Rejected,
    int NumCorrect,
    int Record)
{
    /// <summary>How many completions are incorrect: the length of <see cref="Rejected"/>.</summary>
    public int NumIncorrect => Rejected.Count;

    /// <summary>All completions, correct ones first.</summary>
    public int TotalCompletions => Chosen.Count + Rejected.Count;

    /// <summary>
    /// A full reference ranking of the completions where the row carries one (<c>ranking</c>: one rank per completion,
    /// correct ones first; 1 is best, equal ranks tie); null otherwise.
    /// </summary>
    public IReadOnlyList<int>? Ranking { get; init; }

    /// <summary>The last user turn: what the answers respond to.</summary>
    public string Instruction => Prompt.Last(m => m.Role == "user").Content;
}
