using System.Text.Json;
using RewardEngine.Agent;

namespace RewardEngine.Service;

/// <summary>
/// The service's JSON: snake_case names (the convention of the Python trainers that call it), readable non-ASCII,
/// non-finite numbers written as null. Every response is written through here.
/// </summary>
internal static class ServiceJson
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly JsonDocumentOptions ReaderOptions = new() { MaxDepth = 64 };

    public static void Number(Utf8JsonWriter w, double value)
    {
        if (double.IsFinite(value)) w.WriteNumberValue(value);
        else w.WriteNullValue();
    }

    public static void Numbers(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
    {
        w.WriteStartArray(name);
        for (int i = 0; i < values.Count; i++) Number(w, values[i]);
        w.WriteEndArray();
    }

    public static void Signal(Utf8JsonWriter w, SignalResult s)
    {
        w.WriteStartObject();
        w.WriteString("name", s.Name);
        w.WriteString("kind", s.Kind.Name);
        Numbers(w, "scores", s.Scores);
        w.WriteString("rationale", s.Rationale);
        if (s.AnswerNotes is { } notes)
        {
            w.WriteStartArray("answer_notes");
            foreach (var n in notes) w.WriteStringValue(n);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    public static void Errors(Utf8JsonWriter w, IReadOnlyList<SignalError> errors)
    {
        w.WriteStartArray("errors");
        foreach (var e in errors)
        {
            w.WriteStartObject();
            w.WriteString("signal", e.Name);
            w.WriteString("message", e.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The LLM cost of a request: calls, prompt and generated tokens, parse failures.</summary>
    public static void Llm(Utf8JsonWriter w, Evaluation.LlmCost usage)
    {
        w.WriteStartObject("llm");
        w.WriteNumber("calls", usage.Calls);
        w.WriteNumber("prompt_tokens", usage.PromptTokens);
        w.WriteNumber("generated_tokens", usage.GeneratedTokens);
        w.WriteNumber("parse_failures", usage.ParseFailures);
        w.WriteEndObject();
    }
}
