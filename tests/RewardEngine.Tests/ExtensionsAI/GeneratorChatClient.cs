using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using RewardEngine.Models.Llm;
using RewardEngine.Models.Llm.ChatClient;
using EngineMessage = RewardEngine.Data.ChatMessage;

namespace RewardEngine.Tests.ExtensionsAI;

/// <summary>
/// A real <see cref="IChatClient"/> over one of the engine's generators (the tiny LlamaSharp model): what an
/// Ollama or Azure client would be to a user, run in-process. It honours the options a client can (tokens,
/// temperature, seed, stop, the GBNF grammar the engine passes along) and records what it was sent.
/// </summary>
internal sealed class GeneratorChatClient(ITextGenerator generator) : IChatClient
{
    public ConcurrentQueue<ChatOptions?> Requests { get; } = new();

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Enqueue(options);
        var extra = options?.AdditionalProperties;
        var request = new GenerationRequest(messages.Select(m => new EngineMessage(m.Role.Value, m.Text)).ToList())
        {
            MaxTokens = options?.MaxOutputTokens ?? 256,
            Temperature = options?.Temperature ?? 0,
            Seed = (uint)(options?.Seed ?? 42),
            Stop = options?.StopSequences?.ToList() ?? [],
            Grammar = extra?.TryGetValue(ChatClientTextGenerator.GrammarProperty, out var g) == true ? g as string : null,
            PromptKind = extra?.TryGetValue(ChatClientTextGenerator.PromptKindProperty, out var k) == true ? k as string : null,
        };
        var r = await generator.GenerateAsync(request, cancellationToken);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, r.Text))
        {
            FinishReason = new ChatFinishReason(r.FinishReason),
            Usage = new UsageDetails { InputTokenCount = r.PromptTokens, OutputTokenCount = r.GeneratedTokens },
            ModelId = generator.ModelId,
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates()) yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("in-process", defaultModelId: "tiny-via-chat-client")
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() { }
}
