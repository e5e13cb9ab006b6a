using System.CommandLine;
using RewardEngine.Knowledge;
using RewardEngine.Knowledge.Benchmarking;

namespace RewardEngine.Cli.Commands.Kb;

/// <summary><c>reward kb bench</c>: ingest speed, size and search latency on a deterministic synthetic corpus.</summary>
internal sealed class KbBenchCommand : CliCommand
{
    private static readonly SearchPlanOptions Plan = new();
    private readonly Option<int> _passages = CliOptions.Int("--passages", "corpus size", 100_000, 100);
    private readonly Option<int> _queries = CliOptions.Int("--queries", "measured queries, each run planned and naive (300 more warm up)", 2_000, 10);
    private readonly Option<int> _seed = CliOptions.Int("--seed", "corpus seed", 1);
    private readonly Option<int> _vocabulary = CliOptions.Int("--vocabulary", "distinct words of the synthetic corpus", 80_000, 200, 10_000_000);
    private readonly Option<int> _k = CliOptions.Int("--top-k", "passages per query", 5, 1, 100, "-k");
    private readonly Option<string> _dir = CliOptions.Text("--dir", "scratch folder for the corpus and database (default: a new folder under /tmp, removed after)", "DIR");
    private readonly Option<bool> _fromMemory = CliOptions.Flag("--from-memory", "ingest generated passages directly instead of through a JSONL file");
    private readonly Option<bool> _keep = CliOptions.Flag("--keep", "keep the database and the JSONL corpus (bench.jsonl)");
    private readonly Option<bool> _reuse = CliOptions.Flag("--reuse", "search the database kept in --dir by an earlier run (same --passages and --seed)");
    private readonly Option<bool> _plannedOnly = CliOptions.Flag("--planned-only", "skip the naive OR (about a second per query at 1M passages)");
    private readonly Option<int> _postingBudget = CliOptions.Int("--posting-budget", "query-plan knob (SearchPlanOptions)", (int)Plan.PostingBudget, 1);
    private readonly Option<int> _rowBudget = CliOptions.Int("--row-budget", "query-plan knob (SearchPlanOptions)", (int)Plan.RowBudget, 1);
    private readonly Option<int> _maxAnd = CliOptions.Int("--max-and", "query-plan knob (SearchPlanOptions)", Plan.MaxAndTerms, 1, 16);

    public override string Name => "kb bench";
    public override string Summary => "measure knowledge-base ingest and search on a synthetic corpus";
    public override string? Details => "Prints a JSON report on stdout: ingest passages/s, MiB per million passages, p50/p90/p99 ms and recall@k for both plans.";
    public override IEnumerable<Symbol> Symbols => [_passages, _queries, _seed, _vocabulary, _k, _dir, _fromMemory, _keep, _reuse, _plannedOnly, _postingBudget, _rowBudget, _maxAnd];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var dir = parse.GetValue(_dir);
        var o = new KnowledgeBaseBenchmarkOptions
        {
            Passages = parse.GetValue(_passages),
            Queries = parse.GetValue(_queries),
            Seed = parse.GetValue(_seed),
            Vocabulary = parse.GetValue(_vocabulary),
            K = parse.GetValue(_k),
            Directory = dir ?? Path.Combine(Path.GetTempPath(), $"reward-kb-bench-{Environment.ProcessId}"),
            ViaJsonl = !parse.GetValue(_fromMemory),
            Keep = parse.GetValue(_keep),
            Reuse = parse.GetValue(_reuse),
            CompareNaive = !parse.GetValue(_plannedOnly),
            Planning = new SearchPlanOptions
            {
                PostingBudget = parse.GetValue(_postingBudget),
                RowBudget = parse.GetValue(_rowBudget),
                MaxAndTerms = parse.GetValue(_maxAnd),
            },
        };
        var view = new IngestProgressView();
        KnowledgeBaseBenchmarkReport report;
        try { report = await KnowledgeBaseBenchmark.RunAsync(o, Console.Error, view, cancellationToken); }
        finally
        {
            view.Finish();
            if (!o.Keep && dir is null && Directory.Exists(o.Directory)) Directory.Delete(o.Directory, true);
        }
        Console.WriteLine(report.ToJson());
        return 0;
    }
}
