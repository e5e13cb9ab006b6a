using System.Text;
using LLama;
using RewardEngine.Data;

namespace RewardEngine.Models.Llm.LlamaSharp;

/// <summary>
/// Turns chat messages into the model's prompt text with the model's own chat template (llama.cpp's built-in
/// templates, chosen from the GGUF), or a plain role-tagged format when the GGUF has none or an unknown one.
/// </summary>
internal sealed class ChatPromptFormatter
{
    private readonly LLamaWeights? _weights;

    private ChatPromptFormatter(LLamaWeights? weights) => _weights = weights;

    /// <summary>True when the model's own template is used.</summary>
    public bool UsesModelTemplate => _weights is not null;

    public static ChatPromptFormatter For(LLamaWeights weights)
    {
        if (weights.NativeHandle.GetTemplate(null, strict: false) is null) return new ChatPromptFormatter(null);
        var probe = new ChatPromptFormatter(weights);
        try
        {
            // A Jinja template llama.cpp does not recognise fails here, once, rather than on every prompt.
            probe.Format([ChatMessage.User("hi")]);
            return probe;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new ChatPromptFormatter(null);
        }
    }

    /// <summary>The prompt: the messages, then the assistant's turn opened.</summary>
    public string Format(IReadOnlyList<ChatMessage> messages) => Format(messages, openAssistant: true);

    /// <summary>
    /// The messages alone, with no assistant turn opened: for most templates the start of the prompt of any longer
    /// conversation that begins with them (callers compare tokens rather than rely on it).
    /// </summary>
    public string FormatTurns(IReadOnlyList<ChatMessage> messages) => Format(messages, openAssistant: false);

    private string Format(IReadOnlyList<ChatMessage> messages, bool openAssistant)
    {
        if (_weights is null) return Plain(messages, openAssistant);
        var template = new LLamaTemplate(_weights, strict: true) { AddAssistant = openAssistant };
        foreach (var m in messages) template.Add(m.Role, m.Content);
        return Encoding.UTF8.GetString(template.Apply());
    }

    private static string Plain(IReadOnlyList<ChatMessage> messages, bool openAssistant)
    {
        var sb = new StringBuilder();
        foreach (var m in messages) sb.Append("<|").Append(m.Role).Append("|>\n").Append(m.Content).Append('\n');
        return openAssistant ? sb.Append("<|assistant|>\n").ToString() : sb.ToString();
    }
}
