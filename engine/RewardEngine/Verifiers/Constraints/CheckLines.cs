using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using RewardEngine.Data;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>One line of a check file, ready to check and to write back: its key as JSON, its response and constraints.</summary>
internal sealed record CheckLine(byte[] KeyJson, string Response, Constraint[] Constraints);

/// <summary>
/// Reads a check file (<see cref="ConstraintCheckFile"/>'s format) for a whole-file check. A large file repeats a
/// few thousand answers and a few hundred constraint sets many times, so each distinct response is one string and
/// each distinct (instruction id, kwargs, prompt) one <see cref="Constraint"/> object, parsed and validated once:
/// the checker can then work once per distinct (constraint, response) pair. A line of the usual shape is read
/// straight from its UTF-8 bytes; any other line (and any bad one) goes through
/// <see cref="ConstraintCheckFile.ReadLine"/>, so results and error messages are that reader's.
/// </summary>
internal static class CheckLines
{
    public static IReadOnlyList<CheckLine> Read(string file, CancellationToken cancellationToken = default)
    {
        var bytes = InputFile.ReadAllBytes(file, problem => new DatasetException(file, null, null, problem), cancellationToken);
        // Language models take a while to read: when the file asks for a response language, they are read while
        // the lines are.
        if (bytes.AsSpan().IndexOf("language:response_language"u8) >= 0) ResponseLanguage.PrepareInBackground();
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var lines = new List<(int No, int Start, int Length)>();
        int lineNo = 0;
        for (int at = start; at < bytes.Length;)
        {
            lineNo++;
            var nl = bytes.AsSpan(at).IndexOf((byte)'\n');
            var length = nl < 0 ? bytes.Length - at : nl;
            if (!bytes.AsSpan(at, length).Trim(" \t\r"u8).IsEmpty) lines.Add((lineNo, at, length));
            at += length + 1;
        }
        var pool = new Pool();
        var result = new CheckLine[lines.Count];
        var notJson = new Exception?[lines.Count];
        var bad = new Exception?[lines.Count];
        // Lines are read on every core. As in ConstraintCheckFile.Read, which parses every line before it reads
        // any: the first line that is not a JSON object is reported, else the first bad line, in file order.
        Parallel.For(0, lines.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var (no, at, length) = lines[i];
            var line = bytes.AsSpan(at, length);
            if (TryReadUsual(line, pool) is { } usual) { result[i] = usual; return; }
            System.Text.Json.Nodes.JsonObject obj;
            try { obj = JsonLines.ParseObject(file, no, line); }
            catch (Exception e) { notJson[i] = e; return; }
            try { result[i] = ReadOther(file, no, obj, pool); }
            catch (Exception e) { bad[i] = e; }
        });
        foreach (var e in notJson.Concat(bad)) if (e is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
        return result;
    }

    /// <summary>Strings and constraints shared by the lines of one file.</summary>
    private sealed class Pool
    {
        public readonly RawStringPool Strings = new();
        public readonly ConcurrentDictionary<(string Id, string Kwargs, string? Prompt), Constraint?> Constraints = new();

        public string Intern(string s) => Strings.Intern(s);
    }

    // The usual line: {"key": number|string|bool|null, "prompt": string|null, "response": string,
    // "instruction_id_list": [string...], "kwargs": [object|null...]|null}, each field at most once, in any order,
    // other fields passed over. Null for anything else, which ReadLine then reads (or refuses) as always.
    private static CheckLine? TryReadUsual(ReadOnlySpan<byte> line, Pool pool)
    {
        if (!System.Text.Unicode.Utf8.IsValid(line)) return null;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            byte[]? key = null;
            string? response = null, prompt = null;
            List<string>? ids = null;
            List<string?>? kwargs = null;
            bool seenKey = false, seenPrompt = false, seenKwargs = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped) return null;
                var name = reader.ValueSpan;
                reader.Read();
                if (name.SequenceEqual("key"u8))
                {
                    if (seenKey || reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) return null;
                    seenKey = true;
                    key = KeyJson(ref reader);
                }
                else if (name.SequenceEqual("response"u8))
                {
                    if (response is not null || reader.TokenType != JsonTokenType.String) return null;
                    response = pool.Strings.Read(ref reader);
                }
                else if (name.SequenceEqual("prompt"u8))
                {
                    if (seenPrompt || reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null)) return null;
                    seenPrompt = true;
                    prompt = reader.TokenType == JsonTokenType.Null ? null : pool.Strings.Read(ref reader);
                }
                else if (name.SequenceEqual("instruction_id_list"u8))
                {
                    if (ids is not null || reader.TokenType != JsonTokenType.StartArray) return null;
                    ids = [];
                    while (reader.Read() && reader.TokenType == JsonTokenType.String) ids.Add(pool.Strings.Read(ref reader));
                    if (reader.TokenType != JsonTokenType.EndArray) return null;
                }
                else if (name.SequenceEqual("kwargs"u8))
                {
                    if (seenKwargs) return null;
                    seenKwargs = true;
                    if (reader.TokenType == JsonTokenType.Null) continue;
                    if (reader.TokenType != JsonTokenType.StartArray) return null;
                    kwargs = [];
                    while (reader.Read() && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.Null)
                    {
                        if (reader.TokenType == JsonTokenType.Null) { kwargs.Add(null); continue; }
                        var from = (int)reader.TokenStartIndex;
                        reader.Skip();
                        kwargs.Add(pool.Strings.Text(line[from..(int)reader.BytesConsumed]));
                    }
                    if (reader.TokenType != JsonTokenType.EndArray) return null;
                }
                else reader.Skip();
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return null;
            if (response is null || ids is null || (kwargs is not null && kwargs.Count != ids.Count)) return null;
            var constraints = new Constraint[ids.Count];
            for (int i = 0; i < ids.Count; i++)
            {
                var c = pool.Constraints.GetOrAdd((ids[i], kwargs?[i] ?? "null", ids[i] == InstructionIds.RepeatPrompt ? prompt : null), Make);
                if (c is null) return null;
                constraints[i] = c;
            }
            return new CheckLine(key ?? "null"u8.ToArray(), response, constraints);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return null; }
    }

    // As ReadLine builds a constraint; null when it would refuse it (ReadLine then says why).
    private static Constraint? Make((string Id, string Kwargs, string? Prompt) k)
    {
        try
        {
            var args = JsonSerializer.Deserialize<ConstraintArgs>(k.Kwargs, ConstraintJson.Options) ?? ConstraintArgs.None;
            if (k.Id == InstructionIds.RepeatPrompt && string.IsNullOrEmpty(args.PromptToRepeat) && k.Prompt is not null)
                args = args with { PromptToRepeat = ConstraintParser.RepeatedRequest(k.Prompt) ?? k.Prompt };
            var c = new Constraint(k.Id, args);
            return ConstraintCheckers.Validate(c) is null ? c : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return null; }
    }

    // The key as eval's JsonNode path writes it back: numbers and literals as they stand, strings re-encoded.
    private static byte[] KeyJson(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String) return reader.ValueSpan.ToArray();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ConstraintJson.Options.Encoder }))
            writer.WriteStringValue(reader.GetString());
        return buffer.ToArray();
    }

    private static CheckLine ReadOther(string file, int lineNo, System.Text.Json.Nodes.JsonObject obj, Pool pool)
    {
        var item = ConstraintCheckFile.ReadLine(file, lineNo, obj);
        var key = Encoding.UTF8.GetBytes(item.Key?.ToJsonString(ConstraintJson.Options) ?? "null");
        return new CheckLine(key, pool.Intern(item.Response), [.. item.Constraints]);
    }
}
