using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using RewardEngine.Diagnostics;
using RewardEngine.Knowledge;
using RewardEngine.Serialization;

namespace RewardEngine.Cli.Commands.Kb;

/// <summary><c>reward kb search</c>: the passages a query retrieves, as the factuality verifier sees them.</summary>
internal sealed class KbSearchCommand : CliCommand
{
    private readonly Option<string> _db = CliOptions.Text("--db", "the knowledge base (SQLite)", "FILE", required: true);
    private readonly Option<string> _query = CliOptions.Text("--query", "free text; FTS5 syntax in it is treated as plain words", "Q");
    private readonly Option<string> _queriesFile = CliOptions.Text("--queries-file", "one query per line; prints one JSON line per query: {query, elapsedMs, hits}", "F");
    private readonly Option<int> _k = CliOptions.Int("--top-k", "passages per query", 5, 1, 1000, "-k");
    private readonly Option<bool> _json = CliOptions.Json();

    public override string Name => "kb search";
    public override string Summary => "search a knowledge base (planned FTS5 query, bm25)";
    public override IEnumerable<Symbol> Symbols => [_db, _query, _queriesFile, _k, _json];

    public override Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var db = parse.GetValue(_db)!;
        var query = parse.GetValue(_query);
        var file = parse.GetValue(_queriesFile);
        int k = parse.GetValue(_k);
        bool json = parse.GetValue(_json);
        if ((query is null) == (file is null)) throw new UsageException("give one of --query or --queries-file");

        using var kb = KnowledgeBase.OpenReadOnly(db);
        if (file is not null)
        {
            if (!File.Exists(file)) throw new UsageException($"--queries-file: {file} not found");
            foreach (var line in File.ReadLines(file))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (string.IsNullOrWhiteSpace(line)) continue;
                var sw = Stopwatch.StartNew();
                var hits = kb.Search(line, k, cancellationToken);
                sw.Stop();
                Console.WriteLine(JsonSerializer.Serialize(new { query = line, elapsedMs = Math.Round(sw.Elapsed.TotalMilliseconds, 3), hits = hits.Select(View) }, OutputJson.Options));
            }
            return Task.FromResult(0);
        }

        var timer = Stopwatch.StartNew();
        var found = kb.Search(query!, k, cancellationToken);
        timer.Stop();
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { query, elapsedMs = Math.Round(timer.Elapsed.TotalMilliseconds, 3), hits = found.Select(View) }, OutputJson.Options));
            return Task.FromResult(0);
        }
        Console.WriteLine($"{found.Count} passage{(found.Count == 1 ? "" : "s")} in {timer.Elapsed.TotalMilliseconds:F2} ms ({kb.PassageCount:N0} in the knowledge base)");
        int rank = 0;
        foreach (var h in found)
        {
            Console.WriteLine($"\n{++rank}. {h.Title}  [{h.Source}]  score {h.Score:F2} ({h.Stage})");
            Console.WriteLine("   " + (h.Text.Length > 400 ? h.Text[..400] + "..." : h.Text).Replace("\n", "\n   "));
        }
        return Task.FromResult(0);
    }

    private static object View(KnowledgeHit h) =>
        new { id = h.Id, source = h.Source, title = h.Title, score = Math.Round(h.Score, 4), stage = h.Stage.ToString(), text = h.Text };
}
