using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
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
    /// <summary>The columns read; others (models, additional_metadata) are not needed for scoring.</summary>
    internal sealed class Row
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("prompt")] public string? Prompt { get; set; }
        [JsonPropertyName("chosen")] public List<string>? Chosen { get; set; }
        [JsonPropertyName("rejected")] public List<string>? Rejected { get; set; }
        [JsonPropertyName("num_correct")] public long? NumCorrect { get; set; }
        [JsonPropertyName("num_incorrect")] public long? NumIncorrect { get; set; }
        [JsonPropertyName("total_completions")] public long? TotalCompletions { get; set; }
        [JsonPropertyName("subset")] public string? Subset { get; set; }
    }

    public string Name => "rewardbench2-parquet";

    public async Task<IReadOnlyList<ConvertedFile>> ConvertAsync(ConversionRequest request, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, IList<Row>>();
        var files = new List<ConvertedFile>();
        foreach (var subset in request.Subsets)
        {
            if (subset.Sources.Count != 1) throw new DataCatalogException($"{request.Set.Name}:{subset.Name}: rewardbench2-parquet takes one source file");
            var source = subset.Sources[0];
            if (!rows.TryGetValue(source, out var all)) rows[source] = all = await HubParquet.ReadAsync<Row>(request.Raw(source), "RewardBench 2", cancellationToken);
            var upstream = subset.Select ?? subset.Name;
            var name = subset.Name + ".jsonl";
            ConvertedWriter.WriteLines(Path.Combine(request.OutputDirectory, name), all.Where(r => r.Subset == upstream).Select(ToNode));
            files.Add(new ConvertedFile(subset.Name, name, []));
        }
        var wanted = request.Subsets.Select(s => s.Select ?? s.Name).ToHashSet();
        foreach (var (source, all) in rows)
            foreach (var g in all.Where(r => r.Subset is null || !wanted.Contains(r.Subset)).GroupBy(r => r.Subset ?? "(none)"))
                files[0] = files[0] with { Notes = [.. files[0].Notes, $"{source}: {g.Count()} row(s) of subset '{g.Key}', which the catalog does not name, were left out"] };
        return files;
    }

    private static JsonNode ToNode(Row r) => new JsonObject
    {
        ["id"] = r.Id,
        ["prompt"] = r.Prompt,
        ["chosen"] = r.Chosen is null ? null : new JsonArray(r.Chosen.Select(c => (JsonNode?)c).ToArray()),
        ["rejected"] = r.Rejected is null ? null : new JsonArray(r.Rejected.Select(c => (JsonNode?)c).ToArray()),
        ["num_correct"] = r.NumCorrect,
        ["num_incorrect"] = r.NumIncorrect,
        ["total_completions"] = r.TotalCompletions,
        ["subset"] = r.Subset,
    };
}
