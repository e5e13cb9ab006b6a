using System.Text.Json;
using RewardEngine.Data;
using RewardEngine.Diagnostics;

namespace RewardEngine.Cli.Commands.Rm;

/// <summary>
/// A minimal reader of pairwise files for <c>rm score</c> (JSON array or JSONL of {text_chosen, text_rejected, id}).
/// Stands in until the shared Data loader is merged; then <c>rm score</c> switches to it.
/// </summary>
internal static class PairwiseFileReader
{
    public sealed record ScoredPair(string Id, IReadOnlyList<ChatMessage> Chosen, IReadOnlyList<ChatMessage> Rejected);

    public static List<ScoredPair> Read(string path)
    {
        if (!File.Exists(path)) throw new DatasetException(path, null, null, "file not found");
        var text = File.ReadAllText(path);
        var records = new List<(int Record, JsonElement Element)>();
        var docs = new List<JsonDocument>();
        try
        {
            if (text.TrimStart().StartsWith('['))
            {
                var doc = JsonDocument.Parse(text);
                docs.Add(doc);
                int n = 0;
                foreach (var e in doc.RootElement.EnumerateArray()) records.Add((n++, e));
            }
            else
            {
                int line = 0;
                foreach (var raw in text.Split('\n'))
                {
                    line++;
                    if (string.IsNullOrWhiteSpace(raw)) continue;
                    try { var doc = JsonDocument.Parse(raw); docs.Add(doc); records.Add((line, doc.RootElement)); }
                    catch (JsonException e) { throw new DatasetException(path, line, null, $"invalid JSON: {e.Message.Split('\n')[0]}"); }
                }
            }
        }
        catch (JsonException e)
        {
            throw new DatasetException(path, null, null, $"invalid JSON: {e.Message.Split('\n')[0]}");
        }
        try
        {
            return records.Select(r => new ScoredPair(
                Id(path, r.Record, r.Element),
                Conversation(path, r.Record, r.Element, "text_chosen"),
                Conversation(path, r.Record, r.Element, "text_rejected"))).ToList();
        }
        finally
        {
            foreach (var d in docs) d.Dispose();
        }
    }

    private static string Id(string path, int record, JsonElement e) =>
        e.TryGetProperty("id", out var id)
            ? id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText()
            : throw new DatasetException(path, record, "id", "missing");

    private static List<ChatMessage> Conversation(string path, int record, JsonElement e, string field)
    {
        if (!e.TryGetProperty(field, out var turns) || turns.ValueKind != JsonValueKind.Array || turns.GetArrayLength() == 0)
            throw new DatasetException(path, record, field, "missing or not a non-empty array of {role, content}");
        var list = new List<ChatMessage>();
        foreach (var t in turns.EnumerateArray())
        {
            if (t.ValueKind != JsonValueKind.Object || !t.TryGetProperty("role", out var role) || !t.TryGetProperty("content", out var content)
                || role.ValueKind != JsonValueKind.String || content.ValueKind != JsonValueKind.String)
                throw new DatasetException(path, record, field, "each turn needs string role and content");
            list.Add(new ChatMessage(role.GetString()!, content.GetString()!));
        }
        if (list[^1].Role != "assistant") throw new DatasetException(path, record, field, "last turn is not the assistant's response");
        return list;
    }
}
