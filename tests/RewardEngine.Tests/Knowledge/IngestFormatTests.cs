using System.Text;
using ICSharpCode.SharpZipLib.BZip2;
using RewardEngine.Diagnostics;
using RewardEngine.Knowledge;
using RewardEngine.Knowledge.Ingest;
using Xunit;

namespace RewardEngine.Tests.Knowledge;

public class IngestFormatTests
{
    private static async Task<(IngestSummary Summary, List<IngestProblem> Reported, string Db)> IngestAsync(
        IPassageSource source, OnBadRecord onBad = OnBadRecord.Skip, string? db = null)
    {
        db ??= Path.Combine(TestPaths.NewTempDirectory(), "kb.sqlite");
        var reported = new List<IngestProblem>();
        using var kb = KnowledgeBase.OpenOrCreate(db);
        var s = await kb.IngestAsync(source, new IngestOptions { OnBadRecord = onBad, OnProblem = reported.Add });
        return (s, reported, db);
    }

    private const string JsonlWithBadLines = """
        {"id": 1, "title": "Teln", "text": "The river Teln flows past Marrowick."}
        {"id": 2, "title": "Broken", "text": "no closing brace"

        {"id": 3, "title": "No text"}
        ["not", "an", "object"]
        {"id": 4, "title": "Number text", "text": 42}
        {"id": "five", "text": "A passage without a title is fine."}
        """;

    [Fact]
    public async Task Jsonl_bad_lines_are_reported_by_line_and_skipped()
    {
        var file = Path.Combine(TestPaths.NewTempDirectory(), "bad.jsonl");
        File.WriteAllText(file, JsonlWithBadLines);
        var (s, reported, db) = await IngestAsync(new JsonlPassageSource(file));
        Assert.Equal(2, s.Added);
        Assert.Equal(4, s.Skipped);
        Assert.Equal(["bad.jsonl:2", "bad.jsonl:4", "bad.jsonl:5", "bad.jsonl:6"], reported.Select(p => p.Location));
        Assert.Contains("invalid JSON", reported[0].Message);
        Assert.Contains("'text' is missing", reported[1].Message);
        Assert.Contains("'text' must be a string", reported[3].Message);
        Assert.Equal(s.Problems, reported);
        using var kb = KnowledgeBase.OpenReadOnly(db);
        Assert.Equal("five", kb.Search("passage without title", 1).Single().Source);
    }

    [Fact]
    public async Task Jsonl_stop_mode_ends_at_the_first_bad_line_and_keeps_what_came_before()
    {
        var file = Path.Combine(TestPaths.NewTempDirectory(), "bad.jsonl");
        File.WriteAllText(file, JsonlWithBadLines);
        var db = Path.Combine(TestPaths.NewTempDirectory(), "kb.sqlite");
        var e = await Assert.ThrowsAsync<KnowledgeBaseException>(() => IngestAsync(new JsonlPassageSource(file), OnBadRecord.Stop, db));
        Assert.Contains("bad.jsonl:2", e.Message);
        Assert.Contains("1 passages added before it were kept", e.Message);
        using var kb = KnowledgeBase.OpenReadOnly(db);
        Assert.Equal(1, kb.PassageCount);
    }

    [Fact]
    public async Task Empty_inputs_add_nothing_without_error()
    {
        var dir = TestPaths.NewTempDirectory();
        var empty = Path.Combine(dir, "empty.jsonl");
        File.WriteAllText(empty, "");
        var (s, reported, _) = await IngestAsync(new JsonlPassageSource(empty));
        Assert.Equal((0L, 0L, 0L), (s.Added, s.Duplicates, s.Skipped));
        Assert.Empty(reported);

        var emptyDir = Directory.CreateDirectory(Path.Combine(dir, "no-text")).FullName;
        File.WriteAllText(Path.Combine(emptyDir, "image.png"), "not text");
        Assert.Equal(0, (await IngestAsync(new TextPassageSource(emptyDir))).Summary.Added);

        var emptyXml = Path.Combine(dir, "empty.xml");
        File.WriteAllText(emptyXml, "<mediawiki></mediawiki>");
        Assert.Equal(0, (await IngestAsync(new WikiXmlPassageSource(emptyXml))).Summary.Added);
    }

    [Fact]
    public void A_missing_input_is_a_knowledge_base_error_naming_it()
    {
        var missing = Path.Combine(TestPaths.NewTempDirectory(), "nope.jsonl");
        var e = Assert.Throws<KnowledgeBaseException>(() => new JsonlPassageSource(missing).Read(default).ToList());
        Assert.Contains("nope.jsonl", e.Message);
        Assert.Throws<KnowledgeBaseException>(() => new TextPassageSource(missing));
    }

    [Fact]
    public async Task Text_folders_are_chunked_on_paragraphs_and_titled_by_heading_or_name()
    {
        var dir = TestPaths.NewTempDirectory();
        var sub = Directory.CreateDirectory(Path.Combine(dir, "notes")).FullName;
        var para = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"word{i}"));
        // 6 paragraphs of 60 words: chunks close once they reach 100 words, never above 200.
        File.WriteAllText(Path.Combine(sub, "long.md"), "# The Long Note\n\n" + string.Join("\n\n", Enumerable.Repeat(para, 6)));
        File.WriteAllText(Path.Combine(dir, "short.txt"), "The Brannick escapement was adjusted weekly.\n");
        File.WriteAllBytes(Path.Combine(dir, "latin1.txt"), [0x63, 0x61, 0x66, 0xE9, 0x0A]); // "café" in Latin-1
        var (s, reported, db) = await IngestAsync(new TextPassageSource(dir));
        Assert.Equal("latin1.txt", Assert.Single(reported).Location);
        Assert.Contains("UTF-8", reported[0].Message);
        using var kb = KnowledgeBase.OpenReadOnly(db);
        var hit = kb.Search("Brannick escapement", 1).Single();
        Assert.Equal(("short", "short.txt#1"), (hit.Title, hit.Source));
        var chunks = kb.Search("word7 word8", 10);
        Assert.All(chunks, c => Assert.Equal("The Long Note", c.Title));
        Assert.All(chunks, c => Assert.InRange(PassageChunker.CountWords(c.Text), 100, 200));
        Assert.Equal(s.Added - 1, chunks.Count);
    }

    [Fact]
    public void Chunker_splits_an_overlong_paragraph_on_sentences()
    {
        var sentence = "This sentence has exactly eight words in it.";
        var para = string.Join(' ', Enumerable.Repeat(sentence, 60)); // 480 words, one paragraph
        var chunks = PassageChunker.Chunk([para]);
        Assert.True(chunks.Count >= 3);
        Assert.All(chunks, c => Assert.InRange(PassageChunker.CountWords(c), 30, 200));
        Assert.All(chunks, c => Assert.EndsWith("in it.", c));
        Assert.Equal(480, chunks.Sum(PassageChunker.CountWords));
    }

    internal const string WikiDump = """
        <mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" xml:lang="en">
          <siteinfo><sitename>Testpedia</sitename></siteinfo>
          <page>
            <title>Lake Varnholm</title>
            <ns>0</ns>
            <id>101</id>
            <revision><id>9001</id><text xml:space="preserve">{{Infobox lake|name=Lake Varnholm|{{nested|x=1}}}}
        '''Lake Varnholm''' is a [[glacier|glacial]] lake in [[Osterby Municipality]].&lt;ref&gt;{{cite book|title=Lakes}}&lt;/ref&gt; Its water is ''teal'' because of [[zircon]] flour.&lt;!-- hidden note --&gt;

        == History ==
        The lantern regatta began in 1881.&lt;ref name="a" /&gt; See [https://example.org the official site].
        [[File:Varnholm.jpg|thumb|A [[lake]] at dusk]]
        {| class="wikitable"
        |-
        | tablecellsecret || 12
        |}
        * First bullet about the [[pier]]
        [[Category:Lakes]]

        == References ==
        * Referencesecret book, 1999.
        </text></revision>
          </page>
          <page>
            <title>Varnholm Lake</title>
            <ns>0</ns>
            <id>102</id>
            <redirect title="Lake Varnholm" />
            <revision><id>9002</id><text>#REDIRECT [[Lake Varnholm]]</text></revision>
          </page>
          <page>
            <title>Talk:Lake Varnholm</title>
            <ns>1</ns>
            <id>103</id>
            <revision><id>9003</id><text>Talkpagesecret discussion.</text></revision>
          </page>
          <page>
            <title>Quillan guild</title>
            <ns>0</ns>
            <id>104</id>
            <revision><id>9004</id></revision>
          </page>
          <page>
            <title>Brannick</title>
            <ns>0</ns>
            <id>105</id>
            <revision><id>9005</id><text>'''Ysolde Brannick''' led the [[Quillan clockmakers|Quillan guild]] for thirty years.</text></revision>
          </page>
        </mediawiki>
        """;

    [Fact]
    public async Task Wiki_xml_articles_become_passages_without_markup()
    {
        var file = Path.Combine(TestPaths.NewTempDirectory(), "dump.xml");
        File.WriteAllText(file, WikiDump);
        var (s, reported, db) = await IngestAsync(new WikiXmlPassageSource(file));
        Assert.Equal(2, s.Added);
        Assert.Equal(2, s.Ignored); // the redirect and the talk page
        var bad = Assert.Single(reported);
        Assert.Contains("page 'Quillan guild'", bad.Location);
        Assert.Contains("no <text>", bad.Message);
        using var kb = KnowledgeBase.OpenReadOnly(db);
        var lake = kb.Search("Varnholm teal zircon", 1).Single();
        Assert.Equal("Lake Varnholm", lake.Title);
        Assert.Equal("dump.xml#101:1", lake.Source);
        Assert.Contains("Lake Varnholm is a glacial lake in Osterby Municipality. Its water is teal because of zircon flour.", lake.Text);
        Assert.Contains("the official site", lake.Text);
        Assert.Contains("First bullet about the pier", lake.Text);
        foreach (var gone in new[] { "Infobox", "cite", "'''", "[[", "]]", "hidden note", "tablecellsecret", "Category", "Referencesecret", "<ref", "https", "Varnholm.jpg", "==" })
            Assert.DoesNotContain(gone, lake.Text);
        foreach (var absent in new[] { "tablecellsecret", "Referencesecret", "Talkpagesecret", "dusk" })
            Assert.Empty(kb.Search(absent, 1));
        Assert.Equal("Brannick", kb.Search("who led the Quillan guild", 1).Single().Title);
    }

    [Fact]
    public async Task Wiki_xml_bz2_is_streamed_through_the_decompressor()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = Path.Combine(dir, "dump.xml.bz2");
        using (var output = File.Create(file))
        using (var bz = new BZip2OutputStream(output))
            bz.Write(Encoding.UTF8.GetBytes(WikiDump));
        var (s, _, db) = await IngestAsync(new WikiXmlPassageSource(file));
        Assert.Equal(2, s.Added);
        using var kb = KnowledgeBase.OpenReadOnly(db);
        Assert.Equal("dump.xml.bz2#105:1", kb.Search("Ysolde Brannick", 1).Single().Source);
    }

    [Fact]
    public async Task Broken_xml_is_reported_with_its_line_and_earlier_pages_are_kept()
    {
        var dir = TestPaths.NewTempDirectory();
        var file = Path.Combine(dir, "broken.xml");
        var cut = WikiDump.IndexOf("<page>\n    <title>Varnholm Lake", StringComparison.Ordinal);
        Assert.True(cut > 0);
        // The second page's markup is broken: an unclosed element and a stray closing tag.
        File.WriteAllText(file, WikiDump[..cut] + "<page><title>Oops</title><ns>0</ns><revision><text>x</revision></page></mediawiki>");
        var (s, reported, _) = await IngestAsync(new WikiXmlPassageSource(file));
        Assert.Equal(1, s.Added);
        var bad = Assert.Single(reported);
        Assert.Matches(@"broken\.xml: line \d+, page 'Oops'", bad.Location);
        Assert.Contains("malformed XML", bad.Message);

        var db = Path.Combine(dir, "stop.sqlite");
        var e = await Assert.ThrowsAsync<KnowledgeBaseException>(() => IngestAsync(new WikiXmlPassageSource(file), OnBadRecord.Stop, db));
        Assert.Contains("malformed XML", e.Message);
    }

    [Fact]
    public async Task Corrupt_bz2_is_reported_not_thrown()
    {
        var file = Path.Combine(TestPaths.NewTempDirectory(), "corrupt.xml.bz2");
        File.WriteAllBytes(file, [.. "BZh9"u8.ToArray(), .. Enumerable.Range(0, 200).Select(i => (byte)(i * 37))]);
        var (s, reported, _) = await IngestAsync(new WikiXmlPassageSource(file));
        Assert.Equal(0, s.Added);
        Assert.Single(reported);
    }
}
