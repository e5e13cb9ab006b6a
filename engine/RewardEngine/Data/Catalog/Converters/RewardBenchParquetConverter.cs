using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RewardEngine.Diagnostics;

namespace RewardEngine.Data.Catalog.Converters;

/// <summary>
/// RewardBench (v1) parquet (<c>prompt, chosen, chosen_model, rejected, rejected_model, subset, id</c>) to its hub
/// rows as JSON lines, which the pairwise loader reads directly; each row keeps its RewardBench subset. The catalog
/// subset's <c>select</c>, when given, keeps only rows of that upstream subset.
/// </summary>
internal sealed class RewardBenchParquetConverter : IDatasetConverter
{
    internal sealed class Row
    {
        [JsonPropertyName("prompt")] public string? Prompt { get; set; }
        [JsonPropertyName("chosen")] public string? Chosen { get; set; }
        [JsonPropertyName("chosen_model")] public string? ChosenModel { get; set; }
        [JsonPropertyName("rejected")] public string? Rejected { get; set; }
        [JsonPropertyName("rejected_model")] public string? RejectedModel { get; set; }
        [JsonPropertyName("subset")] public string? Subset { get; set; }
        [JsonPropertyName("id")] public long? Id { get; set; }
    }

    public string Name => "rewardbench-parquet";

    public async Task<IReadOnlyList<ConvertedFile>> ConvertAsync(ConversionRequest request, CancellationToken cancellationToken)
    {
        var files = new List<ConvertedFile>();
        foreach (var subset in request.Subsets)
        {
            if (subset.Sources.Count != 1) throw new DataCatalogException($"{request.Set.Name}:{subset.Name}: rewardbench-parquet takes one source file");
            var rows = await HubParquet.ReadAsync<Row>(request.Raw(subset.Sources[0]), "RewardBench", cancellationToken);
            var name = subset.Name + ".jsonl";
            ConvertedWriter.WriteLines(Path.Combine(request.OutputDirectory, name),
                rows.Where(r => subset.Select is null || r.Subset == subset.Select).Select(r => (JsonNode)new JsonObject
                {
                    ["prompt"] = r.Prompt,
                    ["chosen"] = r.Chosen,
                    ["chosen_model"] = r.ChosenModel,
                    ["rejected"] = r.Rejected,
                    ["rejected_model"] = r.RejectedModel,
                    ["subset"] = r.Subset,
                    ["id"] = r.Id,
                }));
            files.Add(new ConvertedFile(subset.Name, name, []));
        }
        return files;
    }
}
