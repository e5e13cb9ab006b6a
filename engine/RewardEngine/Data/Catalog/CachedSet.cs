using RewardEngine.Data;

namespace RewardEngine.Data.Catalog;

/// <summary>
/// A benchmark in the data directory (its <c>manifest.json</c>): where each source file came from and which subsets
/// were converted from them. Written last, so a set directory without it is not a set.
/// </summary>
public sealed record CachedSet(
    string Name,
    string Title,
    DataKind Kind,
    string Licence,
    string Catalog,
    DateTimeOffset Updated,
    IReadOnlyList<CachedSource> Sources,
    IReadOnlyList<CachedSubset> Subsets)
{
    public CachedSubset? FindSubset(string name) => Subsets.FirstOrDefault(s => s.Name == name);
}

/// <summary>A verified source file in <c>SET/raw/</c>.</summary>
/// <param name="Origin">The URL, mirror or local file it was obtained from.</param>
/// <param name="Revision">The commit or revision it is from (a hub's <c>X-Repo-Commit</c> when the catalog pins none).</param>
/// <param name="HashFromCatalog">False when the catalog pins no hash and the first download recorded it.</param>
public sealed record CachedSource(string File, string Sha256, long Size, string Origin, string? Revision, bool HashFromCatalog);

/// <summary>A converted subset: its file (relative to the set's directory), or the sources it still lacks.</summary>
public sealed record CachedSubset(
    string Name,
    string Description,
    string? File,
    bool InAll,
    int Records,
    string? Sha256,
    IReadOnlyList<string> Warnings,
    string? Defect,
    IReadOnlyList<string> MissingSources)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Ready => File is not null;
}
