using System.Text;
using RewardEngine.Diagnostics;
using RewardEngine.Knowledge;
using RewardEngine.Knowledge.Ingest;
using RewardEngine.Storage;
using RewardEngine.Tests.Commands;
using RewardEngine.Tests.Storage;

namespace RewardEngine.Tests.Knowledge;

public class IngestRobustnessTests
{
    private static async Task<(IngestSummary Summary, List<IngestProblem> Reported, string Db)> IngestAsync(IPassageSource source)
    {
        var db = Path.Combine(TestPaths.NewTempDirectory(), "kb.sqlite");
        var reported = new List<IngestProblem>();
        using var kb = KnowledgeBase.OpenOrCreate(db);
        var s = await kb.IngestAsync(source, new IngestOptions { OnProblem = reported.Add });
        return (s, reported, db);
    }

    [Fact]
    public async Task Invalid_utf8_is_replaced_counted_and_located()
    {
        var file = Path.Combine(TestPaths.NewTempDirectory(), "p.jsonl");
        File.WriteAllBytes(file, [
            .. "{\"id\": 1, \"text\": \"clean line\"}\n"u8,
            .. "{\"id\": 2, \"text\": \"bad "u8, 0xC3, 0x28, .. " and "u8, 0xFF, .. "\"}\n"u8,
        ]);
        var (s, _, _) = await IngestAsync(new JsonlPassageSource(file));
        Assert.Equal(2, s.Added);
        Assert.Equal(2, s.InvalidUtf8Replaced);
        Assert.Equal("p.jsonl:2", s.FirstInvalidUtf8At);

        var r = RewardCli.Run("kb", "ingest", "--db", Path.Combine(TestPaths.NewTempDirectory(), "kb.db"), "--input", file);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("2 invalid UTF-8 byte sequence(s) stored as U+FFFD (first at p.jsonl:2)", r.StdErr);
    }

    [Fact]
    public async Task A_symlink_loop_in_a_text_folder_is_walked_once()
    {
        var dir = TestPaths.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "a.txt"), "The harbour of Quellmouth freezes in winter.");
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.WriteAllText(Path.Combine(dir, "sub", "b.md"), "# Brask\nBrask is a village of weavers.");
        File.CreateSymbolicLink(Path.Combine(dir, "sub", "loop"), dir);
        File.CreateSymbolicLink(Path.Combine(dir, "self"), ".");
        var task = IngestAsync(new TextPassageSource(dir));
        Assert.True(await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(60))) == task, "the walk did not end");
        var (s, reported, _) = await task;
        Assert.Equal(2, s.Added);
        Assert.Equal(0, s.Duplicates);
        Assert.Empty(reported);
    }

    [Fact]
    public async Task A_page_with_unescaped_markup_is_one_bad_record_and_the_next_page_is_read()
    {
        var file = Path.Combine(TestPaths.NewTempDirectory(), "dump.xml");
        File.WriteAllText(file, """
            <mediawiki>
              <page>
                <title>Broken</title>
                <ns>0</ns>
                <revision><text>Some <b> & more</text></revision>
              </page>
              <page>
                <title>Tarnwick</title>
                <ns>0</ns>
                <revision><text>Tarnwick is a market town famous for its copper bells.</text></revision>
              </page>
              <page>
                <title>Bold</title>
                <ns>0</ns>
                <revision><text>The <b>Oskel</b> river runs north.</text></revision>
              </page>
            </mediawiki>
            """);
        var (s, reported, db) = await IngestAsync(new WikiXmlPassageSource(file));
        var bad = Assert.Single(reported);
        Assert.Contains("page 'Broken'", bad.Location);
        Assert.Contains("malformed XML", bad.Message);
        Assert.Equal(2, s.Added);
        using var kb = KnowledgeBase.OpenReadOnly(db);
        Assert.Equal("Tarnwick", kb.Search("copper bells market town", 1).Single().Title);
        Assert.Contains("The Oskel river runs north.", kb.Search("Oskel river", 1).Single().Text);
    }

    [Fact]
    public void A_second_ingest_into_one_database_is_refused_naming_the_first()
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "kb.db");
        var input = Path.Combine(dir, "p.jsonl");
        File.WriteAllText(input, "{\"id\": 1, \"text\": \"A passage.\"}\n");
        using (KnowledgeBase.OpenOrCreate(db))
        {
            var r = RewardCli.Run("kb", "ingest", "--db", db, "--input", input);
            Assert.Equal(3, r.ExitCode);
            Assert.StartsWith("error RWD600: ", r.StdErr.Trim());
            Assert.Contains($"pid {Environment.ProcessId}", r.StdErr);
            // Searching is not writing: it goes on beside an ingest.
            Assert.Equal(0, RewardCli.Run("kb", "search", "--db", db, "--query", "passage").ExitCode);
        }
        Assert.Equal(0, RewardCli.Run("kb", "ingest", "--db", db, "--input", input).ExitCode);
    }

    [TmpfsFact]
    public void A_knowledge_base_on_read_only_media_is_searched()
    {
        using var disk = TmpfsMount.Create(4096);
        var db = Path.Combine(disk.Path, "kb.db");
        var input = Path.Combine(TestPaths.NewTempDirectory(), "p.jsonl");
        File.WriteAllText(input, "{\"id\": 1, \"title\": \"Velm\", \"text\": \"Velm is a fjord town known for salt cod.\"}\n");
        Assert.Equal(0, RewardCli.Run("kb", "ingest", "--db", db, "--input", input).ExitCode);
        disk.MakeReadOnly();
        var r = RewardCli.Run("kb", "search", "--db", db, "--query", "fjord salt cod");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("Velm", r.StdOut);
        using var kb = KnowledgeBase.OpenReadOnly(db);
        Assert.Equal("Velm", kb.Search("salt cod", 1).Single().Title);
    }
}
