using System.Text.Json.Nodes;
using RewardEngine.Diagnostics;

namespace RewardEngine.Data.Catalog.Converters;

/// <summary>
/// RewardBench 2's parquet (<c>id, prompt, chosen[], rejected[], num_correct, num_incorrect, total_completions,
/// models, subset, additional_metadata</c>) to listwise JSON lines, one file per subset (the catalog subset's
/// <c>select</c> is the upstream subset name, e.g. <c>Precise IF</c>). Rows keep their order and fields; the fetcher
/// loads the result with <see cref="ListwiseLoader"/>.
/// </summary>
internal sealed class RewardBench2ParquetConverter : IDatasetConverter
{
    public string Name => "rewardbench2-parquet";

    public async Task<IReadOnlyList<ConvertedFile>> ConvertAsync(ConversionRequest request, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, IReadOnlyList<HubRow>>();
        var files = new List<ConvertedFile>();
        foreach (var subset in request.Subsets)
        {
            if (subset.Sources.Count != 1) throw new DataCatalogException($"{request.Set.Name}:{subset.Name}: rewardbench2-parquet takes one source file");
            var source = subset.Sources[0];
            if (!rows.TryGetValue(source, out var all)) rows[source] = all = await HubParquet.ReadAsync(request.Raw(source), "RewardBench 2", cancellationToken);
            var upstream = subset.Select ?? subset.Name;
            var name = subset.Name + ".jsonl";
            ConvertedWriter.WriteLines(Path.Combine(request.OutputDirectory, name), all.Where(r => r.String("subset") == upstream).Select(ToNode));
            files.Add(new ConvertedFile(subset.Name, name, []));
        }
        var wanted = request.Subsets.Select(s => s.Select ?? s.Name).ToHashSet();
        foreach (var (source, all) in rows)
            foreach (var g in all.Where(r => r.String("subset") is not { } s || !wanted.Contains(s)).GroupBy(r => r.String("subset") ?? "(none)"))
                files[0] = files[0] with { Notes = [.. files[0].Notes, $"{source}: {g.Count()} row(s) of subset '{g.Key}', which the catalog does not name, were left out"] };
        return files;
    }

    /// <summary>The row's scoring fields, in RewardBench 2's order; models and additional_metadata are left out.</summary>
    private static JsonNode ToNode(HubRow r) => new JsonObject
    {
        ["id"] = r.String("id"),
        ["prompt"] = r.String("prompt"),
        ["chosen"] = new JsonArray(r.Strings("chosen").Select(c => (JsonNode?)c).ToArray()),
        ["rejected"] = new JsonArray(r.Strings("rejected").Select(c => (JsonNode?)c).ToArray()),
        ["num_correct"] = r.Long("num_correct"),
        ["num_incorrect"] = r.Long("num_incorrect"),
        ["total_completions"] = r.Long("total_completions"),
        ["subset"] = r.String("subset"),
    };
}
