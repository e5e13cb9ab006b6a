using RewardEngine.Knowledge;
using RewardEngine.Knowledge.Ingest;
using Xunit;

namespace RewardEngine.Tests.Knowledge;

public class IndexStopwordsTests
{
    [Fact]
    public void Every_word_left_out_of_the_index_is_one_the_planner_never_asks_for()
    {
        foreach (var w in new[] { "the", "of", "and", "a", "is", "was", "were", "it", "its", "s", "t", "which", "there" })
        {
            Assert.True(IndexStopwords.Contains(w), w);
            Assert.True(Stopwords.Contains(w), w);
        }
        // The converse need not hold: "please", "explain" are query noise but real words in passages.
        Assert.False(IndexStopwords.Contains("explain"));
    }

    [Theory]
    [InlineData("The cat sat on the mat.", "  cat sat     mat.")]
    [InlineData("It's THE end", " '    end")]
    [InlineData("Müller and the Theatre", "Müller     Theatre")]
    [InlineData("the-of-and", " - - ")]
    [InlineData("there thereby", "  thereby")]
    [InlineData("Téa is the", "Téa    ")]
    public void Each_stopword_becomes_one_space_and_every_other_character_stays(string text, string expected) =>
        Assert.Equal(expected, IndexStopwords.Text(text));

    [Fact]
    public void Kept_words_keep_their_spelling_and_order()
    {
        var indexed = IndexStopwords.Text("The Rhône is the longest river of Provence, and it's fast.");
        Assert.Equal(["Rhône", "longest", "river", "Provence", "fast"],
            indexed.Split([' ', ',', '.', '\''], StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Text_without_stopwords_is_returned_as_is()
    {
        const string text = "Polonium radium discovered Curie";
        Assert.Same(text, IndexStopwords.Text(text));
    }

    [Fact]
    public async Task A_title_of_stopwords_stays_findable_and_text_words_still_match()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = Path.Combine(dir, "p.jsonl");
        File.WriteAllLines(file,
        [
            """{"id": "band", "title": "The Who", "text": "The Who are an English rock band formed in London in 1964."}""",
            """{"id": "other", "title": "Granite", "text": "Granite is a coarse rock of the crust; who quarried it first is unknown."}""",
            """{"id": "untitled", "title": "", "text": "An untitled passage about basalt columns."}""",
        ]);
        var db = Path.Combine(dir, "kb.sqlite");
        using (var w = KnowledgeBase.OpenOrCreate(db))
            Assert.Equal(3, (await w.IngestAsync(new JsonlPassageSource(file))).Added);
        using var kb = KnowledgeBase.OpenReadOnly(db);
        Assert.Equal("band", kb.Search("The Who", 3).Single().Source);
        Assert.Equal("band", kb.Search("English rock band London", 3)[0].Source);
        Assert.Equal("untitled", kb.Search("basalt columns", 3).Single().Source);
        // The stored text is the text as given, stopwords and all.
        Assert.Equal("The Who are an English rock band formed in London in 1964.", kb.Search("1964", 1)[0].Text);
    }
}

public class IndexMergeTests
{
    private static long Segments(string db)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        // FTS5 keys its leaf pages by (segment id << 37) + page; ids up to 10 are its own records.
        cmd.CommandText = "SELECT count(DISTINCT id >> 37) FROM passages_fts_data WHERE id > 10";
        return (long)cmd.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_merge_leaves_one_segment_and_every_search_answers_as_before()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "kb.sqlite");
        var all = TestCorpus.Passages;
        using (var kb = KnowledgeBase.OpenOrCreate(db))
            for (var part = 0; part < 3; part++)
            {
                var file = Path.Combine(dir, $"part{part}.jsonl");
                File.WriteAllLines(file, all.Where((_, i) => i % 3 == part).Select(p =>
                    System.Text.Json.JsonSerializer.Serialize(new { id = p.Id, title = p.Title, text = p.Text })));
                var s = await kb.IngestAsync(new JsonlPassageSource(file), new IngestOptions { Merge = IndexMerge.Auto });
                Assert.Equal(TimeSpan.Zero, s.MergeElapsed); // a few passages: below the threshold
            }
        Assert.Equal(3, Segments(db));
        string[] queries = ["Who discovered polonium and radium?", "highest mountain in Africa", "Eiffel Tower 1889", "chlorophyll light"];
        List<string> Answers()
        {
            using var kb = KnowledgeBase.OpenReadOnly(db);
            return queries.Select(q => string.Join(",", kb.Search(q, 5).Select(h => $"{h.Source}:{h.Score:F6}"))).ToList();
        }
        var before = Answers();

        var empty = Path.Combine(dir, "none.jsonl");
        File.WriteAllText(empty, "");
        using (var kb = KnowledgeBase.OpenOrCreate(db))
            await kb.IngestAsync(new JsonlPassageSource(empty), new IngestOptions { Merge = IndexMerge.Always });
        Assert.Equal(1, Segments(db));
        Assert.Equal(before, Answers());
        Assert.All(before, a => Assert.NotEmpty(a));
    }
}

public class KnowledgeBaseFileTests
{
    [Fact]
    public async Task A_new_knowledge_base_has_big_pages_and_keeps_them_across_ingests()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "kb.sqlite");
        long PageSize()
        {
            using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA page_size";
            return (long)cmd.ExecuteScalar()!;
        }
        using (var kb = KnowledgeBase.OpenOrCreate(db)) { }
        Assert.Equal(KnowledgeBase.PageSize, PageSize());
        var file = TestCorpus.WriteJsonl(dir);
        using (var kb = KnowledgeBase.OpenOrCreate(db)) await kb.IngestAsync(new JsonlPassageSource(file));
        Assert.Equal(KnowledgeBase.PageSize, PageSize());
        using var read = KnowledgeBase.OpenReadOnly(db);
        Assert.Equal("p04", read.Search("Who discovered polonium and radium?", 3)[0].Source);
    }
}

public class ContentHashTests
{
    [Fact]
    public async Task The_content_hash_is_sha256_of_title_zero_byte_text_so_existing_files_keep_deduplicating()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = Path.Combine(dir, "p.jsonl");
        File.WriteAllLines(file,
        [
            System.Text.Json.JsonSerializer.Serialize(new { id = "a", title = "Zürich", text = "Die Stadt — am See." }),
            System.Text.Json.JsonSerializer.Serialize(new { id = "b", title = "", text = new string('x', 5000) }),
        ]);
        var db = Path.Combine(dir, "kb.sqlite");
        using (var kb = KnowledgeBase.OpenOrCreate(db)) await kb.IngestAsync(new JsonlPassageSource(file));
        using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT hash FROM passages ORDER BY id";
        using var r = cmd.ExecuteReader();
        var hashes = new List<long>();
        while (r.Read()) hashes.Add(r.GetInt64(0));
        // First 8 bytes, little-endian, of SHA-256("Zürich\0Die Stadt — am See.") and of SHA-256("\0" + 5000 x).
        Assert.Equal([3046421067132823240L, 7048182441533835701L], hashes);
    }
}
