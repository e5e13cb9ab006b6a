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
        var bytes = Formats.JsonRecords.ReadBytes(file, cancellationToken);
        var defaultDomain = Path.GetFileNameWithoutExtension(file);
        var pairs = new List<Pair>();
        Formats.JsonRecords.Read(file, bytes, r => pairs.Add(ToPair(file, r.Number, r.Index, r.Element, defaultDomain, r.Unit)),
            cancellationToken, contents: "pairs");
        if (pairs.Count == 0) throw new DatasetException(file, null, null, "no pairs in file");

        return new Dataset(file, Convert.ToHexStringLower(SHA256.HashData(bytes)), pairs, FindDuplicates(file, pairs));
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
