using RewardEngine.Data;
using RewardEngine.Determinism;

namespace RewardEngine.Models.Llm;

/// <summary>How a policy model samples (<c>reward generate</c>).</summary>
/// <param name="TopP">Nucleus sampling mass; 1 keeps every token.</param>
public sealed record SamplingOptions(int MaxTokens, float Temperature, float TopP);

/// <summary>The N samples of one prompt and what producing them cost.</summary>
/// <param name="PromptTokens">Tokens of the prompt.</param>
/// <param name="PromptTokensEvaluated">Prompt tokens decoded for the N samples (once when they share the prompt's KV cache).</param>
/// <param name="PromptTokensSaved">Prompt tokens not decoded thanks to sharing ((N - 1) x prompt).</param>
public sealed record SampleSet(IReadOnlyList<string> Responses, int PromptTokens, long PromptTokensEvaluated, long PromptTokensSaved, long GeneratedTokens);

/// <summary>
/// A policy model that answers one prompt N times. Sample i of a prompt is seeded by <c>seedOf(i)</c> alone, so the
/// text does not depend on batch composition, on which other prompts run, or on thread count.
/// A policy model's tokens are never counted as reward cost.
/// </summary>
public interface IPolicySampler : IAsyncDisposable
{
    /// <summary>The model (file name or remote model id), written as each row's <c>generator</c>.</summary>
    string ModelId { get; }

    Task<SampleSet> SampleAsync(IReadOnlyList<ChatMessage> prompt, int n, SamplingOptions options, Func<int, uint> seedOf, CancellationToken cancellationToken);
}

/// <summary>Per-(prompt, sample) seeds: a SplitMix64 mix of the run seed and the two indices.</summary>
public static class SampleSeeds
{
    public static uint Of(int runSeed, int promptIndex, int sampleIndex)
    {
        return (uint)SplitMix64.Mix(unchecked((ulong)(uint)runSeed * SplitMix64.Golden ^ ((ulong)(uint)promptIndex << 32 | (uint)sampleIndex)));
    }
}
