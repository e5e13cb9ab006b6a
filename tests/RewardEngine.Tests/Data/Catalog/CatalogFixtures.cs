using RewardEngine.Data.Catalog;

namespace RewardEngine.Tests.Data.Catalog;

/// <summary>
/// The repository's catalog with its hosts pointed at a <see cref="FixtureServer"/>, and the shared benchmark files
/// that are byte-identical copies of its sources (so the catalog's own hashes verify them).
/// </summary>
internal static class CatalogFixtures
{
    public static string CatalogText => File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "data", "catalog.json"));

    /// <summary>Source (set, file) to the shared copy of it.</summary>
    public static readonly IReadOnlyDictionary<(string Set, string File), string> SharedCopies = new Dictionary<(string, string), string>
    {
        [("rm-bench", "total_dataset.chat_normal_converted.json")] = TestPaths.SharedData("rm-bench", "chat_normal.json"),
        [("rm-bench", "total_dataset.chat_hard_converted.json")] = TestPaths.SharedData("rm-bench", "chat_hard.json"),
        [("judgebench", "dataset=judgebench,response_model=claude-3-5-sonnet-20240620.jsonl")] = TestPaths.SharedData("judgebench", "upstream", "claude-3-5-sonnet-20240620.jsonl"),
        [("judgebench", "dataset=judgebench,response_model=gpt-4o-2024-05-13.jsonl")] = TestPaths.SharedData("judgebench", "upstream", "gpt-4o-2024-05-13.jsonl"),
        [("judgebench", "judgebench-knowledge.json")] = TestPaths.SharedData("judgebench", "knowledge.as-shipped.json"),
        [("ifeval", "input_data.jsonl")] = TestPaths.SharedData("ifeval", "input_data.jsonl"),
    };

    /// <summary>The catalog's text with every source URL moved onto <paramref name="baseUrl"/> (/gh/... and /hf/...).</summary>
    public static string Rehost(string catalogText, string baseUrl) => catalogText
        .Replace("https://raw.githubusercontent.com/", baseUrl + "/gh/", StringComparison.Ordinal)
        .Replace("https://huggingface.co/", baseUrl + "/hf/", StringComparison.Ordinal);

    /// <summary>The path a rehosted source is served at.</summary>
    public static string ServedPath(CatalogSource source) => source.Url.Host switch
    {
        "raw.githubusercontent.com" => "/gh" + Uri.UnescapeDataString(source.Url.AbsolutePath),
        "huggingface.co" => "/hf" + Uri.UnescapeDataString(source.Url.AbsolutePath),
        "127.0.0.1" => Uri.UnescapeDataString(source.Url.AbsolutePath), // already rehosted
        _ => throw new ArgumentException(source.Url.ToString()),
    };

    /// <summary>A catalog file pointing at <paramref name="server"/>, which serves the shared copies of the given sets.</summary>
    public static (DataCatalog Catalog, string Path) Serve(FixtureServer server, params string[] sets)
    {
        foreach (var set in sets)
            foreach (var source in DataCatalog.BuiltIn.Get(set).Sources)
                server.Add(ServedPath(source), File.ReadAllBytes(SharedCopies[(set, source.File)]));
        var path = System.IO.Path.Combine(TestPaths.NewTempDirectory("catalog"), "catalog.json");
        File.WriteAllText(path, Rehost(CatalogText, server.BaseUrl));
        return (DataCatalog.Load(path), path);
    }

    /// <summary>A retry policy for tests: quick retries, a short stall limit.</summary>
    public static DownloadPolicy FastRetries(int attempts = 4) =>
        new(attempts, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10));

    public static DataFetcher Fetcher(DataCatalog catalog, DataStore store, StringWriter? log = null, DownloadPolicy? policy = null) =>
        new(catalog, store, log ?? new StringWriter(), policy: policy ?? FastRetries());
}
