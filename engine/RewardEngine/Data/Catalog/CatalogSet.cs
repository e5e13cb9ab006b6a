using RewardEngine.Data;

namespace RewardEngine.Data.Catalog;

/// <summary>A benchmark in the catalog: its source files, licence and subsets.</summary>
public sealed record CatalogSet(
    string Name,
    string Title,
    DataKind Kind,
    string Licence,
    string? Homepage,
    IReadOnlyList<CatalogSource> Sources,
    IReadOnlyList<CatalogSubset> Subsets)
{
    public CatalogSource? FindSource(string file) => Sources.FirstOrDefault(s => s.File == file);

    public CatalogSubset? FindSubset(string name) => Subsets.FirstOrDefault(s => s.Name == name);

    /// <summary>The subsets the bare name means.</summary>
    public IEnumerable<CatalogSubset> DefaultSubsets => Subsets.Where(s => s.InAll);
}
