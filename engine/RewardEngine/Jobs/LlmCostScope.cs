using RewardEngine.Evaluation;
using RewardEngine.Models.Llm;

namespace RewardEngine.Jobs;

/// <summary>
/// The LLM cost of one piece of a job's work (one response's signals, one LLM game), returned with its result. The
/// backends still count into the scope of the current async flow (<see cref="LlmUsage"/>); this is the one place the
/// jobs read that scope, so when the verifiers return their costs themselves only this file changes.
/// </summary>
internal static class LlmCostScope
{
    /// <summary>Runs <paramref name="work"/> in a fresh cost scope (an async method: the scope ends with it).</summary>
    public static async Task<(T Value, LlmCost Cost)> MeasureAsync<T>(Func<Task<T>> work)
    {
        var usage = LlmUsage.BeginScope();
        var value = await work();
        return (value, new LlmCost(usage.Calls, usage.GeneratedTokens, usage.ParseFailures));
    }
}
