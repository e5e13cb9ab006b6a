using System.Text.Json;
using System.Text.Json.Serialization;
using RewardEngine.Diagnostics;

namespace RewardEngine.Data.Catalog;

/// <summary>
/// The data directory that fetched benchmarks live in: <c>$REWARD_DATA_DIR</c>, else
/// <c>$XDG_CACHE_HOME/rewardengine/data</c>, else <c>~/.cache/rewardengine/data</c>. One folder per set
/// (<c>SET/raw/</c> the verified source files, the converted subset files, <c>manifest.json</c>), plus
/// <c>.partial/</c> for downloads in progress, <c>.staging/</c> for sets being built and <c>pins.json</c> for hashes
/// recorded on first download.
/// </summary>
public sealed class DataStore(string root)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // files, not HTML: keep '>' and '+' readable
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The data directory the environment names (see the class summary).</summary>
    public static DataStore Default() => new(DefaultRoot());

    public static string DefaultRoot()
    {
        if (Environment.GetEnvironmentVariable("REWARD_DATA_DIR") is { Length: > 0 } d) return d;
        return Path.Combine(Storage.CacheFolder.Root, "data");
    }

    public string SetDirectory(string name) => Path.Combine(Root, name);

    internal string RawPath(string set, string file) => Path.Combine(Root, set, "raw", file);

    internal string PartialPath(string set, string file) => Path.Combine(Root, ".partial", set, file + ".part");

    internal SourcePins Pins => new(Path.Combine(Root, "pins.json"));

    /// <summary>The set's manifest, or null when the set has not been fetched.</summary>
    public CachedSet? Read(string name)
    {
        var path = Path.Combine(SetDirectory(name), "manifest.json");
        if (!File.Exists(path)) return null;
        try { return JsonSerializer.Deserialize<CachedSet>(File.ReadAllText(path), Json); }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new DataNotCachedException($"{path}: unreadable manifest ({e.Message.Split('\n')[0]}); fetch the set again (reward data fetch {name})");
        }
    }

    /// <summary>Every set in the data directory, by name.</summary>
    public IReadOnlyList<CachedSet> List() =>
        !Directory.Exists(Root) ? []
        : Directory.EnumerateDirectories(Root).Select(Path.GetFileName).Where(n => n is not null && !n.StartsWith('.'))
            .Order(StringComparer.Ordinal).Select(n => Read(n!)).OfType<CachedSet>().ToList();

    /// <summary>A fresh folder to build a set in before it is placed.</summary>
    internal string NewStaging(string set)
    {
        var dir = Path.Combine(Root, ".staging", $"{set}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>
    /// Puts a fully built set in place of the old one: the old folder is renamed away and the staged one renamed in
    /// (both renames within the data directory, so each is atomic); readers see the old set or the new one.
    /// </summary>
    internal void Place(string staging, string set)
    {
        var target = SetDirectory(set);
        string? old = null;
        if (Directory.Exists(target))
        {
            old = Path.Combine(Root, ".staging", $"{set}-old-{Guid.NewGuid():N}");
            Directory.Move(target, old);
        }
        Directory.Move(staging, target);
        if (old is not null) TryDelete(old);
    }

    internal static void TryDelete(string directory)
    {
        try { if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* a leftover in .staging is harmless */ }
    }
}
