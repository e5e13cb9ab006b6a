using System.Security.Cryptography;
using System.Text.Json;
using RewardEngine.Data.Formats;
using RewardEngine.Diagnostics;

namespace RewardEngine.Data;

/// <summary>
/// Loads listwise data: a JSON array or JSONL of RewardBench 2 rows
/// <c>{id, prompt, chosen: [answer...], rejected: [answer...], num_correct, num_incorrect, total_completions, subset}</c>.
/// The prompt is text (one user turn) or a list of <c>{role, content}</c> messages; the counts, when given, must agree
/// with the lists. All or nothing: the first bad record stops the load with a <see cref="DatasetException"/> naming
/// file, record and field. Repeated ids are reported.
/// </summary>
public static class ListwiseLoader
{
    public static ListwiseDataset Load(string file, CancellationToken cancellationToken = default)
    {
        var bytes = JsonRecords.ReadBytes(file, cancellationToken);
        var defaultSubset = Path.GetFileNameWithoutExtension(file);
        var items = new List<ListwiseItem>();
        JsonRecords.Read(file, bytes, r => items.Add(ToItem(file, r, defaultSubset)), cancellationToken, contents: "listwise rows");
        if (items.Count == 0) throw new DatasetException(file, null, null, "no rows in file");
        return new ListwiseDataset(file, Convert.ToHexStringLower(SHA256.HashData(bytes)), items, FindDuplicates(file, items));
    }

    /// <summary>
    /// Whether a data file holds listwise rows: its first record's <c>chosen</c> is a list of answer strings (a
    /// RewardBench 2 row), not one answer or a message list (pairwise rows). A file that cannot be read is left to
    /// the pairwise loader, which names the problem.
    /// </summary>
    public static bool IsListwise(string file)
    {
        bool? listwise = null;
        try
        {
            JsonRecords.Read(file, JsonRecords.ReadBytes(file), r =>
            {
                listwise = r.Element.ValueKind == JsonValueKind.Object && r.Element.TryGetProperty("chosen", out var c) && RecordFields.IsStringList(c);
                throw new FirstRecordRead();
            });
        }
        catch (FirstRecordRead) { }
        catch (RewardEngineException) { }
        return listwise ?? false;
    }

    private sealed class FirstRecordRead : Exception;

    private static ListwiseItem ToItem(string file, JsonRecord r, string defaultSubset)
    {
        var f = new RecordFields((field, problem) => new DatasetException(file, r.Number, field, problem, r.Unit));
        var e = r.Element;
        if (e.ValueKind != JsonValueKind.Object) throw f.Bad(null, $"expected an object, got {RecordFields.Kind(e)}");
        var id = f.Id(e, r.Index);
        var subset = f.OptionalName(e, "subset") ?? defaultSubset;
        var prompt = f.Prompt(f.Required(e, "prompt"), "prompt");
        var chosen = f.Strings(f.Required(e, "chosen"), "chosen");
        var rejected = e.TryGetProperty("rejected", out var rj) && rj.ValueKind != JsonValueKind.Null ? f.Strings(rj, "rejected") : [];
        if (chosen.Count == 0) throw f.Bad("chosen", "no correct answer: a listwise row needs at least one");
        if (chosen.Count + rejected.Count < 2) throw f.Bad("rejected", "a listwise row needs at least two answers in all");

        int numCorrect = e.TryGetProperty("num_correct", out _) ? f.Int(e, "num_correct") : chosen.Count;
        if (numCorrect != chosen.Count)
            throw f.Bad("num_correct", $"says {numCorrect} correct answers, but chosen holds {chosen.Count}");
        if (e.TryGetProperty("num_incorrect", out _) && f.Int(e, "num_incorrect") is var ni && ni != rejected.Count)
            throw f.Bad("num_incorrect", $"says {ni} incorrect answers, but rejected holds {rejected.Count}");
        if (e.TryGetProperty("total_completions", out _) && f.Int(e, "total_completions") is var tc && tc != chosen.Count + rejected.Count)
            throw f.Bad("total_completions", $"says {tc} answers, but chosen and rejected hold {chosen.Count + rejected.Count}");
        IReadOnlyList<int>? ranking = null;
        if (e.TryGetProperty("ranking", out var rk) && rk.ValueKind != JsonValueKind.Null)
        {
            if (rk.ValueKind != JsonValueKind.Array || rk.GetArrayLength() != chosen.Count + rejected.Count
                || rk.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Number || !x.TryGetInt32(out var v) || v < 1))
                throw f.Bad("ranking", $"expected one rank (a whole number >= 1, 1 best) per answer, {chosen.Count + rejected.Count} in all, correct ones first");
            ranking = [.. rk.EnumerateArray().Select(x => x.GetInt32())];
        }
        return new ListwiseItem(id, subset, prompt, chosen, rejected, numCorrect, r.Number) { Ranking = ranking };
    }

    private static IReadOnlyList<string> FindDuplicates(string file, List<ListwiseItem> items)
    {
        var dupIds = items.GroupBy(i => (i.Subset, i.Id)).Where(g => g.Count() > 1).ToList();
        return dupIds.Count == 0 ? []
            : [$"{file}: {dupIds.Sum(g => g.Count() - 1)} row(s) reuse the id of an earlier row of their subset ({dupIds.Count} distinct ids repeated, e.g. '{dupIds[0].Key.Id}')"];
    }
}
