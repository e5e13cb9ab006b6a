using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;

namespace RewardEngine.Data;

/// <summary>
/// Reads a JSON Lines input of objects (the <c>constraints parse</c> and <c>check</c> files): a regular file, valid
/// UTF-8, one object per line, blank lines passed over. The first bad line stops the read with a
/// <see cref="DatasetException"/> naming the file and line (strings are checked later, field by field, with
/// <see cref="JsonStrings"/>).
/// </summary>
public static class JsonLines
{
    private static readonly UTF8Encoding Strict = new(false, throwOnInvalidBytes: true);

    public static IReadOnlyList<(int Line, JsonObject Value)> ReadObjects(string file, CancellationToken cancellationToken = default)
    {
        var bytes = InputFile.ReadAllBytes(file, problem => new DatasetException(file, null, null, problem), cancellationToken);
        var span = bytes.AsSpan();
        if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        var result = new List<(int, JsonObject)>();
        int lineNo = 0;
        while (!span.IsEmpty)
        {
            if ((lineNo & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            lineNo++;
            var nl = span.IndexOf((byte)'\n');
            var line = nl < 0 ? span : span[..nl];
            span = nl < 0 ? [] : span[(nl + 1)..];
            if (line.Trim(" \t\r"u8).IsEmpty) continue;
            result.Add((lineNo, ParseObject(file, lineNo, line)));
        }
        return result;
    }

    /// <summary>One non-blank line as an object, or the <see cref="DatasetException"/> naming what is wrong with it.</summary>
    internal static JsonObject ParseObject(string file, int lineNo, ReadOnlySpan<byte> line)
    {
        // Valid UTF-8 is parsed as it is, without a string copy; the decoder is asked only to say where it breaks.
        if (!System.Text.Unicode.Utf8.IsValid(line))
        {
            try { Strict.GetString(line); }
            catch (DecoderFallbackException e)
            {
                throw new DatasetException(file, lineNo, null, $"invalid UTF-8 at byte {e.Index} of the line", "line");
            }
        }
        JsonNode? node;
        try { node = JsonNode.Parse(line); }
        catch (JsonException e)
        {
            throw new DatasetException(file, lineNo, null, $"not valid JSON ({e.Message.Split('.')[0]}); JSON lines: one object per line", "line");
        }
        return node as JsonObject ?? throw new DatasetException(file, lineNo, null, "expected a JSON object", "line");
    }
}
