namespace RewardEngine.Data.Catalog.Converters;

/// <summary>
/// Turns a benchmark's verified source files into the engine's formats: one file per subset, in the request's output
/// folder. The fetcher then loads each result with the loader of the set's kind (all its validations on) before
/// anything is placed. Register a new converter in <see cref="DatasetConverters"/>.
/// </summary>
internal interface IDatasetConverter
{
    /// <summary>The name catalogs use for it.</summary>
    string Name { get; }

    Task<IReadOnlyList<ConvertedFile>> ConvertAsync(ConversionRequest request, CancellationToken cancellationToken);
}

/// <summary>The subsets of one set that name a converter, and where their sources are.</summary>
/// <param name="RawFiles">Source file name to the verified local file.</param>
internal sealed record ConversionRequest(CatalogSet Set, IReadOnlyList<CatalogSubset> Subsets, IReadOnlyDictionary<string, string> RawFiles, string OutputDirectory)
{
    public string Raw(string file) => RawFiles[file];
}

/// <summary>One subset's converted file (a name inside the output folder) and what the conversion noticed.</summary>
internal sealed record ConvertedFile(string Subset, string FileName, IReadOnlyList<string> Notes);
