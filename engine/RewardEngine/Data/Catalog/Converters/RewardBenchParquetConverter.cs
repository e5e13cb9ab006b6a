using System.Text.Json.Nodes;
using RewardEngine.Diagnostics;

namespace RewardEngine.Data.Catalog.Converters;

/// <summary>
/// RewardBench (v1) parquet (<c>prompt, chosen, chosen_model, rejected, rejected_model, subset, id</c>) to its hub
/// rows as JSON lines, which the pairwise loader reads directly; each row keeps its RewardBench subset. The catalog
/// subset's <c>select</c>, when given, keeps only rows of that upstream subset.
/// </summary>
internal sealed class RewardBenchParquetConverter : IDatasetConverter
{
    public string Name => "rewardbench-parquet";

    public async Task<IReadOnlyList<ConvertedFile>> ConvertAsync(ConversionRequest request, CancellationToken cancellationToken)
    {
        var files = new List<ConvertedFile>();
        foreach (var subset in request.Subsets)
        {
            if (subset.Sources.Count != 1) throw new DataCatalogException($"{request.Set.Name}:{subset.Name}: rewardbench-parquet takes one source file");
            var rows = await HubParquet.ReadAsync(request.Raw(subset.Sources[0]), "RewardBench", cancellationToken);
            var name = subset.Name + ".jsonl";
            ConvertedWriter.WriteLines(Path.Combine(request.OutputDirectory, name),
                rows.Where(r => subset.Select is null || r.String("subset") == subset.Select).Select(r => (JsonNode)new JsonObject
                {
                    ["prompt"] = r.String("prompt"),
                    ["chosen"] = r.String("chosen"),
                    ["chosen_model"] = r.String("chosen_model"),
                    ["rejected"] = r.String("rejected"),
                    ["rejected_model"] = r.String("rejected_model"),
                    ["subset"] = r.String("subset"),
                    ["id"] = r.Long("id"),
                }));
            files.Add(new ConvertedFile(subset.Name, name, []));
        }
        return files;
    }
}
