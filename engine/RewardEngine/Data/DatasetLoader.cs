using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;

namespace RewardEngine.Data;

/// <summary>
/// Loads pairwise preference data: a JSON array or JSONL of
/// <c>{text_chosen: [{role, content}...], text_rejected: [...], id, domain}</c>, or of TRL and RewardBench rows
/// (<see cref="Formats.PreferenceRows"/>); a record without an id gets its index.
/// All or nothing: the first bad record stops the load with a <see cref="DatasetException"/> naming file, record and field.
/// </summary>
public static class DatasetLoader
{
    private static readonly HashSet<string> Roles = ["system", "user", "assistant"];

    /// <summary>Loads several files; subsets are the domains, qualified by file name where two files share one.</summary>
    public static IReadOnlyList<Dataset> LoadAll(IReadOnlyList<string> files, CancellationToken cancellationToken = default)
    {
        var sets = files.Select(f => Load(f, cancellationToken)).ToList();
        var domainFiles = sets.SelectMany(s => s.Pairs.Select(p => (p.Subset, s.File))).Distinct()
            .GroupBy(x => x.Subset).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        if (domainFiles.Count == 0) return sets;
        return sets.Select(s => s with
        {
            Pairs = s.Pairs.Select(p => domainFiles.Contains(p.Subset)
                ? p with { Subset = $"{Path.GetFileNameWithoutExtension(s.File)}/{p.Subset}" } : p).ToList(),
        }).ToList();
    }

    /// <summary>
    /// Loads one file. Only regular files are read (a named pipe or a device as --dataset would block or never end);
    /// <paramref name="cancellationToken"/> stops the load between blocks and records.
    /// </summary>
    public static Dataset Load(string file, CancellationToken cancellationToken = default)
    {
        var bytes = InputFile.ReadAllBytes(file, problem => new DatasetException(file, null, null, problem), cancellationToken);

        var span = bytes.AsSpan();
        if (EncodingProblem(span) is { } encoding) throw new DatasetException(file, null, null, encoding);
        if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        if (span.Trim(" \t\r\n"u8).IsEmpty) throw new DatasetException(file, null, null, "file is empty: expected a JSON array or JSON lines of pairs");

        var defaultDomain = Path.GetFileNameWithoutExtension(file);
        long badUtf8 = FirstInvalidUtf8(span);
        var pairs = span.TrimStart(" \t\r\n"u8)[0] == (byte)'['
            ? ReadArray(file, span, defaultDomain, badUtf8, cancellationToken)
            : ReadLines(file, span, defaultDomain, badUtf8, cancellationToken);
        if (pairs.Count == 0) throw new DatasetException(file, null, null, "no pairs in file");

        return new Dataset(file, Convert.ToHexStringLower(SHA256.HashData(bytes)), pairs, FindDuplicates(file, pairs));
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
        const string fix = "save it as UTF-8 (e.g. iconv -f {0} -t UTF-8)";
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
        return $"the file is {parts[1]}, not UTF-8: {string.Format(System.Globalization.CultureInfo.InvariantCulture, fix, parts[0])}";
    }

    private static List<Pair> ReadArray(string file, ReadOnlySpan<byte> json, string defaultDomain, long badUtf8, CancellationToken cancellationToken)
    {
        var pairs = new List<Pair>();
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
                pairs.Add(ToPair(file, record, pairs.Count, doc.RootElement, defaultDomain));
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
            throw new DatasetException(file, Math.Max(record, 1), null, JsonProblem(e));
        }
        return pairs;
    }

    private static List<Pair> ReadLines(string file, ReadOnlySpan<byte> text, string defaultDomain, long badUtf8, CancellationToken cancellationToken)
    {
        var pairs = new List<Pair>();
        int line = 0;
        long offset = 0;
        while (!text.IsEmpty)
        {
            if ((line & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            line++;
            var lineStart = offset;
            offset += (text.IndexOf((byte)'\n') is var n && n >= 0 ? n + 1 : text.Length);
            if (badUtf8 >= lineStart && badUtf8 < offset)
                throw new DatasetException(file, line, null, $"invalid UTF-8 at byte {badUtf8}", "line");
            var nl = text.IndexOf((byte)'\n');
            var current = nl < 0 ? text : text[..nl];
            text = nl < 0 ? [] : text[(nl + 1)..];
            if (current.Trim(" \t\r"u8).IsEmpty) continue;
            try
            {
                var reader = new Utf8JsonReader(current);
                using var doc = JsonDocument.ParseValue(ref reader);
                if (reader.Read()) throw new DatasetException(file, line, null, "more than one JSON value on the line", "line");
                pairs.Add(ToPair(file, line, pairs.Count, doc.RootElement, defaultDomain, "line"));
            }
            catch (JsonException e)
            {
                throw new DatasetException(file, line, null, JsonProblem(e) + " (JSON lines: one record per line)", "line");
            }
        }
        return pairs;
    }

    private static string JsonProblem(JsonException e)
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

    private static Pair ToPair(string file, int record, int index, JsonElement e, string defaultDomain, string unit = "record")
    {
        try { return ToPairCore(file, record, index, e, defaultDomain, unit); }
        catch (InvalidOperationException)
        {
            // Values are read through JsonStrings; what is left is a property name that is not text.
            throw new DatasetException(file, record, null, "a property name holds an escaped lone UTF-16 surrogate (such as '\\ud800'), which is not text", unit);
        }
    }

    private static Pair ToPairCore(string file, int record, int index, JsonElement e, string defaultDomain, string unit)
    {
        DatasetException Bad(string? field, string problem) => new(file, record, field, problem, unit);
        if (e.ValueKind != JsonValueKind.Object) throw Bad(null, $"expected an object, got {Kind(e)}");

        var fields = new Formats.RecordFields(Bad);
        string id = fields.Id(e, index); // a missing id is the record's index

        string domain = defaultDomain;
        if (e.TryGetProperty("domain", out var dEl) && dEl.ValueKind != JsonValueKind.Null)
            domain = dEl.ValueKind == JsonValueKind.String && Text(dEl, "domain", Bad).Length > 0
                ? Text(dEl, "domain", Bad) : throw Bad("domain", $"expected a non-empty string, got {Kind(dEl)}");

        if (Formats.PreferenceRows.Matches(e)) return Formats.PreferenceRows.ToPair(e, id, domain, record, fields);
        var chosen = Turns(e, "text_chosen", Bad);
        var rejected = Turns(e, "text_rejected", Bad);
        var prompt = chosen.Take(chosen.Count - 1).ToList();
        var rejectedPrompt = rejected.Take(rejected.Count - 1).ToList();
        if (!prompt.SequenceEqual(rejectedPrompt))
            throw Bad("text_rejected", "its turns before the answer differ from text_chosen's; both must share the prompt");
        return new Pair(id, domain, prompt, chosen[^1].Content, rejected[^1].Content, record);
    }

    private static List<ChatMessage> Turns(JsonElement e, string field, Func<string?, string, DatasetException> bad)
    {
        if (!e.TryGetProperty(field, out var arr)) throw bad(field, "missing");
        if (arr.ValueKind != JsonValueKind.Array) throw bad(field, $"expected an array of {{role, content}} turns, got {Kind(arr)}");
        var turns = new List<ChatMessage>();
        int i = 0;
        foreach (var t in arr.EnumerateArray())
        {
            var path = $"{field}[{i}]";
            if (t.ValueKind != JsonValueKind.Object) throw bad(path, $"expected an object with role and content, got {Kind(t)}");
            var role = t.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? Text(r, path + ".role", bad)
                : throw bad(path + ".role", "missing or not a string");
            if (!Roles.Contains(role)) throw bad(path + ".role", $"unknown role '{role}' (expected system, user or assistant)");
            var content = t.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? Text(c, path + ".content", bad)
                : throw bad(path + ".content", "missing or not a string");
            turns.Add(new ChatMessage(role, content));
            i++;
        }
        if (turns.Count < 2) throw bad(field, $"expected at least a user turn and an assistant answer, got {turns.Count} turn(s)");
        // Roles must read system?, then user/assistant alternating, ending on the assistant's answer.
        int k = turns[0].Role == "system" ? 1 : 0;
        for (int j = k; j < turns.Count; j++)
        {
            var expected = (j - k) % 2 == 0 ? "user" : "assistant";
            if (turns[j].Role != expected)
                throw bad($"{field}[{j}].role", $"expected '{expected}' here (turns alternate user/assistant and end with the assistant's answer), got '{turns[j].Role}'");
        }
        if (turns[^1].Role != "assistant") throw bad($"{field}[{turns.Count - 1}].role", "the last turn must be the assistant's answer");
        return turns;
    }

    private static IReadOnlyList<string> FindDuplicates(string file, List<Pair> pairs)
    {
        var warnings = new List<string>();
        var dupIds = pairs.GroupBy(p => p.Id).Where(g => g.Count() > 1).ToList();
        if (dupIds.Count > 0)
            warnings.Add($"{file}: {dupIds.Sum(g => g.Count() - 1)} record(s) reuse an id of an earlier record ({dupIds.Count} distinct ids repeated, e.g. '{dupIds[0].Key}')");
        var seen = new Dictionary<string, int>();
        int dupPairs = 0; int? firstDup = null;
        foreach (var p in pairs)
        {
            var key = Fingerprint(p);
            if (seen.TryAdd(key, p.Record)) continue;
            dupPairs++;
            firstDup ??= p.Record;
        }
        if (dupPairs > 0)
            warnings.Add($"{file}: {dupPairs} record(s) repeat an earlier pair exactly (same prompt, chosen and rejected; first at record {firstDup}); each is evaluated and counted as given");
        return warnings;
    }

    private static string Fingerprint(Pair p)
    {
        var sb = new StringBuilder();
        foreach (var m in p.Prompt) sb.Append(m.Role).Append('\0').Append(m.Content).Append('\0');
        sb.Append(p.Chosen).Append('\0').Append(p.Rejected);
        return Evaluation.FileHashes.Sha256OfText(sb.ToString());
    }

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();

    private static string Text(JsonElement e, string field, Func<string?, string, DatasetException> bad) =>
        JsonStrings.TryRead(e, out var value, out var problem) ? value : throw bad(field, problem!);
}
