using System.Diagnostics;
using System.Text.Json;
using RewardEngine.Diagnostics;
using RewardEngine.Knowledge;

namespace RewardEngine.Cli.Commands.Kb;

/// <summary><c>reward kb search</c>: the passages a query retrieves, as the factuality verifier sees them.</summary>
public sealed class KbSearchCommand : ICliCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string Name => "kb search";
    public string Summary => "Search a knowledge base (planned FTS5 query, bm25)";
    public string Usage => """
        reward kb search --db FILE (--query Q | --queries-file F) [-k N] [--json]

          --query Q          free text; FTS5 syntax in it is treated as plain words
          --queries-file F   one query per line; prints one JSON line per query: {query, elapsedMs, hits}
          -k, --top-k N      passages per query (default 5)
          --json             JSON output for --query
        """;
    public IReadOnlyDictionary<string, string>? Aliases => new Dictionary<string, string> { ["k"] = "top-k" };

    public Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var db = args.Required("db");
        var query = args.String("query");
        var file = args.String("queries-file");
        int k = args.Int("top-k", 5, 1, 1000);
        bool json = args.Flag("json");
        args.EnsureAllUsed();
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
                Console.WriteLine(JsonSerializer.Serialize(new { query = line, elapsedMs = Math.Round(sw.Elapsed.TotalMilliseconds, 3), hits = hits.Select(View) }, Json));
            }
            return Task.FromResult(0);
        }

        var timer = Stopwatch.StartNew();
        var found = kb.Search(query!, k, cancellationToken);
        timer.Stop();
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { query, elapsedMs = Math.Round(timer.Elapsed.TotalMilliseconds, 3), hits = found.Select(View) }, Json));
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
