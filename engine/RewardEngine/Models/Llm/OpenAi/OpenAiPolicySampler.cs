using RewardEngine.Data;

namespace RewardEngine.Models.Llm.OpenAi;

/// <summary>
/// Samples N answers of a prompt from an OpenAI-compatible server: N concurrent requests, sample i seeded with
/// its own seed. The server may cache the shared prompt itself; nothing is counted as saved here.
/// Top-p is not sent (GenerationRequest has none): the server's default applies.
/// </summary>
public sealed class OpenAiPolicySampler(OpenAiTextGenerator generator) : IPolicySampler
{
    public string ModelId => generator.ModelId;

    public async Task<SampleSet> SampleAsync(IReadOnlyList<ChatMessage> prompt, int n, SamplingOptions options, Func<int, uint> seedOf, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => generator.GenerateAsync(new GenerationRequest(prompt)
        {
            MaxTokens = options.MaxTokens,
            Temperature = options.Temperature,
            Seed = seedOf(i),
        }, cancellationToken)));
        var promptTokens = results.Length == 0 ? 0 : results[0].PromptTokens;
        return new SampleSet(results.Select(r => r.Text).ToList(), promptTokens, results.Sum(r => (long)r.PromptTokens), 0, results.Sum(r => (long)r.GeneratedTokens));
    }

    public ValueTask DisposeAsync()
    {
        generator.Dispose();
        return ValueTask.CompletedTask;
    }
}
