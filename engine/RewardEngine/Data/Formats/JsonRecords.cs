using System.Text.Json;
using RewardEngine.Diagnostics;

namespace RewardEngine.Data.Formats;

/// <summary>One record of a JSON array or JSON-lines file, with the coordinates a user needs to find it.</summary>
/// <param name="Number">The record (arrays) or line (JSON lines) number, 1-based.</param>
/// <param name="Index">The record's position among the file's records, 0-based (blank lines are not records).</param>
/// <param name="Unit">"record" or "line": what <paramref name="Number"/> counts.</param>
internal readonly record struct JsonRecord(int Number, int Index, string Unit, JsonElement Element);

/// <summary>
/// Reads the records of a JSON array or JSON-lines file for the loaders that are not the pairwise one
/// (listwise rows, prompts, upstream benchmark files): bad JSON stops the read with a <see cref="DatasetException"/>
/// naming the file and the record or line.
/// </summary>
internal static class JsonRecords
{
    public static byte[] ReadBytes(string file)
    {
        try { return File.ReadAllBytes(file); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { throw new DatasetException(file, null, null, "file not found"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DatasetException(file, null, null, $"cannot read: {e.Message}"); }
    }

    /// <summary>Calls <paramref name="onRecord"/> for each record in file order.</summary>
    public static void Read(string file, byte[] bytes, Action<JsonRecord> onRecord)
    {
        ReadOnlySpan<byte> span = bytes;
        if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        var trimmed = span.TrimStart(" \t\r\n"u8);
        if (trimmed.IsEmpty) throw new DatasetException(file, null, null, "file is empty: expected a JSON array or JSON lines");
        if (trimmed[0] == (byte)'[') ReadArray(file, trimmed, onRecord);
        else ReadLines(file, span, onRecord);
    }

    private static void ReadArray(string file, ReadOnlySpan<byte> json, Action<JsonRecord> onRecord)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        int record = 0;
        try
        {
            reader.Read();
            while (true)
            {
                if (!reader.Read()) throw new DatasetException(file, record + 1, null, "truncated JSON: the array is not closed");
                if (reader.TokenType == JsonTokenType.EndArray) break;
                record++;
                using var doc = JsonDocument.ParseValue(ref reader);
                onRecord(new JsonRecord(record, record - 1, "record", doc.RootElement));
            }
            if (reader.Read()) throw new DatasetException(file, record, null, "unexpected content after the closing ']'");
        }
        catch (JsonException e)
        {
            throw new DatasetException(file, Math.Max(record, 1), null, Problem(e));
        }
    }

    private static void ReadLines(string file, ReadOnlySpan<byte> text, Action<JsonRecord> onRecord)
    {
        int line = 0, index = 0;
        while (!text.IsEmpty)
        {
            line++;
            var nl = text.IndexOf((byte)'\n');
            var current = nl < 0 ? text : text[..nl];
            text = nl < 0 ? [] : text[(nl + 1)..];
            if (current.Trim(" \t\r"u8).IsEmpty) continue;
            JsonDocument doc;
            try
            {
                var reader = new Utf8JsonReader(current);
                doc = JsonDocument.ParseValue(ref reader);
                if (reader.Read())
                {
                    doc.Dispose();
                    throw new DatasetException(file, line, null, "more than one JSON value on the line", "line");
                }
            }
            catch (JsonException e)
            {
                throw new DatasetException(file, line, null, Problem(e) + " (JSON lines: one record per line)", "line");
            }
            using (doc) onRecord(new JsonRecord(line, index++, "line", doc.RootElement));
        }
    }

    private static string Problem(JsonException e)
    {
        var m = e.Message.Split('\n')[0];
        if (m.Contains("invalid UTF-8", StringComparison.OrdinalIgnoreCase) || m.Contains("transcode", StringComparison.OrdinalIgnoreCase))
            return "invalid UTF-8 in the text";
        if (m.Contains("end of data", StringComparison.OrdinalIgnoreCase) || m.Contains("incomplete", StringComparison.OrdinalIgnoreCase)
            || m.Contains("depth to be zero", StringComparison.OrdinalIgnoreCase))
            return "truncated JSON: the record is not closed";
        foreach (var marker in new[] { " LineNumber:", " Path:" })
            if (m.IndexOf(marker, StringComparison.Ordinal) is var cut and > 0) m = m[..cut];
        return "invalid JSON: " + m.TrimEnd(' ', '.');
    }
}
