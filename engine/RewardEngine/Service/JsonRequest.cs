using System.Text.Json;

namespace RewardEngine.Service;

/// <summary>
/// Reads the fields of a JSON request body with one clear 400 per mistake (<c>answers[1]: expected a string,
/// got a number</c>). Unknown fields are ignored: trainers send extras.
/// </summary>
internal static class JsonRequest
{
    public static JsonElement Object(JsonDocument document) =>
        document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement
            : throw RequestProblem.BadRequest($"expected a JSON object, got {Describe(document.RootElement)}");

    public static bool Has(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public static string RequiredString(JsonElement obj, string name) =>
        OptionalString(obj, name) ?? throw RequestProblem.BadRequest($"{name}: required (a string)");

    public static string? OptionalString(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Wrong(name, "a string", v);
    }

    /// <summary>An array of strings; null when absent. <paramref name="maxItems"/> over: 413.</summary>
    public static IReadOnlyList<string>? OptionalStrings(JsonElement obj, string name, int maxItems)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Array) throw Wrong(name, "an array of strings", v);
        var n = v.GetArrayLength();
        if (n > maxItems) throw RequestProblem.TooLarge($"{name}: {n} items exceed the limit of {maxItems} per request");
        var list = new string[n];
        int i = 0;
        foreach (var item in v.EnumerateArray())
        {
            list[i] = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Wrong($"{name}[{i}]", "a string", item);
            i++;
        }
        return list;
    }

    public static IReadOnlyList<string> RequiredStrings(JsonElement obj, string name, int maxItems, int minItems = 1)
    {
        var list = OptionalStrings(obj, name, maxItems) ?? throw RequestProblem.BadRequest($"{name}: required (an array of strings)");
        if (list.Count < minItems)
            throw RequestProblem.BadRequest($"{name}: at least {minItems} {(minItems == 1 ? "item is" : "items are")} needed, got {list.Count}");
        return list;
    }

    public static int? OptionalInt(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : throw Wrong(name, "an integer", v);
    }

    public static RequestProblem Wrong(string name, string expected, JsonElement got) =>
        RequestProblem.BadRequest($"{name}: expected {expected}, got {Describe(got)}");

    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
