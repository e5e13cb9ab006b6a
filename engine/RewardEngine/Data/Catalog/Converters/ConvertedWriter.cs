using System.Text.Json.Nodes;

namespace RewardEngine.Data.Catalog.Converters;

/// <summary>Writes converted records as Python's json.dump would (see <see cref="PythonJson"/>).</summary>
internal static class ConvertedWriter
{
    /// <summary>A pair in the engine's format: one user turn, then each answer.</summary>
    public static JsonObject Pair(string prompt, string chosen, string rejected, JsonNode? id, string domain) => new()
    {
        ["text_chosen"] = new JsonArray(Turn("user", prompt), Turn("assistant", chosen)),
        ["text_rejected"] = new JsonArray(Turn("user", prompt), Turn("assistant", rejected)),
        ["id"] = id,
        ["domain"] = domain,
    };

    private static JsonObject Turn(string role, string content) => new() { ["role"] = role, ["content"] = content };

    /// <summary>One JSON array, as <c>json.dump(records, f)</c>.</summary>
    public static void WriteArray(string path, IEnumerable<JsonNode> records)
    {
        using var w = PythonJson.CreateFile(path);
        w.Write('[');
        bool first = true;
        foreach (var r in records)
        {
            if (!first) w.Write(", ");
            first = false;
            PythonJson.Write(w, r);
        }
        w.Write(']');
    }

    /// <summary>JSON lines, one <c>json.dumps(record)</c> per line.</summary>
    public static void WriteLines(string path, IEnumerable<JsonNode> records)
    {
        using var w = PythonJson.CreateFile(path);
        foreach (var r in records)
        {
            PythonJson.Write(w, r);
            w.Write('\n');
        }
    }
}
