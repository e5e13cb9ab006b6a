namespace RewardEngine.Data.Catalog.Converters;

/// <summary>The converters catalogs can name. Adding one is a class and a line here.</summary>
internal static class DatasetConverters
{
    private static readonly Dictionary<string, IDatasetConverter> All = new IDatasetConverter[]
    {
        new PairwiseFileConverter(),
        new JudgeBenchConverter(),
        new RmBenchStylesConverter(),
        new IfevalPromptsConverter(),
        new RewardBench2ParquetConverter(),
        new RewardBenchParquetConverter(),
    }.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public static IEnumerable<string> Names => All.Keys.Order(StringComparer.Ordinal);

    public static bool Known(string name) => All.ContainsKey(name);

    public static IDatasetConverter Get(string name) => All[name];
}
