using System.Text.Json;
using RewardEngine.Diagnostics;

namespace RewardEngine.Data.Catalog;

/// <summary>A hash the catalog could not know in advance, recorded by the first verified download of a source.</summary>
public sealed record SourcePin(string Sha256, long Size, string Url, string? Revision, DateTimeOffset Recorded);

/// <summary>
/// The data directory's <c>pins.json</c>: <c>SET/FILE</c> to <see cref="SourcePin"/>. Later downloads of the same
/// source must match the pin (trust on first use, then verified), as if the catalog had pinned it.
/// </summary>
internal sealed class SourcePins(string path)
{
    public SourcePin? Get(string set, string file) => Load().GetValueOrDefault($"{set}/{file}");

    public void Record(string set, string file, SourcePin pin)
    {
        var all = Load();
        all[$"{set}/{file}"] = pin;
        Storage.AtomicFile.Write(path, JsonSerializer.Serialize(all, DataStore.Json) + "\n");
    }

    private SortedDictionary<string, SourcePin> Load()
    {
        if (!File.Exists(path)) return new(StringComparer.Ordinal);
        try { return new(JsonSerializer.Deserialize<Dictionary<string, SourcePin>>(File.ReadAllText(path), DataStore.Json) ?? [], StringComparer.Ordinal); }
        catch (JsonException e) { throw new DataCatalogException($"{path}: unreadable ({e.Message.Split('\n')[0]}); delete it to record the hashes again"); }
    }
}
