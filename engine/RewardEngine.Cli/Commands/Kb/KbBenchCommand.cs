using RewardEngine.Knowledge;
using RewardEngine.Knowledge.Benchmarking;

namespace RewardEngine.Cli.Commands.Kb;

/// <summary><c>reward kb bench</c>: ingest speed, size and search latency on a deterministic synthetic corpus.</summary>
public sealed class KbBenchCommand : ICliCommand
{
    public string Name => "kb bench";
    public string Summary => "Measure knowledge-base ingest and search on a synthetic corpus";
    public string Usage => """
        reward kb bench [--passages N] [--queries N] [--seed S] [--vocabulary N] [-k N] [--dir DIR] [--from-memory] [--keep] [--reuse] [--planned-only]

          --passages N    corpus size (default 100000)
          --queries N     measured queries, each run planned and naive (default 2000; 300 more warm up)
          --dir DIR       scratch folder for the corpus and database (default: a new folder under /tmp); removed after
          --from-memory   ingest generated passages directly instead of through a JSONL file
          --keep          keep the database and the JSONL corpus (bench.jsonl)
          --planned-only  skip the naive OR (it takes about a second per query at 1M passages)
          --vocabulary N  distinct words of the synthetic corpus (default 80000; the rate of FTS5's tokenizer
                          falls as the vocabulary grows: compare with the bare-FTS5 reference of the same run)
          --reuse         search the database kept in --dir by an earlier run (same --passages and --seed)
          --posting-budget N, --row-budget N, --max-and N   query-plan knobs (see SearchPlanOptions)
        Prints a JSON report: ingest passages/s, MiB per million passages, p50/p90/p99 ms and recall@k for both plans.
        """;
    public IReadOnlyDictionary<string, string>? Aliases => new Dictionary<string, string> { ["k"] = "top-k" };

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var o = new KnowledgeBaseBenchmarkOptions
        {
            Passages = args.Int("passages", 100_000, 100),
            Queries = args.Int("queries", 2_000, 10),
            Seed = args.Int("seed", 1),
            Vocabulary = args.Int("vocabulary", 80_000, 200, 10_000_000),
            K = args.Int("top-k", 5, 1, 100),
            Directory = args.String("dir") ?? Path.Combine(Path.GetTempPath(), $"reward-kb-bench-{Environment.ProcessId}"),
            ViaJsonl = !args.Flag("from-memory"),
            Keep = args.Flag("keep"),
            Reuse = args.Flag("reuse"),
            CompareNaive = !args.Flag("planned-only"),
            Planning = new SearchPlanOptions
            {
                PostingBudget = args.Int("posting-budget", (int)new SearchPlanOptions().PostingBudget, 1),
                RowBudget = args.Int("row-budget", (int)new SearchPlanOptions().RowBudget, 1),
                MaxAndTerms = args.Int("max-and", new SearchPlanOptions().MaxAndTerms, 1, 16),
            },
        };
        args.EnsureAllUsed();
        var view = new IngestProgressView();
        KnowledgeBaseBenchmarkReport report;
        try { report = await KnowledgeBaseBenchmark.RunAsync(o, Console.Error, view, cancellationToken); }
        finally
        {
            view.Finish();
            if (!o.Keep && args.String("dir") is null && Directory.Exists(o.Directory)) Directory.Delete(o.Directory, true);
        }
        Console.WriteLine(report.ToJson());
        return 0;
    }
}
