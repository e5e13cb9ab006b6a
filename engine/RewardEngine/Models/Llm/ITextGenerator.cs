using RewardEngine.Data;

namespace RewardEngine.Models.Llm;

/// <summary>
/// One request to an LLM: chat messages in, text out. <see cref="Grammar"/> (GBNF) constrains structured output.
/// </summary>
public sealed record GenerationRequest(IReadOnlyList<ChatMessage> Messages)
{
    public int MaxTokens { get; init; } = 256;
    public float Temperature { get; init; }
    public uint Seed { get; init; } = 42;
    public IReadOnlyList<string> Stop { get; init; } = [];
    /// <summary>GBNF grammar text, or null for free text.</summary>
    public string? Grammar { get; init; }
    /// <summary>
    /// The prompt kind ("router", "verdict", ...): requests of one kind share their fixed instruction prefix,
    /// which a backend may evaluate once and fork.
    /// </summary>
    public string? PromptKind { get; init; }

    /// <summary>
    /// Rebuilds <see cref="Messages"/> with each long text in them (answers, evidence, the instruction) cut to the
    /// given fraction of its length, 1.0 being the messages as they are. A backend with a fixed context window calls
    /// it when the prompt and <see cref="MaxTokens"/> would not both fit, so that structured output never runs out
    /// of room; without it such a prompt is an error.
    /// </summary>
    public Func<double, IReadOnlyList<ChatMessage>>? Shrink { get; init; }

    /// <summary>A request whose messages are <paramref name="prompt"/> whole, and which may be shrunk by it.</summary>
    public static GenerationRequest Fitted(Func<double, IReadOnlyList<ChatMessage>> prompt) => new(prompt(1.0)) { Shrink = prompt };
}

/// <summary>What came back, and what it cost: the prompt's and the answer's tokens.</summary>
public sealed record GenerationResult(string Text, int PromptTokens, int GeneratedTokens, string FinishReason)
{
    /// <summary>
    /// This call's cost: one call, its tokens, and one parse failure when the caller could not read the structured
    /// output (<paramref name="parsed"/> false). The caller returns it with its result.
    /// </summary>
    public Evaluation.LlmCost Cost(bool parsed = true) =>
        new(1, GeneratedTokens, parsed ? 0 : 1) { PromptTokens = PromptTokens };
}

/// <summary>
/// The one generation interface of every LLM-driven step. Implementations accept many concurrent calls
/// and batch them; each call completes as its own sequence finishes.
/// </summary>
public interface ITextGenerator
{
    /// <summary>Identifies the model (file name or remote model id) in rationales and provenance.</summary>
    string ModelId { get; }

    Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken);
}
