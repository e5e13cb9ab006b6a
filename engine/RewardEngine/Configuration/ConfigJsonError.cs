using System.Text.Json;
using System.Text.RegularExpressions;

namespace RewardEngine.Configuration;

/// <summary>
/// Turns System.Text.Json's failure to read a config into a line a user can act on: the key as written in the file
/// ("llm.threads", not "$.llm.threads"), what was found there and what is expected.
/// </summary>
internal static partial class ConfigJsonError
{
    public static string Describe(JsonException e, JsonDocument? document)
    {
        var message = FirstLine(e.Message);
        var key = Key(e.Path);
        if (Unmapped().Match(message) is { Success: true } u)
        {
            var parent = key.Length > 0 && key.EndsWith("." + u.Groups[1].Value, StringComparison.Ordinal) ? key[..^(u.Groups[1].Value.Length + 1)] : key;
            var name = parent.Length == 0 ? u.Groups[1].Value : parent + "." + u.Groups[1].Value;
            return $"{name}: unknown key (keys are camelCase, as in the README; a misspelling?)";
        }
        JsonElement? found;
        try { found = document is null ? null : Find(document.RootElement, e.Path); }
        catch (InvalidOperationException) { found = null; } // a key that is not text (a lone surrogate escape)
        if (found is { ValueKind: JsonValueKind.Null })
            return $"{Label(key)}null is not allowed here (leave the key out to use its default)";
        // Our own converters write whole sentences; System.Text.Json's say "could not be converted to T".
        if (Converted().Match(message) is { Success: true } c)
            return $"{Label(key)}expected {TypeWords(c.Groups[1].Value)}, got {Show(found)}";
        if (message.Contains("Path:", StringComparison.Ordinal) || message.Contains("LineNumber", StringComparison.Ordinal))
            message = message[..message.IndexOf(message.Contains("Path:", StringComparison.Ordinal) ? " Path:" : " LineNumber", StringComparison.Ordinal)].TrimEnd('.', ' ');
        return $"{Label(key)}{message}";
    }

    private static string Label(string key) => key.Length == 0 ? "" : key + ": ";

    /// <summary>"$.llm.threads" -> "llm.threads"; "$['a b']" -> "a b".</summary>
    public static string Key(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "";
        var p = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return BracketName().Replace(p, m => "." + m.Groups[1].Value).TrimStart('.');
    }

    /// <summary>The element a JSON path of System.Text.Json points to (object keys and array indices), or null.</summary>
    private static JsonElement? Find(JsonElement root, string? path)
    {
        if (string.IsNullOrEmpty(path)) return null;
        var current = root;
        foreach (Match step in Step().Matches(path))
        {
            if (step.Groups["name"].Success || step.Groups["quoted"].Success)
            {
                var name = step.Groups["name"].Success ? step.Groups["name"].Value : step.Groups["quoted"].Value;
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) return null;
            }
            else
            {
                var index = int.Parse(step.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (current.ValueKind != JsonValueKind.Array || index >= current.GetArrayLength()) return null;
                current = current[index];
            }
        }
        return current;
    }

    private static string Show(JsonElement? e) => e?.ValueKind switch
    {
        null => "something else",
        JsonValueKind.String => "the string " + Clip(e.Value.GetRawText()),
        JsonValueKind.Number => Clip(e.Value.GetRawText()),
        JsonValueKind.True or JsonValueKind.False => e.Value.GetRawText(),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => e.Value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Clip(string s) => s.Length > 40 ? s[..40] + "..." : s;

    private static string TypeWords(string type) => type switch
    {
        _ when type.StartsWith("System.Int32", StringComparison.Ordinal) => "a whole number (32-bit)",
        _ when type.StartsWith("System.Int64", StringComparison.Ordinal) => "a whole number",
        _ when type.StartsWith("System.Double", StringComparison.Ordinal) || type.StartsWith("System.Single", StringComparison.Ordinal) => "a number",
        _ when type.StartsWith("System.Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.StartsWith("System.Nullable`1[[System.Boolean", StringComparison.Ordinal) => "true, false or null",
        _ when type.StartsWith("System.String", StringComparison.Ordinal) => "a string",
        _ when type.Contains("Dictionary", StringComparison.Ordinal) => "an object of names to numbers",
        _ when type.Contains("List", StringComparison.Ordinal) => "an array of strings",
        _ => "an object",
    };

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    [GeneratedRegex(@"The JSON property '([^']*)' could not be mapped")] private static partial Regex Unmapped();
    [GeneratedRegex(@"could not be converted to ([^\s.]+(?:\.[^\s.]+)*)")] private static partial Regex Converted();
    [GeneratedRegex(@"\['([^']*)'\]")] private static partial Regex BracketName();
    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\['(?<quoted>[^']*)'\]|\[(?<index>\d+)\]")] private static partial Regex Step();
}
