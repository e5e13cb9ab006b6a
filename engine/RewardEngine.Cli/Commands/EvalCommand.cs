using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Evaluation;
using RewardEngine.Serialization;

namespace RewardEngine.Cli.Commands;

/// <summary><c>reward eval</c>: pairwise accuracy of the reward agent.</summary>
internal sealed class EvalCommand : CliCommand
{
    private readonly Option<string[]> _dataset = CliOptions.Many("--dataset", "pairwise data (repeatable): a JSON array or JSONL of {text_chosen, text_rejected, id, domain}, TRL rows {prompt?, chosen, rejected} or RewardBench rows {prompt, chosen, rejected, subset, id}; or a fetched benchmark NAME or NAME:SUBSET (judgebench, rm-bench:chat_hard; reward data list)", "PATH", required: true);
    private readonly Option<string> _out = CliOptions.Text("--out", "output folder: results_grouped.json, scores.jsonl, run.json, run.db (default out/eval)", "DIR");
    private readonly Option<string> _profile = CliOptions.Text("--profile", "verifiers-only (default), tiny, full, paper", "NAME");
    private readonly Option<string> _config = CliOptions.Config();
    private readonly Option<int?> _seed = CliOptions.OptionalInt("--seed", "A/B order and sampling seed (default: the config's seed, else 42)");
    private readonly Option<int?> _limit = CliOptions.OptionalInt("--limit", "the first N pairs of each dataset file only", min: 1);
    private readonly Option<string> _ties = CliOptions.Choice("--ties", "a tie scores 0.5 (half, the original) or 0 (strict, RewardBench)", "half", "half", "strict");
    private readonly Option<string> _order = CliOptions.Choice("--order", "one seeded A/B order per pair, or both orders scored as their mean", "random", "random", "both");
    private readonly Option<int> _threads = CliOptions.Int("--threads", "pairs in flight at once (default: cores)", Environment.ProcessorCount, 1, 256);
    private readonly Option<string> _shard = CliOptions.Text("--shard", "evaluate shard K of N (0-based): every Nth pair from the Kth, into its own --out; reward merge joins the N folders", "K/N");
    private readonly Option<int?> _shards = CliOptions.OptionalInt("--shards", "split into N shards, K read from JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm array)", min: 1);
    private readonly Option<bool> _overwrite = CliOptions.Flag("--overwrite", "replace the results of another run (other settings or data) held in --out instead of refusing");
    private readonly Option<bool> _json = CliOptions.Json();

    public override string Name => "eval";
    public override string Summary => "pairwise accuracy of the reward agent on preference data (resumable)";
    public override string? Details => "A run killed at any point continues when started again with the same arguments. An --out holding another run is refused (RWD211) unless --overwrite.";
    public override IEnumerable<Symbol> Symbols => [_dataset, _out, _profile, _config, _seed, _limit, _ties, _order, _threads, _shard, _shards, _overwrite, _json];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var config = ConfigResolver.Resolve(parse.GetValue(_profile), parse.GetValue(_config), TinyProfile.Make);
        var options = new EvalOptions
        {
            Datasets = parse.GetValue(_dataset)!,
            OutputDirectory = Path.GetFullPath(parse.GetValue(_out) ?? Path.Combine("out", "eval")),
            Seed = parse.GetValue(_seed) ?? config.Seed,
            Limit = parse.GetValue(_limit),
            Ties = parse.GetValue(_ties) == "half" ? TiePolicy.Half : TiePolicy.Strict,
            Order = parse.GetValue(_order) == "random" ? OrderMode.Random : OrderMode.Both,
            Threads = parse.GetValue(_threads),
            Shard = Jobs.ShardSpec.Resolve(parse.GetValue(_shard), parse.GetValue(_shards), Environment.GetEnvironmentVariable),
            Overwrite = parse.GetValue(_overwrite),
        };
        var json = parse.GetValue(_json);

        var report = await Evaluator.RunAsync(config, options, Console.Error, ProgressReporter.ForConsole("pairs"), cancellationToken);
        if (json) Console.WriteLine(JsonSerializer.Serialize(report, OutputJson.Indented));
        else Print(report, Console.Out);
        return 0;
    }

    internal static void Print(EvalReport report, TextWriter o)
    {
        var ci = CultureInfo.InvariantCulture;
        foreach (var s in report.Subsets)
            o.WriteLine(string.Format(ci, "{0}: {1}/{2} ({3:0.0000})", s.Subset, FormatPoints(s.Correct), s.Total, s.Accuracy));
        var m = report.Summary;
        o.WriteLine(string.Format(ci, "pairs: {0} ({1} evaluated now, {2} resumed), pairs/s: {3:0.00}", m.Pairs, m.EvaluatedNow, m.Resumed, m.PairsPerSecond));
        o.WriteLine("answers scored: " + (m.AnswersScored.Count == 0 ? "none" : string.Join(", ", m.AnswersScored.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))));
        o.WriteLine($"errors: {m.Errors.Values.Sum()}" + (m.Errors.Count == 0 ? "" : " (" + string.Join(", ", m.Errors.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")) + ")"));
        o.WriteLine($"ties: {m.Ties}");
        o.WriteLine(string.Format(ci, "llm_calls: {0} ({1:0.00}/pair), generated_tokens: {2} ({3:0.0}/pair), llm_parse_failures: {4}",
            m.LlmCalls, m.Pairs == 0 ? 0 : (double)m.LlmCalls / m.Pairs, m.GeneratedTokens, m.Pairs == 0 ? 0 : (double)m.GeneratedTokens / m.Pairs, m.LlmParseFailures));
        if (m.FlipShare is { } flip) o.WriteLine(string.Format(ci, "order flips: {0:0.0000} of pairs change verdict with the A/B order", flip));
        if (m.JudgeBench is { } jb)
            o.WriteLine("judgebench rule (one order right, the other right or tied): " +
                        string.Join(", ", jb.Select(k => string.Format(ci, "{0} {1:0.0000}", k.Key, k.Value))));
        if (m.KendallTauB is { } tau) o.WriteLine(string.Format(ci, "kendall tau-b against the rows' rankings: {0:0.0000}", tau));
        if (m.Shard is { } shard) o.WriteLine($"shard: {shard} (reward merge --out DIR SHARD_DIRS... joins the shards)");
        o.WriteLine($"results: {Path.Combine(report.OutputDirectory, "results_grouped.json")}");
        o.WriteLine(string.Format(ci, "overall: {0:0.0000}", report.Overall));
    }

    private static string FormatPoints(double p) =>
        p == Math.Floor(p) ? ((long)p).ToString(CultureInfo.InvariantCulture) : p.ToString("0.0", CultureInfo.InvariantCulture);
}
