using System.Text.Json;
using RewardEngine.Tests.Commands;

namespace RewardEngine.Tests.Data.Catalog;

/// <summary>The <c>reward data</c> commands and <c>reward eval --dataset NAME:SUBSET</c> through the real CLI.</summary>
public class DataCommandTests
{
    private static Dictionary<string, string> DataDir(string dir) => new() { ["REWARD_DATA_DIR"] = dir };

    [Fact]
    public async Task Fetch_export_and_fetch_again_from_the_mirror_folder_with_the_server_stopped()
    {
        var first = TestPaths.NewTempDirectory("data");
        var mirror = TestPaths.NewTempDirectory("mirror");
        string catalogPath;
        await using (var server = new FixtureServer())
        {
            (_, catalogPath) = CatalogFixtures.Serve(server, "judgebench", "rm-bench");
            var fetch = await RewardCli.RunAsync(["data", "fetch", "judgebench", "rm-bench", "--catalog", catalogPath, "--to", first]);
            Assert.True(fetch.ExitCode == 0, fetch.StdErr);
            Assert.Contains("judgebench:knowledge: 308 pairs", fetch.StdOut);
            Assert.Contains("judgebench: 620 pairs in 4 subset(s)", fetch.StdOut);
            Assert.Contains("defect: judgebench:knowledge-as-shipped", fetch.StdErr);
        }

        var export = await RewardCli.RunAsync(["data", "export", "--to", mirror, "--from", first, "--catalog", catalogPath]);
        Assert.True(export.ExitCode == 0, export.StdErr);
        Assert.True(File.Exists(Path.Combine(mirror, "judgebench", "dataset=judgebench,response_model=gpt-4o-2024-05-13.jsonl")));
        var sums = File.ReadAllLines(Path.Combine(mirror, "SHA256SUMS"));
        Assert.Equal(5, sums.Length);
        Assert.Contains("d5106306b38dead1b2e964ecf5534a3e7b2fc4b8d3b8da327599edfcebd76042  judgebench/dataset=judgebench,response_model=gpt-4o-2024-05-13.jsonl", sums);

        // The server is gone: the catalog's URLs are dead, the mirror folder is all there is.
        var second = TestPaths.NewTempDirectory("data");
        var offline = await RewardCli.RunAsync(["data", "fetch", "judgebench", "rm-bench", "--catalog", catalogPath, "--to", second, "--mirror", mirror]);
        Assert.True(offline.ExitCode == 0, offline.StdErr);
        foreach (var f in new[] { "judgebench/knowledge.json", "judgebench/coding.json", "rm-bench/chat_hard.json" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, f)), File.ReadAllBytes(Path.Combine(second, f)));
    }

    [Fact]
    public async Task A_fetch_killed_mid_download_resumes_with_a_range_request_when_run_again()
    {
        var data = TestPaths.NewTempDirectory("data");
        await using var server = new FixtureServer { ChunkBytes = 16 * 1024, ChunkDelay = TimeSpan.FromMilliseconds(40) }; // ~1,189 KB in ~3 s
        var (catalog, catalogPath) = CatalogFixtures.Serve(server, "rm-bench");
        var file = "total_dataset.chat_normal_converted.json";
        var part = Path.Combine(data, ".partial", "rm-bench", file + ".part");

        using (var first = RewardCli.Start(["data", "fetch", "rm-bench", "--catalog", catalogPath, "--to", data]))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!(File.Exists(part) && new FileInfo(part).Length >= 200_000) && DateTime.UtcNow < deadline && !first.HasExited)
                await Task.Delay(20);
            Assert.False(first.HasExited, "the fetch ended before it could be killed");
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        var kept = new FileInfo(part).Length;
        Assert.InRange(kept, 200_000, 1_143_356);
        Assert.False(Directory.Exists(Path.Combine(data, "rm-bench")));

        server.ChunkBytes = 0;
        var second = await RewardCli.RunAsync(["data", "fetch", "rm-bench", "--catalog", catalogPath, "--to", data]);

        Assert.True(second.ExitCode == 0, second.StdErr);
        Assert.Contains("resuming after", second.StdErr);
        var resumed = server.RequestsFor(CatalogFixtures.ServedPath(catalog.Get("rm-bench").FindSource(file)!))[^1];
        Assert.StartsWith("bytes=", resumed.Range);
        Assert.True(long.Parse(resumed.Range![6..^1]) >= kept - 16 * 1024, resumed.Range); // the part may have grown while the kill landed
        Assert.Equal(206, resumed.Status);
        Assert.Contains("rm-bench:chat_normal: 387 pairs", second.StdOut);
        Assert.False(File.Exists(part));
    }

    [Fact]
    public async Task Import_then_eval_on_the_cached_set_by_name_and_subset()
    {
        var data = TestPaths.NewTempDirectory("data");
        var import = await RewardCli.RunAsync(["data", "import", "rm-bench", TestPaths.SharedData("rm-bench", "chat_hard.json"),
            TestPaths.SharedData("rm-bench", "chat_normal.json"), "--to", data]);
        Assert.True(import.ExitCode == 0, import.StdErr);
        Assert.Contains("rm-bench:chat_hard: 387 pairs", import.StdOut);

        var outDir = TestPaths.NewTempDirectory("eval");
        var eval = await RewardCli.RunAsync(["eval", "--dataset", "rm-bench:chat_hard", "--limit", "25", "--out", outDir], environment: DataDir(data));

        Assert.True(eval.ExitCode == 0, eval.StdErr);
        Assert.Equal(25, File.ReadAllLines(Path.Combine(outDir, "scores.jsonl")).Length);
        using var run = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "run.json")));
        var dataset = run.RootElement.GetProperty("datasets")[0];
        Assert.Equal(Path.Combine(data, "rm-bench", "chat_hard.json"), dataset.GetProperty("file").GetString());
        Assert.Equal("b3798eb5ae90a240f73a63e226551203091e935a4368b695b4bd0ba65c80c8d6", dataset.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Eval_of_a_set_not_fetched_says_how_to_fetch_it()
    {
        var data = TestPaths.NewTempDirectory("data");
        var r = await RewardCli.RunAsync(["eval", "--dataset", "judgebench:knowledge", "--out", TestPaths.NewTempDirectory("eval")], environment: DataDir(data));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("RWD803", r.StdErr);
        Assert.Contains("reward data fetch judgebench", r.StdErr);
        Assert.Single(r.StdErr.Trim().Split('\n'));
    }

    [Fact]
    public async Task List_names_every_set_with_its_licence_and_fetched_state()
    {
        var data = TestPaths.NewTempDirectory("data");
        var import = await RewardCli.RunAsync(["data", "import", "ifeval", TestPaths.SharedData("ifeval", "input_data.jsonl"), "--to", data]);
        Assert.True(import.ExitCode == 0, import.StdErr);

        var r = await RewardCli.RunAsync(["data", "list", "--json"], environment: DataDir(data));

        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.StdOut);
        var sets = doc.RootElement.GetProperty("sets").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        foreach (var name in new[] { "rm-bench", "judgebench", "ifbench", "ifeval", "rewardbench2" }) Assert.Contains(name, sets.Keys);
        Assert.True(sets["ifeval"].GetProperty("fetched").GetBoolean());
        Assert.False(sets["rm-bench"].GetProperty("fetched").GetBoolean());
        Assert.All(sets.Values, s => Assert.False(string.IsNullOrEmpty(s.GetProperty("licence").GetString())));

        // Other jobs resolve names too: the parser evaluation reads the fetched IFEval prompts by name.
        var parser = await RewardCli.RunAsync(["constraints", "eval-parser", "--input", "ifeval"], environment: DataDir(data));
        Assert.True(parser.ExitCode == 0, parser.StdErr);
        Assert.Contains("punctuation:no_comma", parser.StdOut);
    }

    [Fact]
    public async Task Import_of_a_file_that_is_none_of_the_sources_fails_and_places_nothing()
    {
        var data = TestPaths.NewTempDirectory("data");
        var r = await RewardCli.RunAsync(["data", "import", "judgebench", TestPaths.SharedData("rm-bench", "chat_hard.json"), "--to", data]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("RWD801", r.StdErr);
        Assert.Contains("none of judgebench's source files", r.StdErr);
        Assert.False(Directory.Exists(Path.Combine(data, "judgebench")));
    }
}
