using System.Text;
using System.Text.Json;
using RewardEngine.Diagnostics;

namespace RewardEngine.Knowledge.Ingest;

/// <summary>
/// Passages from a JSON Lines file, one <c>{"id": ..., "title": "...", "text": "..."}</c> per line (the KILT / DPR
/// passage style). <c>text</c> is required; <c>title</c> may be missing; <c>id</c> (string or number) becomes the
/// passage's source, else "file:line". Blank lines are passed over.
/// </summary>
public sealed partial class JsonlPassageSource(string path) : IPassageSource
{
    private CountingStream? _counter;

    public long BytesRead => _counter?.Count ?? 0;
    public long TotalBytes { get; } = File.Exists(path) ? new FileInfo(path).Length : 0;
    public long Ignored => 0;

    public IEnumerable<SourceItem> Read(CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new KnowledgeBaseException($"{path}: input file not found");
        var name = Path.GetFileName(path);
        using var stream = _counter = new CountingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16));
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: false), true, 1 << 16);
        int lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if ((lineNo & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(line)) continue;
            yield return Parse(line, name, lineNo);
        }
    }

    internal static SourceItem Parse(string line, string file, int lineNo)
    {
        var where = $"{file}:{lineNo}";
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return SourceItem.Bad(where, "expected a JSON object {id, title, text}");
            if (!root.TryGetProperty("text", out var text)) return SourceItem.Bad(where, "field 'text' is missing");
            if (text.ValueKind != JsonValueKind.String) return SourceItem.Bad(where, $"field 'text' must be a string, got {text.ValueKind}");
            var body = text.GetString()!.Trim();
            if (body.Length == 0) return SourceItem.Bad(where, "field 'text' is empty");
            string title = "";
            if (root.TryGetProperty("title", out var t))
            {
                if (t.ValueKind == JsonValueKind.String) title = t.GetString()!.Trim();
                else if (t.ValueKind != JsonValueKind.Null) return SourceItem.Bad(where, $"field 'title' must be a string, got {t.ValueKind}");
            }
            string source = where;
            if (root.TryGetProperty("id", out var id))
            {
                if (id.ValueKind is JsonValueKind.String or JsonValueKind.Number) source = id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText();
                else if (id.ValueKind != JsonValueKind.Null) return SourceItem.Bad(where, $"field 'id' must be a string or number, got {id.ValueKind}");
            }
            return SourceItem.Of(new PassageRecord(source, title, body));
        }
        catch (JsonException e)
        {
            var at = e.BytePositionInLine is { } b ? $" (at character {b + 1})" : "";
            return SourceItem.Bad(where, "invalid JSON: " + JsonPosition().Replace(e.Message.Split('\n')[0], "").Trim() + at);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?")]
    private static partial System.Text.RegularExpressions.Regex JsonPosition();
}
