using System.Text.Json;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;

namespace RewardEngine.Data.Formats;

/// <summary>One record of a JSON array or JSON-lines file, with the coordinates a user needs to find it.</summary>
/// <param name="Number">The record (arrays) or line (JSON lines) number, 1-based.</param>
/// <param name="Index">The record's position among the file's records, 0-based (blank lines are not records).</param>
/// <param name="Unit">"record" or "line": what <paramref name="Number"/> counts.</param>
internal readonly record struct JsonRecord(int Number, int Index, string Unit, JsonElement Element);

/// <summary>
/// Reads the records of a JSON array or JSON-lines file for every dataset loader (pairs, listwise rows, prompts,
/// upstream benchmark files). Hostile input ends the read with one <see cref="DatasetException"/> naming the file and
/// the record or line: another encoding (UTF-16/32, with or without a byte-order mark), invalid UTF-8 (with its byte
/// offset), bad or truncated JSON, content after the array. A file that is not a regular file is refused
/// (<see cref="InputFile"/>), and the read stops between records when cancelled.
/// </summary>
internal static class JsonRecords
{
    public static byte[] ReadBytes(string file, CancellationToken cancellationToken = default) =>
        InputFile.ReadAllBytes(file, problem => new DatasetException(file, null, null, problem), cancellationToken);

    /// <summary>Calls <paramref name="onRecord"/> for each record in file order.</summary>
    /// <param name="contents">What the records are ("pairs"), for the empty-file message.</param>
    public static void Read(string file, byte[] bytes, Action<JsonRecord> onRecord, CancellationToken cancellationToken = default,
        string? contents = null)
    {
        ReadOnlySpan<byte> span = bytes;
        if (EncodingProblem(span) is { } encoding) throw new DatasetException(file, null, null, encoding);
        if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        if (span.Trim(" \t\r\n"u8).IsEmpty)
            throw new DatasetException(file, null, null, "file is empty: expected a JSON array or JSON lines" + (contents is null ? "" : " of " + contents));
        long badUtf8 = FirstInvalidUtf8(span);
        if (span.TrimStart(" \t\r\n"u8)[0] == (byte)'[') ReadArray(file, span, badUtf8, onRecord, cancellationToken);
        else ReadLines(file, span, badUtf8, onRecord, cancellationToken);
    }

    private static void ReadArray(string file, ReadOnlySpan<byte> json, long badUtf8, Action<JsonRecord> onRecord, CancellationToken cancellationToken)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        int record = 0;
        try
        {
            reader.Read(); // '['
            while (true)
            {
                if (!reader.Read()) throw new DatasetException(file, record + 1, null, "truncated JSON: the array is not closed");
                if (reader.TokenType == JsonTokenType.EndArray) break;
                cancellationToken.ThrowIfCancellationRequested();
                record++;
                using var doc = JsonDocument.ParseValue(ref reader);
                if (badUtf8 >= 0 && badUtf8 < reader.BytesConsumed)
                    throw new DatasetException(file, record, null, $"invalid UTF-8 at byte {badUtf8}");
                onRecord(new JsonRecord(record, record - 1, "record", doc.RootElement));
            }
            long end = reader.BytesConsumed;
            bool trailing;
            try { trailing = reader.Read(); }
            catch (JsonException) { trailing = true; }
            if (trailing)
                throw new DatasetException(file, null, null,
                    $"unexpected content after the array's closing ']' (at byte {end + json[(int)end..].IndexOfAnyExcept(" \t\r\n"u8)}): one JSON array per file, or JSON lines");
        }
        catch (JsonException e)
        {
            throw new DatasetException(file, Math.Max(record, 1), null, Problem(e));
        }
    }

    private static void ReadLines(string file, ReadOnlySpan<byte> text, long badUtf8, Action<JsonRecord> onRecord, CancellationToken cancellationToken)
    {
        int line = 0, index = 0;
        long offset = 0;
        while (!text.IsEmpty)
        {
            if ((line & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            line++;
            var lineStart = offset;
            var nl = text.IndexOf((byte)'\n');
            offset += nl >= 0 ? nl + 1 : text.Length;
            if (badUtf8 >= lineStart && badUtf8 < offset)
                throw new DatasetException(file, line, null, $"invalid UTF-8 at byte {badUtf8}", "line");
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

    /// <summary>Byte offset of the first invalid UTF-8 sequence, or -1.</summary>
    private static long FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes)) return -1;
        long offset = 0;
        while (!bytes.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes, out _, out var consumed) != System.Buffers.OperationStatus.Done) return offset;
            bytes = bytes[consumed..];
            offset += consumed;
        }
        return -1;
    }

    /// <summary>
    /// What a file in another encoding is, when it is one: JSON text starts with an ASCII character, so UTF-16 and
    /// UTF-32 show as zero bytes beside it even without a byte-order mark.
    /// </summary>
    private static string? EncodingProblem(ReadOnlySpan<byte> b)
    {
        string? found =
            b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]) ? "UTF-32LE|UTF-32 little-endian text (with a byte-order mark)"
            : b.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]) ? "UTF-32BE|UTF-32 big-endian text (with a byte-order mark)"
            : b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? "UTF-16LE|UTF-16 little-endian text (with a byte-order mark)"
            : b.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? "UTF-16BE|UTF-16 big-endian text (with a byte-order mark)"
            : b.Length >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0 ? "UTF-32BE|UTF-32 big-endian text without a byte-order mark"
            : b.Length >= 4 && b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0 ? "UTF-32LE|UTF-32 little-endian text without a byte-order mark"
            : b.Length >= 2 && b[0] == 0 && b[1] != 0 ? "UTF-16BE|UTF-16 big-endian text without a byte-order mark"
            : b.Length >= 2 && b[0] != 0 && b[1] == 0 ? "UTF-16LE|UTF-16 little-endian text without a byte-order mark"
            : null;
        if (found is null) return null;
        var parts = found.Split('|');
        return $"the file is {parts[1]}, not UTF-8: save it as UTF-8 (e.g. iconv -f {parts[0]} -t UTF-8)";
    }

    private static string Problem(JsonException e)
    {
        var m = e.Message.Split('\n')[0];
        if (m.Contains("invalid UTF-8", StringComparison.OrdinalIgnoreCase) || m.Contains("transcode", StringComparison.OrdinalIgnoreCase))
            return "invalid UTF-8 in the text";
        if (m.Contains("end of data", StringComparison.OrdinalIgnoreCase) || m.Contains("incomplete", StringComparison.OrdinalIgnoreCase)
            || m.Contains("depth to be zero", StringComparison.OrdinalIgnoreCase))
            return "truncated JSON: the record is not closed";
        // Drop System.Text.Json's own positions; the record number is the user's coordinate.
        foreach (var marker in new[] { " LineNumber:", " Path:" })
            if (m.IndexOf(marker, StringComparison.Ordinal) is var cut and > 0) m = m[..cut];
        return "invalid JSON: " + m.TrimEnd(' ', '.');
    }
}
