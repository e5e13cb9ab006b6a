using System.Globalization;
using System.Text.Json;
using RewardEngine.Diagnostics;

namespace RewardEngine.Data.Formats;

/// <summary>
/// Reads the fields of one record, turning every problem into a <see cref="DatasetException"/> that names the file,
/// the record and the field (through the <paramref name="bad"/> factory the caller built for that record).
/// </summary>
internal sealed class RecordFields(Func<string?, string, DatasetException> bad)
{
    private static readonly HashSet<string> Roles = ["system", "user", "assistant"];

    public DatasetException Bad(string? field, string problem) => bad(field, problem);

    /// <summary>A JSON string's text; an escaped lone surrogate (no text at all) is a problem of the field.</summary>
    public string Text(JsonElement v, string field) =>
        JsonStrings.TryRead(v, out var value, out var problem) ? value : throw bad(field, problem!);

    /// <summary>The record's id: a non-empty string or a number; the record's index when absent.</summary>
    public string Id(JsonElement e, int index) =>
        !e.TryGetProperty("id", out var idEl) || idEl.ValueKind == JsonValueKind.Null
            ? index.ToString(CultureInfo.InvariantCulture)
            : idEl.ValueKind switch
            {
                JsonValueKind.String when Text(idEl, "id") is { Length: > 0 } text => text,
                JsonValueKind.Number => idEl.GetRawText(),
                _ => throw bad("id", $"expected a non-empty string or a number, got {Kind(idEl)}"),
            };

    /// <summary>A non-empty string field, or null when absent or null.</summary>
    public string? OptionalName(JsonElement e, string field) =>
        !e.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String && Text(v, field) is { Length: > 0 } text ? text
        : throw bad(field, $"expected a non-empty string, got {Kind(v)}");

    public JsonElement Required(JsonElement e, string field) =>
        e.TryGetProperty(field, out var v) && v.ValueKind != JsonValueKind.Null ? v : throw bad(field, "missing");

    public string String(JsonElement v, string field) =>
        v.ValueKind == JsonValueKind.String ? Text(v, field) : throw bad(field, $"expected a string, got {Kind(v)}");

    public List<string> Strings(JsonElement v, string field)
    {
        if (v.ValueKind != JsonValueKind.Array) throw bad(field, $"expected an array of strings, got {Kind(v)}");
        var list = new List<string>();
        int i = 0;
        foreach (var s in v.EnumerateArray())
        {
            list.Add(s.ValueKind == JsonValueKind.String ? Text(s, $"{field}[{i}]") : throw bad($"{field}[{i}]", $"expected a string, got {Kind(s)}"));
            i++;
        }
        return list;
    }

    public int Int(JsonElement e, string field, int min = 0)
    {
        var v = Required(e, field);
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= min ? n
            : throw bad(field, $"expected an integer >= {min}, got {(v.ValueKind == JsonValueKind.Number ? v.GetRawText() : Kind(v))}");
    }

    /// <summary>Whether <paramref name="v"/> is an array whose items are all objects (a message list).</summary>
    public static bool IsMessageList(JsonElement v) =>
        v.ValueKind == JsonValueKind.Array && v.GetArrayLength() > 0 && v.EnumerateArray().All(m => m.ValueKind == JsonValueKind.Object);

    /// <summary>Whether <paramref name="v"/> is an array whose items are all strings (a list of answers).</summary>
    public static bool IsStringList(JsonElement v) =>
        v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(m => m.ValueKind == JsonValueKind.String);

    /// <summary>A list of <c>{role, content}</c> messages with known roles and string contents.</summary>
    public List<ChatMessage> Messages(JsonElement v, string field)
    {
        if (v.ValueKind != JsonValueKind.Array) throw bad(field, $"expected a list of {{role, content}} messages, got {Kind(v)}");
        var turns = new List<ChatMessage>();
        int i = 0;
        foreach (var t in v.EnumerateArray())
        {
            var path = $"{field}[{i}]";
            if (t.ValueKind != JsonValueKind.Object) throw bad(path, $"expected an object with role and content, got {Kind(t)}");
            var role = t.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? Text(r, path + ".role")
                : throw bad(path + ".role", "missing or not a string");
            if (!Roles.Contains(role)) throw bad(path + ".role", $"unknown role '{role}' (expected system, user or assistant)");
            var content = t.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? Text(c, path + ".content")
                : throw bad(path + ".content", "missing or not a string");
            turns.Add(new ChatMessage(role, content));
            i++;
        }
        return turns;
    }

    /// <summary>
    /// The turns before an answer must read system?, then user/assistant alternating, ending with a user turn.
    /// </summary>
    public void CheckPrompt(IReadOnlyList<ChatMessage> prompt, string field)
    {
        int k = prompt.Count > 0 && prompt[0].Role == "system" ? 1 : 0;
        if (prompt.Count == k) throw bad(field, "the prompt has no user turn");
        for (int j = k; j < prompt.Count; j++)
        {
            var expected = (j - k) % 2 == 0 ? "user" : "assistant";
            if (prompt[j].Role != expected)
                throw bad($"{field}[{j}].role", $"expected '{expected}' here (turns alternate user/assistant, and the prompt ends with a user turn), got '{prompt[j].Role}'");
        }
        if (prompt[^1].Role != "user") throw bad($"{field}[{prompt.Count - 1}].role", "the prompt must end with a user turn");
    }

    /// <summary>A prompt given as plain text (one user turn) or as a message list.</summary>
    public List<ChatMessage> Prompt(JsonElement v, string field)
    {
        if (v.ValueKind == JsonValueKind.String)
            return Text(v, field) is { Length: > 0 } text ? [ChatMessage.User(text)] : throw bad(field, "empty");
        var messages = Messages(v, field);
        CheckPrompt(messages, field);
        return messages;
    }

    public static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();
}
