namespace RewardEngine.Data.Catalog;

/// <summary>
/// One file a benchmark is made from, as published: where it is (a URL pinned to a commit or revision), its SHA-256
/// and size. A null <see cref="Sha256"/> means the hash could not be known in advance: the first verified download
/// records it (in the data directory's <c>pins.json</c>) and says so.
/// </summary>
/// <param name="File">The file's name in the cache and in a mirror (<c>MIRROR/SET/FILE</c>).</param>
/// <param name="Url">Where it is published.</param>
/// <param name="Revision">The commit or revision the URL is pinned to.</param>
public sealed record CatalogSource(string File, Uri Url, string? Revision, string? Sha256, long? Size);
