using System.Text.Json.Serialization;

namespace RewardEngine.Evaluation;

/// <summary>
/// LLM cost, the machine-independent kind: calls, generated tokens, structured outputs that did not parse, and prompt
/// tokens. Returned with every result that asked an LLM (a generation, a signal, a route, a judgment) and summed by
/// whoever holds the results (per pair, per run, per request); nothing counts it on the side.
/// </summary>
public sealed record LlmCost(long Calls, long GeneratedTokens, long ParseFailures)
{
    /// <summary>No LLM work.</summary>
    public static LlmCost Zero { get; } = new(0, 0, 0);

    /// <summary>
    /// Prompt tokens evaluated. Not written with a pair's record (scores.jsonl keeps the fields it always had); the
    /// service reports it per request and in /metrics.
    /// </summary>
    [JsonIgnore] public long PromptTokens { get; init; }

    /// <summary>One structured output that did not parse, and no call (the call is counted with its generation).</summary>
    public static LlmCost ParseFailure { get; } = new(0, 0, 1);

    public static LlmCost operator +(LlmCost a, LlmCost b) =>
        new(a.Calls + b.Calls, a.GeneratedTokens + b.GeneratedTokens, a.ParseFailures + b.ParseFailures)
        {
            PromptTokens = a.PromptTokens + b.PromptTokens,
        };

    /// <summary>The sum of <paramref name="costs"/>.</summary>
    public static LlmCost Sum(IEnumerable<LlmCost> costs) => costs.Aggregate(Zero, (a, b) => a + b);
}
