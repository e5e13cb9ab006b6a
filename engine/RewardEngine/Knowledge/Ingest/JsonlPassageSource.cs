using System.Text;
using System.Text.Json;
using RewardEngine.Data;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;

namespace RewardEngine.Knowledge.Ingest;

/// <summary>
/// Passages from a JSON Lines file, one <c>{"id": ..., "title": "...", "text": "..."}</c> per line (the KILT / DPR
/// passage style). <c>text</c> is required; <c>title</c> may be missing; <c>id</c> (string or number) becomes the
/// passage's source, else "file:line". Blank lines are passed over. Invalid UTF-8 is read as U+FFFD and counted;
/// a string holding an escaped lone surrogate is a bad record.
/// </summary>
public sealed partial class JsonlPassageSource(string path) : IPassageSource
{
    private CountingStream? _counter;
    private readonly CountingUtf8 _utf8 = new();

    public long BytesRead => _counter?.Count ?? 0;
    public long TotalBytes { get; } = File.Exists(path) ? new FileInfo(path).Length : 0;
    public long Ignored => 0;
    public long InvalidUtf8Replaced => _utf8.Replaced;
    public string? FirstInvalidUtf8At => _utf8.FirstAt;

    public IEnumerable<SourceItem> Read(CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        using var stream = _counter = new CountingStream(InputFile.OpenRead(path, problem => new KnowledgeBaseException($"{path}: input {problem}")));
        using var reader = new StreamReader(stream, _utf8.Encoding, true, 1 << 16);
        int lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if ((lineNo & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            _utf8.Note(line, $"{name}:{lineNo}");
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
            if (!JsonStrings.TryRead(text, out var textValue, out var textProblem)) return SourceItem.Bad(where, "field 'text' " + textProblem);
            var body = textValue.Trim();
            if (body.Length == 0) return SourceItem.Bad(where, "field 'text' is empty");
            string title = "";
            if (root.TryGetProperty("title", out var t))
            {
                if (t.ValueKind == JsonValueKind.String)
                {
                    if (!JsonStrings.TryRead(t, out var titleValue, out var titleProblem)) return SourceItem.Bad(where, "field 'title' " + titleProblem);
                    title = titleValue.Trim();
                }
                else if (t.ValueKind != JsonValueKind.Null) return SourceItem.Bad(where, $"field 'title' must be a string, got {t.ValueKind}");
            }
            string source = where;
            if (root.TryGetProperty("id", out var id))
            {
                if (id.ValueKind == JsonValueKind.String)
                {
                    if (!JsonStrings.TryRead(id, out var idValue, out var idProblem)) return SourceItem.Bad(where, "field 'id' " + idProblem);
                    source = idValue;
                }
                else if (id.ValueKind == JsonValueKind.Number) source = id.GetRawText();
                else if (id.ValueKind != JsonValueKind.Null) return SourceItem.Bad(where, $"field 'id' must be a string or number, got {id.ValueKind}");
            }
            return SourceItem.Of(new PassageRecord(source, title, body));
        }
        catch (InvalidOperationException)
        {
            return SourceItem.Bad(where, "a property name holds an escaped lone UTF-16 surrogate, which is not text");
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
