using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using RewardEngine.Diagnostics;

namespace RewardEngine.Data.Catalog;

/// <summary>
/// The benchmarks <c>reward data</c> knows: the repository's <c>data/catalog.json</c> (built into the engine), or a
/// catalog file of the same shape. Validated whole at load: names, hashes, URLs, converters and subset sources.
/// </summary>
public sealed partial class DataCatalog
{
    private const string ResourceName = "RewardEngine.Data.catalog.json";

    private DataCatalog(string origin, IReadOnlyList<CatalogSet> sets) { Origin = origin; Sets = sets; }

    /// <summary>Where it was read from: a path, or "built-in".</summary>
    public string Origin { get; }

    public IReadOnlyList<CatalogSet> Sets { get; }

    /// <summary>The catalog built into the engine (the repository's data/catalog.json).</summary>
    public static DataCatalog BuiltIn => BuiltInCatalog.Value;

    // Lazy: parsing needs FileOptions, a static field initialised after this point.
    private static readonly Lazy<DataCatalog> BuiltInCatalog = new(LoadBuiltIn);

    /// <summary>A catalog file, or the built-in one when <paramref name="path"/> is null.</summary>
    public static DataCatalog Load(string? path)
    {
        if (path is null) return BuiltIn;
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DataCatalogException($"{path}: cannot read the catalog: {e.Message}"); }
        return Parse(text, path);
    }

    public CatalogSet Get(string name) =>
        Sets.FirstOrDefault(s => s.Name == name)
        ?? throw new DataCatalogException($"no benchmark named '{name}' in the catalog ({Origin}); known: {string.Join(", ", Sets.Select(s => s.Name))}");

    public CatalogSet? Find(string name) => Sets.FirstOrDefault(s => s.Name == name);

    /// <summary>The raw bytes of the built-in catalog, for <c>reward data export</c>.</summary>
    public static byte[] BuiltInBytes()
    {
        using var s = typeof(DataCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"resource {ResourceName} is missing from the engine");
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    private static DataCatalog LoadBuiltIn() =>
        Parse(System.Text.Encoding.UTF8.GetString(BuiltInBytes()), "built-in");

    internal static DataCatalog Parse(string json, string origin)
    {
        CatalogFile? file;
        try { file = JsonSerializer.Deserialize<CatalogFile>(json, FileOptions); }
        catch (JsonException e) { throw new DataCatalogException($"{origin}: not a valid catalog: {e.Message.Split('\n')[0]}"); }
        if (file?.Sets is not { Count: > 0 }) throw new DataCatalogException($"{origin}: the catalog lists no sets");
        var sets = new List<CatalogSet>();
        foreach (var s in file.Sets) sets.Add(ToSet(s, origin));
        var dup = sets.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new DataCatalogException($"{origin}: set '{dup.Key}' is listed twice");
        return new DataCatalog(origin, sets);
    }

    private static CatalogSet ToSet(SetEntry e, string origin)
    {
        DataCatalogException Bad(string what) => new($"{origin}: set '{e.Name}': {what}");
        if (e.Name is null || !NamePattern().IsMatch(e.Name)) throw new DataCatalogException($"{origin}: a set's name '{e.Name}' is not lower-case letters, digits and '-'");
        if (e.Sources is not { Count: > 0 }) throw Bad("no sources");
        if (e.Subsets is not { Count: > 0 }) throw Bad("no subsets");
        var sources = new List<CatalogSource>();
        foreach (var s in e.Sources)
        {
            if (s.File is null || !FilePattern().IsMatch(s.File) || s.File.Contains("..", StringComparison.Ordinal))
                throw Bad($"source file name '{s.File}' must be a plain file name");
            if (s.Url is null || !Uri.TryCreate(s.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
                throw Bad($"source '{s.File}': url '{s.Url}' is not an http(s) URL");
            if (s.Sha256 is not null && !Sha256Pattern().IsMatch(s.Sha256))
                throw Bad($"source '{s.File}': sha256 must be 64 lower-case hex digits");
            sources.Add(new CatalogSource(s.File, url, s.Revision, s.Sha256, s.Size));
        }
        if (sources.GroupBy(s => s.File).FirstOrDefault(g => g.Count() > 1) is { } twice) throw Bad($"source '{twice.Key}' is listed twice");
        var subsets = new List<CatalogSubset>();
        foreach (var s in e.Subsets)
        {
            if (s.Name is null || !SubsetPattern().IsMatch(s.Name)) throw Bad($"subset name '{s.Name}' is not letters, digits, '-' and '_'");
            if (s.Converter is null || !Converters.DatasetConverters.Known(s.Converter))
                throw Bad($"subset '{s.Name}': unknown converter '{s.Converter}' (known: {string.Join(", ", Converters.DatasetConverters.Names)})");
            var used = s.Sources ?? sources.Select(x => x.File).ToList();
            if (used.FirstOrDefault(u => sources.All(x => x.File != u)) is { } missing) throw Bad($"subset '{s.Name}': source '{missing}' is not among the set's sources");
            if (s.Sha256 is not null && !Sha256Pattern().IsMatch(s.Sha256)) throw Bad($"subset '{s.Name}': sha256 must be 64 lower-case hex digits");
            subsets.Add(new CatalogSubset(s.Name, s.Description ?? "", s.Converter, s.Select, used, s.Records, s.Sha256, s.InAll ?? true, s.Defect));
        }
        if (subsets.GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1) is { } dupSubset) throw Bad($"subset '{dupSubset.Key}' is listed twice");
        if (!subsets.Any(s => s.InAll)) throw Bad("no subset is part of the whole set (inAll)");
        return new CatalogSet(e.Name, e.Title ?? e.Name, e.Kind, e.Licence ?? throw Bad("licence is missing"), e.Homepage, sources, subsets);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")] private static partial Regex NamePattern();
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")] private static partial Regex SubsetPattern();
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._=,+-]*$")] private static partial Regex FilePattern();
    [GeneratedRegex("^[0-9a-f]{64}$")] private static partial Regex Sha256Pattern();

    private static readonly JsonSerializerOptions FileOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    private sealed record CatalogFile(int Schema, List<SetEntry>? Sets, [property: JsonPropertyName("$comment")] string? Comment);
    private sealed record SetEntry(string? Name, string? Title, DataKind Kind, string? Licence, string? Homepage, List<SourceEntry>? Sources, List<SubsetEntry>? Subsets);
    private sealed record SourceEntry(string? File, string? Url, string? Revision, string? Sha256, long? Size);
    private sealed record SubsetEntry(string? Name, string? Description, string? Converter, string? Select, List<string>? Sources,
        int? Records, string? Sha256, bool? InAll, string? Defect);
}
