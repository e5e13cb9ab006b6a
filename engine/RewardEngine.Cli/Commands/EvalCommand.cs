using System.Globalization;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Evaluation;

namespace RewardEngine.Cli.Commands;

/// <summary><c>reward eval</c>: pairwise accuracy of the reward agent.</summary>
public sealed class EvalCommand : ICliCommand
{
    public string Name => "eval";
    public string Summary => "pairwise accuracy of the reward agent on preference data (resumable)";
    public string Usage => """
        reward eval --dataset PATH [--dataset PATH ...] [--out DIR] [options]

          --dataset PATH     pairwise data: JSON array or JSONL of {text_chosen, text_rejected, id, domain} (repeatable)
          --out DIR          output folder (default out/eval): results_grouped.json, scores.jsonl, run.json, run.db
          --profile NAME     verifiers-only (default), tiny, full
          --config FILE      engine config (JSON); its profile unless --profile is given
          --seed N           A/B order and sampling seed (default: the config's seed, 42)
          --limit N          first N pairs only
          --ties half|strict a tie scores 0.5 (default, the original) or 0 (RewardBench)
          --order random|both  one seeded A/B order per pair, or both orders scored as their mean
          --threads N        pairs in flight at once (default: cores)
        A run killed at any point continues when started again with the same arguments.
        """;

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var datasets = args.Strings("dataset");
        var config = ConfigResolver.Resolve(args.String("profile"), args.String("config"), TinyProfile.Make);
        var options = new EvalOptions
        {
            Datasets = datasets.Count > 0 ? datasets : throw new UsageException("--dataset is required (repeatable)"),
            OutputDirectory = Path.GetFullPath(args.String("out") ?? Path.Combine("out", "eval")),
            Seed = args.Int("seed", config.Seed),
            Limit = args.OptionalInt("limit", min: 1),
            Ties = args.Choice("ties", "half", "half", "strict") == "half" ? TiePolicy.Half : TiePolicy.Strict,
            Order = args.Choice("order", "random", "random", "both") == "random" ? OrderMode.Random : OrderMode.Both,
            Threads = args.Int("threads", Environment.ProcessorCount, min: 1, max: 256),
        };
        args.EnsureAllUsed();

        var report = await new PairwiseEvaluator(config, options, Console.Out, ProgressReporter.ForConsole("pairs"))
            .RunAsync(cancellationToken);
        Print(report, Console.Out);
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
        o.WriteLine($"results: {Path.Combine(report.OutputDirectory, "results_grouped.json")}");
        o.WriteLine(string.Format(ci, "overall: {0:0.0000}", report.Overall));
    }

    private static string FormatPoints(double p) =>
        p == Math.Floor(p) ? ((long)p).ToString(CultureInfo.InvariantCulture) : p.ToString("0.0", CultureInfo.InvariantCulture);
}
