using System.Net;
using RewardEngine.Data;
using RewardEngine.Data.Catalog;
using RewardEngine.Diagnostics;

namespace RewardEngine.Tests.Data.Catalog;

/// <summary>
/// reward data fetch against a loopback file server that serves the shared copies of the catalog's sources:
/// verification, conversion, corrupted files, interrupted downloads, retries and pins.
/// </summary>
public class DataFetchTests
{
    private static DataStore NewStore() => new(TestPaths.NewTempDirectory("data"));

    private static string ServedPath(string set, string file) =>
        CatalogFixtures.ServedPath(DataCatalog.BuiltIn.Get(set).FindSource(file)!);

    [Fact]
    public async Task Fetch_downloads_verifies_and_converts()
    {
        await using var server = new FixtureServer();
        var (catalog, _) = CatalogFixtures.Serve(server, "rm-bench", "judgebench");
        var store = NewStore();
        var fetcher = CatalogFixtures.Fetcher(catalog, store);

        var rm = await fetcher.FetchAsync("rm-bench", null, default);
        var jb = await fetcher.FetchAsync("judgebench", null, default);

        Assert.Equal([387, 387], rm.Subsets.Select(s => s.Records));
        // The original's converted files are the subsets, byte for byte.
        Assert.Equal("b0f691ae65b115908315b5d63af0fc9e13f214119e2f24628225898f6bcfe1bd", rm.FindSubset("chat_normal")!.Sha256);
        Assert.Equal([308, 149, 90, 73, 308], jb.Subsets.Select(s => s.Records));
        Assert.Equal(620, jb.Subsets.Where(s => s.InAll).Sum(s => s.Records));
        Assert.All(jb.Sources, s => Assert.True(s.HashFromCatalog));
        Assert.Equal(File.ReadAllBytes(TestPaths.SharedData("judgebench", "knowledge.json")),
            File.ReadAllBytes(Path.Combine(store.SetDirectory("judgebench"), "knowledge.json")));
        Assert.Contains(jb.FindSubset("knowledge-as-shipped")!.Warnings, w => w.Contains("143 record(s) repeat an earlier pair"));
        Assert.NotNull(jb.FindSubset("knowledge-as-shipped")!.Defect);
        // Placed whole: no staging or partial files left behind.
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(store.Root, ".staging"), "*", SearchOption.AllDirectories));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(store.Root, ".partial"), "*", SearchOption.AllDirectories));

        // Resolution: NAME:SUBSET and NAME (all subsets but those kept apart).
        Assert.Single(DatasetResolver.Resolve("judgebench:knowledge", store).Files);
        var all = DatasetResolver.Resolve("judgebench", store);
        Assert.Equal(DataKind.Pairwise, all.Kind);
        Assert.Equal(620, DatasetLoader.LoadAll(all.Files).Sum(d => d.Pairs.Count));

        // A second fetch reuses the verified files in the cache: no new requests.
        int before = server.Requests.Count;
        await fetcher.FetchAsync("judgebench", null, default);
        Assert.Equal(before, server.Requests.Count);
    }

    [Fact]
    public async Task A_corrupted_file_fails_with_the_coded_error_and_places_nothing()
    {
        await using var server = new FixtureServer();
        var (catalog, _) = CatalogFixtures.Serve(server, "judgebench");
        var path = ServedPath("judgebench", "dataset=judgebench,response_model=gpt-4o-2024-05-13.jsonl");
        var bytes = File.ReadAllBytes(CatalogFixtures.SharedCopies[("judgebench", "dataset=judgebench,response_model=gpt-4o-2024-05-13.jsonl")]);
        bytes[bytes.Length / 2] ^= 0x20; // one flipped bit in the middle: same size, other hash
        server.Add(path, bytes);
        var store = NewStore();

        var e = await Assert.ThrowsAsync<ChecksumMismatchException>(() => CatalogFixtures.Fetcher(catalog, store).FetchAsync("judgebench", null, default));

        Assert.Equal("RWD801", e.Code);
        Assert.Contains("dataset=judgebench,response_model=gpt-4o-2024-05-13.jsonl", e.Message);
        Assert.Contains("d5106306b38dead1b2e964ecf5534a3e7b2fc4b8d3b8da327599edfcebd76042", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(Directory.Exists(store.SetDirectory("judgebench")));
        Assert.Null(store.Read("judgebench"));
        // Only verified downloads wait in .partial (the next fetch resumes from them); the corrupted one is gone.
        Assert.DoesNotContain(Directory.EnumerateFiles(store.Root, "*", SearchOption.AllDirectories),
            f => !f.StartsWith(Path.Combine(store.Root, ".partial"), StringComparison.Ordinal));
        Assert.False(File.Exists(store.PartialPath("judgebench", "dataset=judgebench,response_model=gpt-4o-2024-05-13.jsonl")));
        Assert.Throws<DataNotCachedException>(() => DatasetResolver.Resolve("judgebench:knowledge", store));
    }

    [Fact]
    public async Task A_failed_fetch_leaves_the_previous_set_as_it_was()
    {
        await using var server = new FixtureServer();
        var (catalog, _) = CatalogFixtures.Serve(server, "judgebench");
        var store = NewStore();
        var fetcher = CatalogFixtures.Fetcher(catalog, store);
        await fetcher.ImportAsync("judgebench", [CatalogFixtures.SharedCopies[("judgebench", "dataset=judgebench,response_model=claude-3-5-sonnet-20240620.jsonl")],
            CatalogFixtures.SharedCopies[("judgebench", "dataset=judgebench,response_model=gpt-4o-2024-05-13.jsonl")]], default);
        var manifest = File.ReadAllText(Path.Combine(store.SetDirectory("judgebench"), "manifest.json"));
        server.Add(ServedPath("judgebench", "judgebench-knowledge.json"), "[]"u8.ToArray());

        await Assert.ThrowsAsync<ChecksumMismatchException>(() => fetcher.FetchAsync("judgebench", null, default));

        Assert.Equal(manifest, File.ReadAllText(Path.Combine(store.SetDirectory("judgebench"), "manifest.json")));
        Assert.Equal(620, DatasetLoader.LoadAll(DatasetResolver.Resolve("judgebench", store).Files).Sum(d => d.Pairs.Count));
    }

    [Fact]
    public async Task A_download_cut_in_the_middle_resumes_with_a_range_request()
    {
        await using var server = new FixtureServer();
        var (catalog, _) = CatalogFixtures.Serve(server, "rm-bench");
        var path = ServedPath("rm-bench", "total_dataset.chat_hard_converted.json");
        const long cut = 500_000;
        server.CutAfter(path, cut);
        var log = new StringWriter();

        var set = await CatalogFixtures.Fetcher(catalog, NewStore(), log).FetchAsync("rm-bench", null, default);

        var requests = server.RequestsFor(path);
        Assert.Equal(2, requests.Count);
        Assert.Null(requests[0].Range);
        Assert.Equal($"bytes={cut}-", requests[1].Range);
        Assert.Equal(206, requests[1].Status);
        Assert.Equal(1189479 - cut, requests[1].BytesSent);
        Assert.Equal("b3798eb5ae90a240f73a63e226551203091e935a4368b695b4bd0ba65c80c8d6", set.FindSubset("chat_hard")!.Sha256);
        Assert.Contains("retry:", log.ToString());
    }

    [Fact]
    public async Task A_fetch_that_gave_up_resumes_from_its_partial_file_on_the_next_run()
    {
        await using var server = new FixtureServer();
        var (catalog, _) = CatalogFixtures.Serve(server, "rm-bench");
        var path = ServedPath("rm-bench", "total_dataset.chat_normal_converted.json");
        server.CutAfter(path, 300_000);
        var store = NewStore();

        var e = await Assert.ThrowsAsync<DownloadException>(() =>
            CatalogFixtures.Fetcher(catalog, store, policy: CatalogFixtures.FastRetries(attempts: 1)).FetchAsync("rm-bench", null, default));
        Assert.Contains("--mirror", e.Message);
        Assert.Equal(300_000, new FileInfo(store.PartialPath("rm-bench", "total_dataset.chat_normal_converted.json")).Length);
        Assert.Null(store.Read("rm-bench"));

        var set = await CatalogFixtures.Fetcher(catalog, store).FetchAsync("rm-bench", null, default);

        Assert.Equal("bytes=300000-", server.RequestsFor(path)[^1].Range);
        Assert.Equal(387, set.FindSubset("chat_normal")!.Records);
    }

    [Fact]
    public async Task A_server_that_ignores_ranges_restarts_the_file_cleanly()
    {
        await using var server = new FixtureServer { IgnoreRanges = true };
        var (catalog, _) = CatalogFixtures.Serve(server, "rm-bench");
        var path = ServedPath("rm-bench", "total_dataset.chat_hard_converted.json");
        server.CutAfter(path, 400_000);

        var set = await CatalogFixtures.Fetcher(catalog, NewStore()).FetchAsync("rm-bench", null, default);

        Assert.Equal(200, server.RequestsFor(path)[^1].Status);
        Assert.Equal(1189479, server.RequestsFor(path)[^1].BytesSent);
        Assert.Equal(387, set.FindSubset("chat_hard")!.Records);
    }

    [Fact]
    public async Task Transient_server_errors_are_retried_and_client_errors_are_not()
    {
        await using var server = new FixtureServer();
        var (catalog, _) = CatalogFixtures.Serve(server, "rm-bench");
        var normal = ServedPath("rm-bench", "total_dataset.chat_normal_converted.json");
        server.FailWith(normal, HttpStatusCode.ServiceUnavailable, times: 2);
        var store = NewStore();

        await CatalogFixtures.Fetcher(catalog, store).FetchAsync("rm-bench", null, default);
        Assert.Equal([503, 503, 200], server.RequestsFor(normal).Select(r => r.Status));

        var hard = ServedPath("rm-bench", "total_dataset.chat_hard_converted.json");
        server.FailWith(hard, HttpStatusCode.NotFound, times: 5);
        Directory.Delete(store.SetDirectory("rm-bench"), recursive: true);
        var e = await Assert.ThrowsAsync<DownloadException>(() => CatalogFixtures.Fetcher(catalog, store).FetchAsync("rm-bench", null, default));
        Assert.Contains("HTTP 404", e.Message);
        Assert.Single(server.RequestsFor(hard), r => r.Status == 404);
    }

    [Fact]
    public async Task An_unreachable_host_fails_after_its_retries_naming_the_mirror_option()
    {
        var port = Llm.ChatCompletionsServer.FreePort(); // nothing listens there
        var text = CatalogFixtures.Rehost(CatalogFixtures.CatalogText, $"http://127.0.0.1:{port}");
        var catalog = DataCatalog.Parse(text, "test");
        var log = new StringWriter();

        var e = await Assert.ThrowsAsync<DownloadException>(() =>
            CatalogFixtures.Fetcher(catalog, NewStore(), log, CatalogFixtures.FastRetries(3)).FetchAsync("ifeval", null, default));

        Assert.Equal("RWD802", e.Code);
        Assert.Equal(ExitCodes.RunFailed, e.ExitCode);
        Assert.Contains("--mirror", e.Message);
        Assert.Contains("reward data import ifeval", e.Message);
        Assert.Equal(2, log.ToString().Split('\n').Count(l => l.StartsWith("retry:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_source_without_a_pinned_hash_is_pinned_by_its_first_download()
    {
        await using var server = new FixtureServer();
        var text = CatalogFixtures.Rehost(CatalogFixtures.CatalogText, server.BaseUrl)
            .Replace("\"sha256\": \"6a85310ca8ce15eff755aa08a3a4ff931c7e273e7515ebb3c492ea85fd8288f2\"", "\"sha256\": null", StringComparison.Ordinal);
        var catalog = DataCatalog.Parse(text, "test");
        var source = catalog.Get("ifeval").Sources[0];
        Assert.Null(source.Sha256);
        var served = CatalogFixtures.ServedPath(source);
        server.Add(served, File.ReadAllBytes(TestPaths.SharedData("ifeval", "input_data.jsonl")));
        var store = NewStore();
        var log = new StringWriter();

        var set = await CatalogFixtures.Fetcher(catalog, store, log).FetchAsync("ifeval", null, default);

        Assert.Contains("recorded sha256 6a85310ca8ce15eff755aa08a3a4ff931c7e273e7515ebb3c492ea85fd8288f2", log.ToString());
        Assert.False(set.Sources[0].HashFromCatalog);
        Assert.Equal(541, set.FindSubset("prompts")!.Records);
        Assert.Equal("6a85310ca8ce15eff755aa08a3a4ff931c7e273e7515ebb3c492ea85fd8288f2", store.Pins.Get("ifeval", "input_data.jsonl")!.Sha256);

        // Later downloads must match the pin.
        server.Add(served, "{\"key\": 1, \"prompt\": \"p\", \"instruction_id_list\": [], \"kwargs\": []}\n"u8.ToArray());
        Directory.Delete(store.SetDirectory("ifeval"), recursive: true);
        var e = await Assert.ThrowsAsync<ChecksumMismatchException>(() => CatalogFixtures.Fetcher(catalog, store).FetchAsync("ifeval", null, default));
        Assert.Contains("first download recorded", e.Message);
    }

    [Fact]
    public async Task A_url_mirror_laid_out_as_set_and_file_serves_the_sources()
    {
        await using var server = new FixtureServer();
        foreach (var ((set, file), copy) in CatalogFixtures.SharedCopies.Where(k => k.Key.Set == "judgebench"))
            server.Add($"/mirror/{set}/{file}", File.ReadAllBytes(copy));
        var store = NewStore();

        var jb = await CatalogFixtures.Fetcher(DataCatalog.BuiltIn, store).FetchAsync("judgebench", DataMirror.Parse(server.BaseUrl + "/mirror"), default);

        Assert.Equal(620, jb.Subsets.Where(s => s.InAll).Sum(s => s.Records));
        Assert.All(jb.Sources, s => Assert.StartsWith(server.BaseUrl + "/mirror/judgebench/", s.Origin));
    }
}
