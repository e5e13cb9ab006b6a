using RewardEngine.Knowledge.Ingest;
using Xunit;

namespace RewardEngine.Tests.Knowledge;

public class WikitextTests
{
    [Theory]
    [InlineData("[[Paris]] is big.", "Paris is big.")]
    [InlineData("[[Paris|the capital]] is big.", "the capital is big.")]
    [InlineData("[[Paris#History|history]] of [[Paris#Art]]", "history of Paris")]
    [InlineData("Many [[lake]]s here.", "Many lakes here.")]
    [InlineData("{{a|{{b|{{c}}}}}}Text after.", "Text after.")]
    [InlineData("'''Bold''' and ''italic'' and '''''both'''''.", "Bold and italic and both.")]
    [InlineData("A<ref>{{cite|x}}</ref> B<ref name=\"n\"/> C", "A B C")]
    [InlineData("See [http://x.org/a the site] and [http://y.org].", "See the site and .")]
    [InlineData("[[File:A.jpg|thumb|Caption with [[link]]]]Rest", "Rest")]
    [InlineData("x<!-- comment -->y", "xy")]
    [InlineData("a &amp; b&nbsp;c", "a & b\u00a0c")]
    [InlineData("[[fr:Paris]]Text", "Text")]
    [InlineData("H<sub>2</sub>O", "H2O")]
    [InlineData("__NOTOC__Start", "Start")]
    public void Markup_is_removed(string wikitext, string expected) =>
        Assert.Equal(expected, Wikitext.ToPlainText(wikitext));

    [Fact]
    public void Headings_become_paragraphs_and_reference_sections_are_dropped()
    {
        var text = Wikitext.ToPlainText("Intro.\n== Life ==\nBorn.\n=== Early ===\nYoung.\n== See also ==\n* Other\n=== Sub ===\nMore\n== Legacy ==\nLasting.");
        Assert.Equal("Intro.\n\nLife\n\nBorn.\n\nEarly\n\nYoung.\n\nLegacy\n\nLasting.", text);
    }

    [Fact]
    public void Unbalanced_markup_does_not_lose_the_text_before_it()
    {
        Assert.StartsWith("Before", Wikitext.ToPlainText("Before [[broken link"));
        Assert.Equal("Before", Wikitext.ToPlainText("Before {{unclosed template"));
    }

    [Fact]
    public void Redirects_are_recognised() => Assert.True(Wikitext.IsRedirect("  #redirect [[X]]"));
}
