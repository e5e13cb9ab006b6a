namespace RewardEngine.Data.Catalog;

/// <summary>A source file that passed its hash check and waits to be placed.</summary>
/// <param name="Path">Where it is now: a finished download, a mirror, the cache or a file the user gave.</param>
/// <param name="Downloaded">True for a finished <c>.part</c> file, removed once the set is placed.</param>
internal sealed record ObtainedSource(string File, string Path, string Sha256, long Size, string Origin, string? Revision,
    bool HashFromCatalog, bool Downloaded);
