using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Diagnostics;

namespace RewardEngine.Models.RewardModels;

/// <summary>
/// A Hugging Face tokenizer.json run by HF's own Rust tokenizers (through Tokenizers.DotNet), so token ids match
/// Python exactly. Texts are encoded as <c>apply_chat_template</c> does: the rendered text already holds the special
/// tokens, so the post-processor (which would add a second BOS), truncation and padding are switched off.
/// </summary>
public sealed class RewardTokenizer : IDisposable
{
    private readonly Tokenizers.DotNet.Tokenizer _tokenizer;
    private readonly Lock _lock = new();

    private RewardTokenizer(Tokenizers.DotNet.Tokenizer tokenizer, string path, IReadOnlyDictionary<string, int> addedTokens)
    {
        _tokenizer = tokenizer;
        Path = path;
        AddedTokens = addedTokens;
    }

    public string Path { get; }

    /// <summary>Special and added tokens by content (e.g. "&lt;|pad|&gt;" to its id).</summary>
    public IReadOnlyDictionary<string, int> AddedTokens { get; }

    public static RewardTokenizer Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new ModelLoadException(full, "tokenizer.json not found");
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(full)) as JsonObject
                ?? throw new ModelLoadException(full, "invalid tokenizer.json: not a JSON object");
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(full, $"invalid tokenizer.json: {e.Message.Split('\n')[0]}");
        }
        if (json["model"] is not JsonObject) throw new ModelLoadException(full, "invalid tokenizer.json: no \"model\" section");
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        if (json["added_tokens"] is JsonArray arr)
            foreach (var t in arr.OfType<JsonObject>())
                if (t["content"]?.GetValue<string>() is { } c && t["id"] is { } id) added[c] = id.GetValue<int>();
        json["post_processor"] = null;
        json["truncation"] = null;
        json["padding"] = null;

        // The native library only loads from a path: hand it the adjusted copy, then delete it.
        var temp = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rwd-tokenizer-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(temp, json.ToJsonString());
            return new RewardTokenizer(new Tokenizers.DotNet.Tokenizer(temp), full, added);
        }
        catch (Exception e) when (e is not ModelLoadException)
        {
            throw new ModelLoadException(full, $"invalid tokenizer.json: {e.Message.Split('\n')[0]}", e);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Token ids of <paramref name="text"/>, special tokens written in it included, nothing added.</summary>
    public int[] Encode(string text)
    {
        uint[] ids;
        // The native handle is not documented as thread-safe.
        lock (_lock) ids = _tokenizer.Encode(text);
        var result = new int[ids.Length];
        for (int i = 0; i < ids.Length; i++) result[i] = checked((int)ids[i]);
        return result;
    }

    public void Dispose() => _tokenizer.Dispose();
}
