using RewardEngine.Models.Llm;

namespace RewardEngine.Tests.Factuality;

/// <summary>
/// TEST DOUBLE: a scripted <see cref="ITextGenerator"/> that answers each request with a function of its prompt kind
/// and messages, and records every request. It stands in for an LLM only to test the factuality agent's orchestration
/// (which steps run, in what order, with which grammars, budgets and evidence); it says nothing about model quality.
/// </summary>
internal sealed class ScriptedTextGenerator(Func<GenerationRequest, string> script) : ITextGenerator
{
    private readonly List<GenerationRequest> _requests = [];

    public string ModelId => "scripted-test-double";

    public IReadOnlyList<GenerationRequest> Requests { get { lock (_requests) return [.. _requests]; } }

    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        lock (_requests) _requests.Add(request);
        await Task.Yield(); // complete asynchronously, like a batching backend
        var text = script(request);
        return new GenerationResult(text, 0, text.Length, "stop");
    }

    public static string User(GenerationRequest r) => r.Messages.Last(m => m.Role == "user").Content;
}
