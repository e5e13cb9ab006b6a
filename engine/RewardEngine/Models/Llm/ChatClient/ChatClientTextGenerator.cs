using System.Text.Json;
using Microsoft.Extensions.AI;
using RewardEngine.Models.Llm.OpenAi;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace RewardEngine.Models.Llm.ChatClient;

/// <summary>
/// Generation through any <see cref="IChatClient"/> of Microsoft.Extensions.AI (Ollama, Azure OpenAI, a client of
/// your own, a pipeline built with ChatClientBuilder): the LLM roles of the agent run on it instead of
/// the built-in LLamaSharp or OpenAI-compatible backends. The request's sampling settings travel as
/// <see cref="ChatOptions"/>; a grammar with a JSON equivalent becomes a JSON-schema response format, and the GBNF
/// text itself rides in <see cref="ChatOptions.AdditionalProperties"/> under <see cref="GrammarProperty"/> for clients
/// that can constrain decoding with it. Others leave structured output to the prompt, and
/// <see cref="StructuredOutput"/> counts what fails to parse. The client is the caller's: this does not dispose it.
/// </summary>
public sealed class ChatClientTextGenerator : ITextGenerator
{
    /// <summary>Key in <see cref="ChatOptions.AdditionalProperties"/> of the request's GBNF grammar, when it has one.</summary>
    public const string GrammarProperty = "rewardengine.grammar";

    /// <summary>Key in <see cref="ChatOptions.AdditionalProperties"/> of the prompt kind ("router", "verdict", ...).</summary>
    public const string PromptKindProperty = "rewardengine.prompt_kind";

    private readonly IChatClient _client;
    private readonly SemaphoreSlim _inFlight;

    /// <param name="client">The chat client the role runs on.</param>
    /// <param name="maxConcurrency">Most requests in flight at once (llm.maxSequences).</param>
    /// <param name="modelId">The name rationales and provenance give the model; default: the client's metadata.</param>
    public ChatClientTextGenerator(IChatClient client, int maxConcurrency = 16, string? modelId = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _inFlight = new SemaphoreSlim(Math.Max(1, maxConcurrency));
        var metadata = client.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata;
        ModelId = modelId ?? metadata?.DefaultModelId ?? metadata?.ProviderName ?? client.GetType().Name;
    }

    public string ModelId { get; }

    public async Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        var messages = request.Messages.Select(m => new AiChatMessage(new ChatRole(m.Role), m.Content)).ToList();
        var options = OptionsFor(request);
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        ChatResponse response;
        try
        {
            response = await _client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new GenerationException($"chat client {ModelId}: {e.GetType().Name}: {e.Message}", e);
        }
        finally
        {
            _inFlight.Release();
        }
        var prompt = (int)Math.Min(int.MaxValue, response.Usage?.InputTokenCount ?? 0);
        var generated = (int)Math.Min(int.MaxValue, response.Usage?.OutputTokenCount ?? 0);
        return new GenerationResult(response.Text, prompt, generated, response.FinishReason?.Value ?? "stop");
    }

    /// <summary>The chat options a request is sent with.</summary>
    internal static ChatOptions OptionsFor(GenerationRequest request)
    {
        var options = new ChatOptions
        {
            MaxOutputTokens = request.MaxTokens,
            Temperature = request.Temperature,
            Seed = request.Seed,
            AdditionalProperties = [],
        };
        if (request.Stop.Count > 0) options.StopSequences = [.. request.Stop];
        if (request.PromptKind is { } kind) options.AdditionalProperties[PromptKindProperty] = kind;
        if (request.Grammar is { } grammar)
        {
            options.AdditionalProperties[GrammarProperty] = grammar;
            if (OpenAiTextGenerator.JsonSchemaFor(grammar) is { } format)
            {
                var schema = JsonSerializer.SerializeToElement(format["schema"]);
                options.ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, format["name"]?.GetValue<string>());
            }
        }
        return options;
    }
}
