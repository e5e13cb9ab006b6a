using System.Text;
using RewardEngine.Knowledge;
using RewardEngine.Knowledge.Ingest;

namespace RewardEngine.Tests.Fuzz;

/// <summary>Hostile queries and mutated ingest files: searches answer, ingests count or fail with a coded error.</summary>
public class KnowledgeFuzzTests
{
    private static readonly string[] QueryPieces =
    [
        "capital", "of", "Australia", "\"", "*", "^", "NEAR(", ")", "AND", "OR", "NOT", "-", ":", "title:", "{", "}", "'", "\ud800",
        "😀", "é\u0301", "\0", "   ", "\n", "x*", "\"\"", "NEAR(a b, 3)", "1e400", "SELECT", ";", "--",
    ];

    private static string Query(Random rng)
    {
        var n = rng.Next(12) == 0 ? 3000 : rng.Next(0, 9);
        return string.Join(rng.Next(2) == 0 ? " " : "", Enumerable.Range(0, n).Select(_ => Mutations.Pick(rng, QueryPieces)));
    }

    [Fact]
    public async Task Any_query_is_answered()
    {
        var db = Path.Combine(TestPaths.NewTempDirectory(), "kb.db");
        var corpus = Path.Combine(TestPaths.RepoRoot, "data", "knowledge-sample.jsonl");
        using (var writer = KnowledgeBase.OpenOrCreate(db)) await writer.IngestAsync(new JsonlPassageSource(corpus));
        using var kb = KnowledgeBase.OpenReadOnly(db);
        await FuzzProperty.HoldsAsync("kb queries", 300, seed =>
        {
            var rng = new Random(seed);
            var hits = kb.Search(Query(rng), rng.Next(-1, 20));
            Assert.All(hits, h => Assert.False(string.IsNullOrEmpty(h.Text)));
        }, TimeSpan.FromSeconds(10));
    }

    private static readonly string Jsonl = string.Join("\n", Enumerable.Range(0, 8).Select(i =>
        $"{{\"id\": {i}, \"title\": \"Town {i}\", \"text\": \"Town {i} is known for its {i} bridges and a river.\"}}"));

    private const string Wiki = """
        <mediawiki>
          <page><title>Alpha</title><ns>0</ns><id>1</id><revision><text>'''Alpha''' is a [[town]] with {{cite|x}} bells.</text></revision></page>
          <page><title>Beta</title><ns>0</ns><id>2</id><revision><text>Beta &amp; Gamma are &lt;b&gt;rivers&lt;/b&gt;.</text></revision></page>
          <page><title>Gamma</title><ns>0</ns><id>3</id><revision><text>Gamma flows into the sea.</text></revision></page>
        </mediawiki>
        """;

    [Fact]
    public async Task Mutated_ingest_files_are_counted_or_refused_with_a_coded_error()
    {
        var dir = TestPaths.NewTempDirectory();
        await FuzzProperty.HoldsAsync("kb ingest", 60, async seed =>
        {
            var rng = new Random(seed);
            var kind = seed % 3;
            var path = Path.Combine(dir, $"in{seed}" + kind switch { 0 => ".jsonl", 1 => ".xml", _ => ".txt" });
            var text = kind switch { 0 => Jsonl, 1 => Wiki, _ => "# Notes\n\nDelta is a harbour.\n\nEpsilon has " + new string('x', rng.Next(2000)) };
            File.WriteAllBytes(path, Mutations.Bytes(rng, Encoding.UTF8.GetBytes(text)));
            IPassageSource source = kind switch { 0 => new JsonlPassageSource(path), 1 => new WikiXmlPassageSource(path), _ => new TextPassageSource(path) };
            using var kb = KnowledgeBase.OpenOrCreate(Path.Combine(dir, $"kb{seed}.db"));
            var problems = new List<IngestProblem>();
            var s = await kb.IngestAsync(source, new IngestOptions { OnProblem = problems.Add });
            Assert.Equal(s.Skipped, problems.Count);
            Assert.Equal(s.Added, kb.PassageCount);
        }, TimeSpan.FromSeconds(20));
    }
}
