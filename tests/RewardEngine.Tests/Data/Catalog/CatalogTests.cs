using RewardEngine.Data;
using RewardEngine.Data.Catalog;
using RewardEngine.Diagnostics;

namespace RewardEngine.Tests.Data.Catalog;

public class CatalogTests
{
    [Fact]
    public void The_built_in_catalog_is_the_repositorys_file_and_pins_the_known_sources()
    {
        var c = DataCatalog.BuiltIn;
        Assert.Equal(File.ReadAllBytes(Path.Combine(TestPaths.RepoRoot, "data", "catalog.json")), DataCatalog.BuiltInBytes());
        foreach (var name in new[] { "rm-bench", "judgebench", "ifbench", "ifeval", "rewardbench2" }) Assert.NotNull(c.Find(name));
        Assert.All(c.Sets, s => Assert.False(string.IsNullOrWhiteSpace(s.Licence)));

        var shaOf = c.Sets.SelectMany(s => s.Sources).Where(s => s.Sha256 is not null).ToDictionary(s => s.File, s => s.Sha256);
        Assert.Equal("b0f691ae65b115908315b5d63af0fc9e13f214119e2f24628225898f6bcfe1bd", shaOf["total_dataset.chat_normal_converted.json"]);
        Assert.Equal("b3798eb5ae90a240f73a63e226551203091e935a4368b695b4bd0ba65c80c8d6", shaOf["total_dataset.chat_hard_converted.json"]);
        Assert.Equal("47ba601d96d56ab14ed9a2f45a2325ae4adb44a3a858901753f8ba89bf0d138b", shaOf["data.converted.json"]);
        Assert.Equal("6a85310ca8ce15eff755aa08a3a4ff931c7e273e7515ebb3c492ea85fd8288f2", shaOf["input_data.jsonl"]);

        var ifbench = c.Get("ifbench").Sources.Single();
        Assert.Equal("https://raw.githubusercontent.com/THU-KEG/Agentic-Reward-Modeling/771d59b26e0cd1bbfde08c5b7c19d4fa6bde3497/data/IFBench/data.converted.json", ifbench.Url.AbsoluteUri);
        // Every URL is pinned to its revision where one is known.
        Assert.All(c.Sets.SelectMany(s => s.Sources).Where(s => s.Revision is not null), s => Assert.Contains(s.Revision!, s.Url.AbsoluteUri));
        Assert.Equal(DataKind.Listwise, c.Get("rewardbench2").Kind);
        Assert.Equal(["knowledge", "reasoning", "math", "coding"], c.Get("judgebench").DefaultSubsets.Select(s => s.Name));
        Assert.Equal(620, c.Get("judgebench").DefaultSubsets.Sum(s => s.Records));
    }

    [Theory]
    [InlineData("\"converter\": \"pairwise\"", "\"converter\": \"magic\"", "unknown converter 'magic'")]
    [InlineData("\"sha256\": \"b0f691ae65b115908315b5d63af0fc9e13f214119e2f24628225898f6bcfe1bd\"", "\"sha256\": \"B0F6\"", "64 lower-case hex")]
    [InlineData("\"sources\": [\"total_dataset.chat_hard_converted.json\"]", "\"sources\": [\"nope.json\"]", "source 'nope.json' is not among")]
    [InlineData("\"file\": \"total_dataset.chat_hard_converted.json\"", "\"file\": \"../evil.json\"", "plain file name")]
    [InlineData("\"kind\": \"pairwise\"", "\"kind\": \"pairwise\", \"colour\": 1", "colour")]
    [InlineData("\"kind\": \"pairwise\"", "\"kind\": \"triplewise\"", "not a valid catalog")]
    public void A_bad_catalog_is_one_coded_error(string find, string replace, string expected)
    {
        var text = CatalogFixtures.CatalogText;
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0);
        text = text[..at] + replace + text[(at + find.Length)..];
        var e = Assert.Throws<DataCatalogException>(() => DataCatalog.Parse(text, "my-catalog.json"));
        Assert.Equal("RWD800", e.Code);
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("my-catalog.json", e.Message);
    }

    [Theory]
    [InlineData("judgebench", "judgebench", null)]
    [InlineData("rm-bench:chat_hard", "rm-bench", "chat_hard")]
    [InlineData("rewardbench2:precise-if", "rewardbench2", "precise-if")]
    public void References_parse(string text, string name, string? subset)
    {
        var r = DatasetReference.TryParse(text);
        Assert.Equal(new DatasetReference(name, subset), r);
    }

    [Theory]
    [InlineData("data/sample.json")]
    [InlineData("sample.json")]
    [InlineData("C:x")]
    [InlineData("Judgebench")]
    public void Paths_are_not_references(string text) => Assert.Null(DatasetReference.TryParse(text));

    [Fact]
    public void An_existing_file_wins_over_a_reference_and_unknown_names_list_the_known_ones()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = Path.Combine(dir, "judgebench");
        File.WriteAllText(file, "[]");
        var store = new DataStore(TestPaths.NewTempDirectory("data"));
        Assert.Null(DatasetResolver.Resolve(file, store).Reference);

        var e = Assert.Throws<DataCatalogException>(() => DatasetResolver.Resolve("no-such-set", store));
        Assert.Contains("judgebench", e.Message);
        var missing = Assert.Throws<DataNotCachedException>(() => DatasetResolver.Resolve("rm-bench:chat_hard", store));
        Assert.Contains("reward data fetch rm-bench", missing.Message);
    }

    [Fact]
    public void The_data_directory_follows_the_environment()
    {
        var old = (Environment.GetEnvironmentVariable("REWARD_DATA_DIR"), Environment.GetEnvironmentVariable("XDG_CACHE_HOME"));
        try
        {
            Environment.SetEnvironmentVariable("REWARD_DATA_DIR", null);
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", "/tmp/xdg-test");
            Assert.Equal("/tmp/xdg-test/rewardengine/data", DataStore.DefaultRoot());
            Environment.SetEnvironmentVariable("REWARD_DATA_DIR", "/tmp/explicit");
            Assert.Equal("/tmp/explicit", DataStore.DefaultRoot());
        }
        finally
        {
            Environment.SetEnvironmentVariable("REWARD_DATA_DIR", old.Item1);
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", old.Item2);
        }
    }
}
