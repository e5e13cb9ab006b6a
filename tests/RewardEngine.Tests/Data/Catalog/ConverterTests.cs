using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Parquet.Serialization;
using RewardEngine.Data;
using RewardEngine.Data.Catalog;
using RewardEngine.Data.Catalog.Converters;
using RewardEngine.Diagnostics;

namespace RewardEngine.Tests.Data.Catalog;

/// <summary>The converters on real upstream files where the project has them, on synthesized fixtures otherwise.</summary>
public class ConverterTests
{
    private static DataStore NewStore() => new(TestPaths.NewTempDirectory("data"));

    private static string Upstream(string model) => TestPaths.SharedData("judgebench", "upstream", model + ".jsonl");

    [Fact]
    public async Task JudgeBench_upstream_reproduces_the_308_knowledge_pairs_and_gives_620_in_four_categories()
    {
        var store = NewStore();
        var set = await CatalogFixtures.Fetcher(DataCatalog.BuiltIn, store)
            .ImportAsync("judgebench", [Upstream("gpt-4o-2024-05-13"), Upstream("claude-3-5-sonnet-20240620")], default);

        var knowledge = DatasetLoader.Load(DatasetResolver.Resolve("judgebench:knowledge", store).Files[0]);
        var reference = DatasetLoader.Load(TestPaths.SharedData("judgebench", "knowledge.json"));
        Assert.Equal(308, knowledge.Pairs.Count);
        Assert.Equal(reference.Pairs.Select(p => p.Id), knowledge.Pairs.Select(p => p.Id));
        Assert.Equal(reference.Pairs.Select(p => p.Instruction), knowledge.Pairs.Select(p => p.Instruction));
        Assert.Equal(reference.Pairs.Select(p => p.Chosen), knowledge.Pairs.Select(p => p.Chosen));
        Assert.Equal(reference.Pairs.Select(p => p.Rejected), knowledge.Pairs.Select(p => p.Rejected));
        Assert.Equal(reference.Sha256, knowledge.Sha256); // byte for byte, as Python's json.dump wrote it
        Assert.Empty(knowledge.Warnings);

        var counts = set.Subsets.Where(s => s.Ready).ToDictionary(s => s.Name, s => s.Records);
        Assert.Equal(new Dictionary<string, int> { ["knowledge"] = 308, ["reasoning"] = 149, ["math"] = 90, ["coding"] = 73 }, counts);
        Assert.False(set.FindSubset("knowledge-as-shipped")!.Ready);
        Assert.Equal(["judgebench-knowledge.json"], set.FindSubset("knowledge-as-shipped")!.MissingSources);

        // Every upstream pair is there once, B>A ones included, with the answer the label prefers as chosen.
        var all = DatasetLoader.LoadAll(DatasetResolver.Resolve("judgebench", store).Files);
        var pairs = all.SelectMany(d => d.Pairs).ToList();
        Assert.Equal(620, pairs.Count);
        Assert.Contains("name a subset", Assert.Throws<DataCatalogException>(() => DatasetResolver.SingleFile("judgebench", DataKind.Pairwise, store)).Message);
        Assert.EndsWith("coding.json", DatasetResolver.SingleFile("judgebench:coding", DataKind.Pairwise, store));
        Assert.Equal(620, pairs.Select(p => (p.Id, p.Subset)).Distinct().Count());
        Assert.Equal(8, pairs.Select(p => p.Subset).Distinct().Count()); // category/model: knowledge/gpt, coding/claude, ...
        var upstream = File.ReadLines(Upstream("gpt-4o-2024-05-13")).Concat(File.ReadLines(Upstream("claude-3-5-sonnet-20240620")))
            .Select(l => JsonNode.Parse(l)!).ToList();
        int bOverA = upstream.Count(u => (string)u["label"]! == "B>A");
        Assert.Equal(284, bOverA);
        var chosenB = upstream.Where(u => (string)u["label"]! == "B>A").Select(u => ((string)u["pair_id"]!, (string)u["response_B"]!)).ToHashSet();
        Assert.Equal(bOverA, pairs.Count(p => chosenB.Contains((p.Id, p.Chosen))));
    }

    [Fact]
    public async Task The_as_shipped_knowledge_file_is_kept_apart_with_its_defect_reported()
    {
        var store = NewStore();
        var set = await CatalogFixtures.Fetcher(DataCatalog.BuiltIn, store).ImportAsync("judgebench",
            [Upstream("gpt-4o-2024-05-13"), Upstream("claude-3-5-sonnet-20240620"), TestPaths.SharedData("judgebench", "knowledge.as-shipped.json")], default);

        var shipped = set.FindSubset("knowledge-as-shipped")!;
        Assert.False(shipped.InAll);
        Assert.Equal(308, shipped.Records);
        Assert.Contains("165 unique pairs", shipped.Defect);
        Assert.Contains(shipped.Warnings, w => w.Contains("143 record(s) repeat an earlier pair exactly"));
        Assert.Equal(620, DatasetLoader.LoadAll(DatasetResolver.Resolve("judgebench", store).Files).Sum(d => d.Pairs.Count));
        Assert.Single(DatasetResolver.Resolve("judgebench:knowledge-as-shipped", store).Files);
    }

    /// <summary>
    /// RM-Bench's chat items rebuilt from the paper's converted normal file (each prompt's three same-style pairs give
    /// its three chosen and three rejected styles), plus items of another domain.
    /// </summary>
    private static string RebuiltRmBench()
    {
        var normal = JsonNode.Parse(File.ReadAllText(TestPaths.SharedData("rm-bench", "chat_normal.json")))!.AsArray();
        var items = new JsonArray();
        for (int k = 0; k < normal.Count; k += 3)
        {
            var triple = normal.Skip(k).Take(3).ToList();
            items.Add(new JsonObject
            {
                ["id"] = triple[0]!["id"]!.DeepClone(),
                ["prompt"] = triple[0]!["text_chosen"]![0]!["content"]!.DeepClone(),
                ["chosen"] = new JsonArray(triple.Select(t => t!["text_chosen"]![1]!["content"]!.DeepClone()).ToArray()),
                ["rejected"] = new JsonArray(triple.Select(t => t!["text_rejected"]![1]!["content"]!.DeepClone()).ToArray()),
                ["domain"] = "chat",
            });
        }
        items.Insert(1, new JsonObject
        {
            ["id"] = "math/1", ["prompt"] = "2+2?", ["domain"] = "math",
            ["chosen"] = new JsonArray("4", "It is 4.", "**4**"), ["rejected"] = new JsonArray("5", "It is 5.", "**5**"),
        });
        items.Add(new JsonObject
        {
            ["id"] = "poetry/1", ["prompt"] = "A haiku?", ["domain"] = "poetry",
            ["chosen"] = new JsonArray("a", "b", "c"), ["rejected"] = new JsonArray("x", "y", "z"),
        });
        var path = Path.Combine(TestPaths.NewTempDirectory("rmb"), "total_dataset.json");
        File.WriteAllText(path, items.ToJsonString());
        return path;
    }

    [Fact]
    public async Task RM_Bench_style_matrix_reproduces_the_papers_chat_files_and_orients_easy_and_hard()
    {
        var set = DataCatalog.BuiltIn.Get("rm-bench-full");
        var outDir = TestPaths.NewTempDirectory("rmb-out");
        var raw = RebuiltRmBench();
        var files = await DatasetConverters.Get("rm-bench-styles").ConvertAsync(
            new ConversionRequest(set, set.Subsets, new Dictionary<string, string> { ["total_dataset.json"] = raw }, outDir), default);

        string Sha(string subset) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(outDir, subset + ".json"))));
        Assert.Equal("b0f691ae65b115908315b5d63af0fc9e13f214119e2f24628225898f6bcfe1bd", Sha("chat_normal"));
        Assert.Equal("b3798eb5ae90a240f73a63e226551203091e935a4368b695b4bd0ba65c80c8d6", Sha("chat_hard"));

        var easy = DatasetLoader.Load(Path.Combine(outDir, "chat_easy.json"));
        Assert.Equal(387, easy.Pairs.Count);
        var math = DatasetLoader.Load(Path.Combine(outDir, "math_easy.json")).Pairs;
        Assert.Equal([("It is 4.", "5"), ("**4**", "5"), ("**4**", "It is 5.")], math.Select(p => (p.Chosen, p.Rejected)));
        Assert.Equal(["4", "It is 4.", "**4**"], DatasetLoader.Load(Path.Combine(outDir, "math_normal.json")).Pairs.Select(p => p.Chosen));
        Assert.Equal([("4", "It is 5."), ("4", "**5**"), ("It is 4.", "**5**")],
            DatasetLoader.Load(Path.Combine(outDir, "math_hard.json")).Pairs.Select(p => (p.Chosen, p.Rejected)));
        Assert.Equal(15, files.Count);
        Assert.Equal("[]", File.ReadAllText(Path.Combine(outDir, "code_hard.json"))); // no code items in this file
        Assert.Contains(files.SelectMany(f => f.Notes), n => n.Contains("1 prompt(s) of domain 'poetry'"));
    }

    [Fact]
    public async Task RM_Bench_items_with_unequal_style_lists_are_reported_by_record_and_field()
    {
        var path = Path.Combine(TestPaths.NewTempDirectory("rmb"), "total_dataset.json");
        File.WriteAllText(path, """[{"id":"chat/1","prompt":"p","chosen":["a","b","c"],"rejected":["x","y"],"domain":"chat"}]""");
        var set = DataCatalog.BuiltIn.Get("rm-bench-full");
        var e = await Assert.ThrowsAsync<DatasetException>(() => DatasetConverters.Get("rm-bench-styles").ConvertAsync(
            new ConversionRequest(set, set.Subsets, new Dictionary<string, string> { ["total_dataset.json"] = path }, TestPaths.NewTempDirectory()), default));
        Assert.Contains("record 1, field 'rejected'", e.Message);
    }

    /// <summary>Row shapes as RewardBench 2's parquet has them, extra columns included (written by Parquet.Net).</summary>
    public sealed class Rb2FixtureRow
    {
        public sealed class Metadata
        {
            public string? category { get; set; }
            public double? index { get; set; }
        }
        public string? id { get; set; }
        public string? prompt { get; set; }
        public List<string>? chosen { get; set; }
        public List<string>? rejected { get; set; }
        // Optional, as pyarrow writes every column of a hub dataset.
        public long? num_correct { get; set; }
        public long? num_incorrect { get; set; }
        public long? total_completions { get; set; }
        public List<string>? models { get; set; }
        public string? subset { get; set; }
        public Metadata? additional_metadata { get; set; }
    }

    private static Rb2FixtureRow Rb2(string id, string subset, string[] chosen, string[] rejected) => new()
    {
        id = id, prompt = $"prompt {id}", chosen = [.. chosen], rejected = [.. rejected], subset = subset,
        num_correct = chosen.Length, num_incorrect = rejected.Length, total_completions = chosen.Length + rejected.Length,
        models = ["m1", "m2"], additional_metadata = new() { category = "c", index = 1.0 },
    };

    private static async Task<byte[]> Parquet<T>(IEnumerable<T> rows) where T : class, new()
    {
        using var ms = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, ms);
        return ms.ToArray();
    }

    [Fact]
    public async Task RewardBench_2_parquet_becomes_listwise_rows_per_subset_and_pins_its_hash()
    {
        await using var server = new FixtureServer();
        var catalog = DataCatalog.Parse(CatalogFixtures.Rehost(CatalogFixtures.CatalogText, server.BaseUrl), "test");
        var bytes = await Parquet(new[]
        {
            Rb2("1", "Factuality", ["right"], ["wrong 1", "wrong 2", "wrong 3"]),
            Rb2("2", "Precise IF", ["ok"], ["no 1", "no 2", "no 3"]),
            Rb2("ref:1", "Ties", ["red", "blue"], ["black"]),
            Rb2("tied:1", "Ties", ["green", "violet", "red"], ["white", "grey"]),
            Rb2("3", "Factuality", ["yes"], ["no", "nope", "never"]),
            Rb2("9", "Other", ["a"], ["b"]),
        });
        server.Add(CatalogFixtures.ServedPath(catalog.Get("rewardbench2").Sources[0]), bytes);
        var store = NewStore();

        var set = await CatalogFixtures.Fetcher(catalog, store).FetchAsync("rewardbench2", null, default);

        Assert.Equal(DataKind.Listwise, set.Kind);
        Assert.Equal(new Dictionary<string, int> { ["factuality"] = 2, ["precise-if"] = 1, ["math"] = 0, ["safety"] = 0, ["focus"] = 0, ["ties"] = 2 },
            set.Subsets.ToDictionary(s => s.Name, s => s.Records));
        Assert.Contains(set.Subsets[0].Warnings, w => w.Contains("1 row(s) of subset 'Other'"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), store.Pins.Get("rewardbench2", "test-00000-of-00001.parquet")!.Sha256);

        var ties = ListwiseLoader.Load(DatasetResolver.Resolve("rewardbench2:ties", store).Files[0]);
        var tied = ties.Items[1];
        Assert.Equal(("tied:1", "Ties", 3, 2, 5), (tied.Id, tied.Subset, tied.NumCorrect, tied.NumIncorrect, tied.TotalCompletions));
        Assert.Equal(["green", "violet", "red"], tied.Chosen);
        Assert.Equal("prompt tied:1", tied.Instruction);

        var e = Assert.Throws<DataCatalogException>(() => DatasetResolver.Files(["rewardbench2"], DataKind.Pairwise, store));
        Assert.Contains("listwise", e.Message);
    }

    public sealed class Rb1FixtureRow
    {
        public string? prompt { get; set; }
        public string? chosen { get; set; }
        public string? chosen_model { get; set; }
        public string? rejected { get; set; }
        public string? rejected_model { get; set; }
        public string? subset { get; set; }
        public long id { get; set; } // required: the reader takes either
    }

    [Fact]
    public async Task RewardBench_parquet_becomes_hub_rows_the_pairwise_loader_reads()
    {
        await using var server = new FixtureServer();
        var catalog = DataCatalog.Parse(CatalogFixtures.Rehost(CatalogFixtures.CatalogText, server.BaseUrl), "test");
        server.Add(CatalogFixtures.ServedPath(catalog.Get("rewardbench").Sources[0]), await Parquet(new[]
        {
            new Rb1FixtureRow { prompt = "Say hi", chosen = "hi", chosen_model = "a", rejected = "bye", rejected_model = "b", subset = "alpacaeval-easy", id = 30 },
            new Rb1FixtureRow { prompt = "2+2?", chosen = "4", chosen_model = "a", rejected = "5", rejected_model = "b", subset = "math-prm", id = 31 },
        }));
        var store = NewStore();

        await CatalogFixtures.Fetcher(catalog, store).FetchAsync("rewardbench", null, default);

        var pairs = DatasetLoader.Load(DatasetResolver.Resolve("rewardbench:filtered", store).Files[0]).Pairs;
        Assert.Equal([("30", "alpacaeval-easy", "Say hi", "hi", "bye"), ("31", "math-prm", "2+2?", "4", "5")],
            pairs.Select(p => (p.Id, p.Subset, p.Instruction, p.Chosen, p.Rejected)));
    }

    [Fact]
    public async Task A_file_that_is_not_parquet_is_a_clear_error()
    {
        await using var server = new FixtureServer();
        var catalog = DataCatalog.Parse(CatalogFixtures.Rehost(CatalogFixtures.CatalogText, server.BaseUrl), "test");
        server.Add(CatalogFixtures.ServedPath(catalog.Get("rewardbench2").Sources[0]), "<html>not found</html>"u8.ToArray());
        var store = NewStore();
        var e = await Assert.ThrowsAsync<DatasetException>(() => CatalogFixtures.Fetcher(catalog, store).FetchAsync("rewardbench2", null, default));
        Assert.Contains("not a readable RewardBench 2 parquet file", e.Message);
        Assert.Null(store.Read("rewardbench2"));
    }

    /// <summary>A synthesized stand-in for IFBench's converted file: the real one is held out and never read here.</summary>
    private static byte[] IfbenchFixture()
    {
        var pairs = Enumerable.Range(0, 6).Select(i => new JsonObject
        {
            ["text_chosen"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = $"Write {i + 2} sentences about tea without commas." },
                new JsonObject { ["role"] = "assistant", ["content"] = string.Concat(Enumerable.Repeat("Tea is good. ", i + 2)).Trim() }),
            ["text_rejected"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = $"Write {i + 2} sentences about tea without commas." },
                new JsonObject { ["role"] = "assistant", ["content"] = "Tea, coffee, and water." }),
            ["id"] = i,
            ["domain"] = i % 2 == 0 ? "simple" : "hard",
        });
        return Encoding.UTF8.GetBytes(new JsonArray(pairs.ToArray<JsonNode?>()).ToJsonString());
    }

    [Fact]
    public async Task IFBench_entry_checks_its_pinned_hash_and_converts_a_file_of_that_shape()
    {
        await using var server = new FixtureServer();
        var text = CatalogFixtures.Rehost(CatalogFixtures.CatalogText, server.BaseUrl);
        var entry = DataCatalog.BuiltIn.Get("ifbench").Sources[0];
        var fixture = IfbenchFixture();
        server.Add(CatalogFixtures.ServedPath(entry), fixture);

        // With the catalog's own pin, the stand-in is rejected: the entry really checks the published file's hash.
        var store = NewStore();
        var e = await Assert.ThrowsAsync<ChecksumMismatchException>(() =>
            CatalogFixtures.Fetcher(DataCatalog.Parse(text, "test"), store).FetchAsync("ifbench", null, default));
        Assert.Contains("47ba601d96d56ab14ed9a2f45a2325ae4adb44a3a858901753f8ba89bf0d138b", e.Message);
        Assert.Null(store.Read("ifbench"));

        // The same entry pinned to the stand-in's hash: downloaded, verified, converted, resolvable by name.
        var pinned = DataCatalog.Parse(text.Replace(entry.Sha256!, Convert.ToHexStringLower(SHA256.HashData(fixture)), StringComparison.Ordinal), "test");
        var set = await CatalogFixtures.Fetcher(pinned, store).FetchAsync("ifbench", null, default);
        Assert.Equal(6, set.FindSubset("pairs")!.Records);
        var pairs = DatasetLoader.LoadAll(DatasetResolver.Resolve("ifbench", store).Files).Single().Pairs;
        Assert.Equal(["simple", "hard"], pairs.Select(p => p.Subset).Distinct());
    }
}
