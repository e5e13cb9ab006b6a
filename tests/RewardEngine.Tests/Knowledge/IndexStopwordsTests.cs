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
