using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Data.Formats;
using RewardEngine.Diagnostics;

namespace RewardEngine.Data.Catalog.Converters;

/// <summary>
/// RM-Bench's <c>total_dataset.json</c> (<c>{id, prompt, chosen: [3 styles], rejected: [3 styles], domain}</c>, styles
/// concise, detailed plain, detailed markdown) to pairs of its style matrix, one subset per domain and level
/// (<c>chat_hard</c>): <b>normal</b> pairs chosen and rejected of the same style (the diagonal), <b>hard</b> a
/// plainer chosen against a more formatted rejected (chosen i, rejected j, i &lt; j), <b>easy</b> the reverse
/// (i &gt; j). Each prompt gives as many pairs to each level, so a subset's pairwise accuracy is RM-Bench's score for
/// that cell. Ids and domains are RM-Bench's; pairs follow the file's order, as the paper's converted files do.
/// </summary>
internal sealed class RmBenchStylesConverter : IDatasetConverter
{
    private sealed record Item(JsonNode Id, string Domain, string Prompt, List<string> Chosen, List<string> Rejected);

    public string Name => "rm-bench-styles";

    public Task<IReadOnlyList<ConvertedFile>> ConvertAsync(ConversionRequest request, CancellationToken cancellationToken)
    {
        var files = new List<ConvertedFile>();
        var items = new Dictionary<string, List<Item>>();
        foreach (var subset in request.Subsets)
        {
            var (domain, level) = Split(subset.Select ?? subset.Name, request.Set.Name);
            if (subset.Sources.Count != 1) throw new DataCatalogException($"{request.Set.Name}:{subset.Name}: rm-bench-styles takes one source file");
            if (!items.TryGetValue(subset.Sources[0], out var all)) items[subset.Sources[0]] = all = Read(request.Raw(subset.Sources[0]));
            var records = new List<JsonNode>();
            foreach (var item in all.Where(i => i.Domain == domain))
                foreach (var (i, j) in Cells(item.Chosen.Count, level))
                    records.Add(ConvertedWriter.Pair(item.Prompt, item.Chosen[i], item.Rejected[j], item.Id.DeepClone(), item.Domain));
            var name = subset.Name + ".json";
            ConvertedWriter.WriteArray(Path.Combine(request.OutputDirectory, name), records);
            files.Add(new ConvertedFile(subset.Name, name, []));
        }
        var wanted = request.Subsets.Select(s => Split(s.Select ?? s.Name, request.Set.Name).Domain).ToHashSet();
        foreach (var (source, all) in items)
            foreach (var g in all.Where(i => !wanted.Contains(i.Domain)).GroupBy(i => i.Domain))
                files[0] = files[0] with { Notes = [.. files[0].Notes, $"{source}: {g.Count()} prompt(s) of domain '{g.Key}', which no subset names, were left out"] };
        return Task.FromResult<IReadOnlyList<ConvertedFile>>(files);
    }

    /// <summary>The (chosen style, rejected style) cells of one level of the matrix, in row order.</summary>
    internal static IEnumerable<(int Chosen, int Rejected)> Cells(int styles, string level)
    {
        for (int i = 0; i < styles; i++)
            for (int j = 0; j < styles; j++)
                if (level == "normal" ? i == j : level == "hard" ? i < j : i > j)
                    yield return (i, j);
    }

    private static (string Domain, string Level) Split(string name, string set)
    {
        var cut = name.LastIndexOf('_');
        var level = cut > 0 ? name[(cut + 1)..] : "";
        if (level is not ("easy" or "normal" or "hard"))
            throw new DataCatalogException($"{set}:{name}: an rm-bench-styles subset is named DOMAIN_LEVEL with LEVEL easy, normal or hard");
        return (name[..cut], level);
    }

    private static List<Item> Read(string file)
    {
        var items = new List<Item>();
        JsonRecords.Read(file, JsonRecords.ReadBytes(file), r =>
        {
            var f = new RecordFields((field, problem) => new DatasetException(file, r.Number, field, problem, r.Unit));
            var e = r.Element;
            if (e.ValueKind != JsonValueKind.Object) throw f.Bad(null, $"expected an object, got {RecordFields.Kind(e)}");
            var id = f.Required(e, "id");
            if (id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number)) throw f.Bad("id", "expected a string or a number");
            var chosen = f.Strings(f.Required(e, "chosen"), "chosen");
            var rejected = f.Strings(f.Required(e, "rejected"), "rejected");
            if (chosen.Count == 0 || chosen.Count != rejected.Count)
                throw f.Bad("rejected", $"expected as many rejected as chosen answers (one per style), got {chosen.Count} chosen and {rejected.Count} rejected");
            items.Add(new Item(JsonNode.Parse(id.GetRawText())!, f.String(f.Required(e, "domain"), "domain"), f.String(f.Required(e, "prompt"), "prompt"), chosen, rejected));
        });
        return items;
    }
}
