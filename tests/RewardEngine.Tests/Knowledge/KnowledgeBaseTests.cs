using Microsoft.Data.Sqlite;
using RewardEngine.Diagnostics;
using RewardEngine.Knowledge;
using RewardEngine.Knowledge.Benchmarking;
using RewardEngine.Knowledge.Ingest;
using Xunit;

namespace RewardEngine.Tests.Knowledge;

public class KnowledgeBaseTests
{
    internal static async Task<string> BuildAsync(string dir)
    {
        var db = Path.Combine(dir, "kb.sqlite");
        using var kb = KnowledgeBase.OpenOrCreate(db);
        var summary = await kb.IngestAsync(new JsonlPassageSource(TestCorpus.WriteJsonl(dir)));
        Assert.Equal(TestCorpus.Passages.Length, summary.Added);
        return db;
    }

    [Theory]
    [InlineData("Who discovered polonium and radium?", "p04")]
    [InlineData("What colour is the water of Lake Varnholm", "p15")]
    [InlineData("lantern regatta Osterby", "p16")]
    [InlineData("When was the Eiffel Tower completed?", "p01")]
    [InlineData("spiral escapement pocket watches guild master", "p18")]
    [InlineData("How many hearts does an octopus have", "p28")]
    [InlineData("capital of Australia compromise Sydney Melbourne", "p25")]
    public async Task Search_finds_the_passage_a_question_is_about(string query, string expectedId)
    {
        var dir = TestPaths.NewTempDirectory();
        using var kb = KnowledgeBase.OpenReadOnly(await BuildAsync(dir));
        var hits = kb.Search(query, 3);
        Assert.NotEmpty(hits);
        Assert.Equal(expectedId, hits[0].Source);
    }

    [Fact]
    public async Task Title_matches_are_weighted_above_text_matches()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "kb.sqlite");
        var file = Path.Combine(dir, "t.jsonl");
        // Both passages hold "zircon" once in text; only one has it in the title.
        File.WriteAllLines(file,
        [
            """{"id": "text-only", "title": "Minerals", "text": "Many sands contain zircon among other heavy minerals found on beaches."}""",
            """{"id": "in-title", "title": "Zircon", "text": "A silicate mineral, zircon is used to date rocks because it holds uranium."}""",
        ]);
        using (var w = KnowledgeBase.OpenOrCreate(db)) await w.IngestAsync(new JsonlPassageSource(file));
        using var kb = KnowledgeBase.OpenReadOnly(db);
        Assert.Equal("in-title", kb.Search("zircon", 2)[0].Source);
    }

    [Fact]
    public async Task Ingesting_the_same_input_twice_adds_nothing()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = await BuildAsync(dir);
        using var kb = KnowledgeBase.OpenOrCreate(db);
        var again = await kb.IngestAsync(new JsonlPassageSource(Path.Combine(dir, "corpus.jsonl")));
        Assert.Equal(0, again.Added);
        Assert.Equal(TestCorpus.Passages.Length, again.Duplicates);
        Assert.Equal(TestCorpus.Passages.Length, again.TotalPassages);
        using var conn = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT count(*) FROM passages_fts WHERE passages_fts MATCH 'varnholm'";
        Assert.Equal(2L, (long)cmd.ExecuteScalar()!); // the index holds no second copy either
    }

    [Fact]
    public async Task Incremental_ingest_adds_only_new_passages_and_they_are_searchable()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = await BuildAsync(dir);
        var extra = Path.Combine(dir, "extra.jsonl");
        File.WriteAllLines(extra,
        [
            """{"id": "p01", "title": "Eiffel Tower", "text": "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris. It was designed by the company of Gustave Eiffel and completed in 1889 for the World's Fair."}""",
            """{"id": "n1", "title": "Marrowick bridge", "text": "The Marrowick bridge, invented for this test, spans the river Teln with nine granite arches."}""",
        ]);
        using (var kb = KnowledgeBase.OpenOrCreate(db))
        {
            var s = await kb.IngestAsync(new JsonlPassageSource(extra));
            Assert.Equal((1, 1), (s.Added, s.Duplicates));
        }
        using var read = KnowledgeBase.OpenReadOnly(db);
        Assert.Equal(TestCorpus.Passages.Length + 1, read.PassageCount);
        Assert.Equal("n1", read.Search("how many arches does the Marrowick bridge have", 1).Single().Source);
    }

    public static TheoryData<string> HostileQueries() => new()
    {
        "\"", "\"\"\"", "\"unbalanced quote", "Eiffel\" OR \"", "NEAR(Eiffel Tower, 2)", "NEAR", "Eiffel*", "*", "^Eiffel", "^",
        "(Eiffel", "Eiffel)", "((()))", "AND", "OR", "NOT", "Eiffel AND", "OR Tower", "NOT Paris", "Eiffel NOT Tower AND OR",
        "title:Eiffel", "text:radium", "{title text}: Curie", "-Eiffel", "+Tower", ":", "Eiffel:Tower", "- + : * ^ ( ) \" { }",
        "col:", "rowid:1", "passages_fts:Eiffel", "'; DROP TABLE passages; --", "\\\"\\", "café Wien", "Ŝtra Straße ÇA",
        "東京 日本の首都", "🙂🙂 emoji 🙂", "\u0000\u0001 control", "", "   ", "a", "the of and", "x y z NEAR/3",
        "pi", "3.14159", "299,792,458", new string('a', 5000), string.Join(' ', Enumerable.Repeat("tower", 300)),
        "e\u0301le\u0300ve", "\ud83d", "AND OR NOT NEAR",
    };

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task Any_query_string_gives_results_or_none_never_an_error(string query)
    {
        var dir = TestPaths.NewTempDirectory();
        using var kb = KnowledgeBase.OpenReadOnly(await BuildAsync(dir));
        var planned = kb.Search(query, 5);
        var naive = kb.SearchNaive(query, 5);
        Assert.True(planned.Count <= 5 && naive.Count <= 5);
        Assert.All(planned, h => Assert.False(string.IsNullOrEmpty(h.Text)));
    }

    [Fact]
    public async Task Metacharacters_are_read_as_the_words_they_surround()
    {
        var dir = TestPaths.NewTempDirectory();
        using var kb = KnowledgeBase.OpenReadOnly(await BuildAsync(dir));
        // A column filter on a column that does not exist would be an FTS5 error; here the words still search.
        Assert.Equal("p04", kb.Search("discovered:polonium AND \"radium", 1).Single().Source);
        Assert.Equal("p16", kb.Search("NEAR(regatta* ^Osterby)", 1).Single().Source);
    }

    [Fact]
    public async Task A_file_that_is_not_a_knowledge_base_is_reported_by_path()
    {
        var dir = TestPaths.NewTempDirectory();
        var junk = Path.Combine(dir, "junk.sqlite");
        File.WriteAllText(junk, "this is not sqlite at all, just some text that is long enough to look like a header");
        var e = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBase.OpenReadOnly(junk));
        Assert.Contains("junk.sqlite", e.Message);
        Assert.Throws<KnowledgeBaseException>(() => KnowledgeBase.OpenReadOnly(Path.Combine(dir, "missing.sqlite")));
    }

    [Fact]
    public async Task Concurrent_searches_agree_with_sequential_ones()
    {
        var dir = TestPaths.NewTempDirectory();
        using var kb = KnowledgeBase.OpenReadOnly(await BuildAsync(dir));
        var queries = TestCorpus.Passages.Select(p => p.Title + " " + p.Text.Split(' ')[3]).ToArray();
        var sequential = queries.Select(q => string.Join(",", kb.Search(q, 3).Select(h => h.Id))).ToArray();
        var parallel = new string[queries.Length];
        Parallel.For(0, queries.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => parallel[i] = string.Join(",", kb.Search(queries[i], 3).Select(h => h.Id)));
        Assert.Equal(sequential, parallel);
    }

    /// <summary>
    /// The planner drops frequent words and runs ANDs of rare ones; it must still find the passage whose rare words a
    /// query names. Checked on a synthetic corpus big enough for words to be "frequent" (cut at 5% of passages).
    /// </summary>
    [Fact]
    public async Task Planned_search_finds_the_passage_holding_the_querys_rare_words()
    {
        var dir = TestPaths.NewTempDirectory();
        try { await FindsRareWordsAsync(dir); }
        finally { Directory.Delete(dir, recursive: true); } // 50 MB: not left behind
    }

    private static async Task FindsRareWordsAsync(string dir)
    {
        var db = Path.Combine(dir, "synthetic.sqlite");
        var corpus = new SyntheticCorpus(seed: 3, vocabularySize: 20_000);
        const int count = 30_000;
        using (var w = KnowledgeBase.OpenOrCreate(db))
            await w.IngestAsync(new SyntheticPassageSource(corpus, count));
        var all = corpus.Passages(count).ToList();
        using var kb = KnowledgeBase.OpenReadOnly(db);
        var rng = new Random(7);
        int checkedQueries = 0;
        for (int i = 0; i < 60; i++)
        {
            var target = all[rng.Next(all.Count)];
            // A query mixing the passage's two rarest words with common words and question filler.
            var rare = target.Text.Split(' ').Select(x => x.TrimEnd('.').ToLowerInvariant()).Distinct()
                .Select(x => (x, df: kb.ExplainTerms(x).Select(t => t.DocumentFrequency).DefaultIfEmpty(long.MaxValue).First()))
                .OrderBy(t => t.df).Take(2).Select(t => t.x).ToList();
            var query = $"what is the {rare[0]} of the city and {rare[1]} in the first years";
            var hits = kb.Search(query, 5);
            Assert.Contains(hits, h => h.Source == target.Source);
            checkedQueries++;
        }
        Assert.Equal(60, checkedQueries);
    }
}
