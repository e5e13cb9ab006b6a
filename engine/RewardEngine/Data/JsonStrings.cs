using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RewardEngine.Data;

/// <summary>
/// Reads JSON strings of input files. JSON may escape half of a UTF-16 surrogate pair on its own ("\ud800"), which is
/// no text at all: System.Text.Json throws InvalidOperationException reading it. Inputs refuse such a string with a
/// problem naming the escape, which the caller turns into its coded error for the record and field (never a
/// replacement character: a changed prompt or answer would change the scores silently).
/// </summary>
public static partial class JsonStrings
{
    /// <summary>
    /// The string of <paramref name="element"/> (which must be a JSON string), or false with
    /// <paramref name="problem"/> saying why it is not text.
    /// </summary>
    public static bool TryRead(JsonElement element, out string value, out string? problem)
    {
        try
        {
            value = element.GetString() ?? "";
            problem = null;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = "";
            problem = LoneSurrogateProblem(element.GetRawText());
            return false;
        }
    }

    /// <summary>As <see cref="TryRead(JsonElement, out string, out string?)"/> for a node; false for a non-string too (problem null).</summary>
    public static bool TryRead(JsonNode? node, out string value, out string? problem)
    {
        value = "";
        problem = null;
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return false;
        try
        {
            value = v.GetValue<string>();
            return true;
        }
        catch (InvalidOperationException)
        {
            // ToJsonString would unescape (and throw) too; the element's raw text is what the file holds.
            problem = LoneSurrogateProblem(v.TryGetValue<JsonElement>(out var raw) ? raw.GetRawText() : "");
            return false;
        }
    }

    /// <summary>Index of the first lone surrogate in <paramref name="text"/>, or -1.</summary>
    public static int LoneSurrogateAt(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!char.IsSurrogate(c)) continue;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            return i;
        }
        return -1;
    }

    private static string LoneSurrogateProblem(string rawJson)
    {
        var m = SurrogateEscape().Match(rawJson);
        var what = m.Success ? $"'\\{m.Value[1..]}'" : "a surrogate escape";
        return $"holds an escaped lone UTF-16 surrogate ({what}), which is not text: fix the escape (a pair such as \\ud83d\\ude00 is fine)";
    }

    // A high surrogate escape not followed by a low one, or a low one not preceded by a high one.
    [GeneratedRegex(@"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")]
    private static partial Regex SurrogateEscape();
}
