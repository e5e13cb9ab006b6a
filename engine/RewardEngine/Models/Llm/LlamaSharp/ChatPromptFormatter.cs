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

    public string Format(IReadOnlyList<ChatMessage> messages)
    {
        if (_weights is null) return Plain(messages);
        var template = new LLamaTemplate(_weights, strict: true) { AddAssistant = true };
        foreach (var m in messages) template.Add(m.Role, m.Content);
        return Encoding.UTF8.GetString(template.Apply());
    }

    private static string Plain(IReadOnlyList<ChatMessage> messages)
    {
        var sb = new StringBuilder();
        foreach (var m in messages) sb.Append("<|").Append(m.Role).Append("|>\n").Append(m.Content).Append('\n');
        return sb.Append("<|assistant|>\n").ToString();
    }
}
