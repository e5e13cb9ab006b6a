namespace RewardEngine.Data.Catalog.Converters;

/// <summary>
/// Sources already in the engine's pairwise format (the reference repository's converted files): each subset is its
/// one source, copied byte for byte; the fetcher's load validates it and reports repeated records.
/// </summary>
internal sealed class PairwiseFileConverter : IDatasetConverter
{
    public string Name => "pairwise";

    public Task<IReadOnlyList<ConvertedFile>> ConvertAsync(ConversionRequest request, CancellationToken cancellationToken)
    {
        var files = new List<ConvertedFile>();
        foreach (var subset in request.Subsets)
        {
            if (subset.Sources.Count != 1)
                throw new Diagnostics.DataCatalogException($"{request.Set.Name}:{subset.Name}: the pairwise converter takes exactly one source file, the catalog gives {subset.Sources.Count}");
            var source = subset.Sources[0];
            var name = subset.Name + (source.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? ".jsonl" : ".json");
            File.Copy(request.Raw(source), Path.Combine(request.OutputDirectory, name));
            files.Add(new ConvertedFile(subset.Name, name, []));
        }
        return Task.FromResult<IReadOnlyList<ConvertedFile>>(files);
    }
}
