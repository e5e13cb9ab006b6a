using System.Security.Cryptography;
using Lingua;
using System.Text;
using RewardEngine.Storage;

namespace RewardEngine.Verifiers.Constraints.LanguageId;

/// <summary>
/// Keeps a built <see cref="NgramTable"/> in the cache folder (<c>rewardengine/lingua/</c>, see <see cref="CacheFolder"/>),
/// named by a hash of the model files' bytes and the languages' order, so the next process reads one file (a few
/// milliseconds) instead of decompressing, parsing and indexing every model again (about 150 ms on two cores). Best
/// effort: a cache that cannot be read or written, or a file that is not exactly a table, means building it as before.
/// </summary>
internal static class NgramTableCache
{
    private const string Format = "ngram-table-1";

    /// <summary>The table of <paramref name="languages"/>' models in <paramref name="modelFolder"/>: from the cache, else built by <paramref name="build"/> and cached.</summary>
    public static NgramTable Load(string modelFolder, IReadOnlyList<Lingua.Language> languages, Func<NgramTable> build)
    {
        var path = PathFor(modelFolder, languages);
        if (path is not null)
        {
            try
            {
                if (File.Exists(path) && NgramTable.FromBytes(File.ReadAllBytes(path)) is { } cached) return cached;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }
        var table = build();
        if (path is not null) AtomicFile.TryWrite(path, table.ToBytes());
        return table;
    }

    /// <summary>The cache file for these model files, or null when they cannot be read (then nothing is cached).</summary>
    private static string? PathFor(string modelFolder, IReadOnlyList<Lingua.Language> languages)
    {
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(Encoding.UTF8.GetBytes(Format));
            foreach (var language in languages)
            {
                var iso = language.IsoCode6391().ToString().ToLowerInvariant();
                foreach (var name in NgramModelFile.Names)
                {
                    var file = Path.Combine(modelFolder, iso, name + ".json.br");
                    hash.AppendData(Encoding.UTF8.GetBytes($"\n{iso}/{name}:"));
                    if (File.Exists(file)) hash.AppendData(File.ReadAllBytes(file));
                }
            }
            return Path.Combine(CacheFolder.Root, "lingua", Convert.ToHexStringLower(hash.GetHashAndReset()) + ".bin");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
    }
}
