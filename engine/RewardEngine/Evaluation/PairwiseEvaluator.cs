using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Jobs;

namespace RewardEngine.Evaluation;

/// <summary>
/// Pairwise accuracy of the reward agent on preference data: loads the datasets (the first <c>--limit</c> pairs of
/// each file), runs <see cref="PairwiseEvalJob"/> on the <see cref="JobRunner"/> (resumable, sharded, parallel), and
/// summarises per subset into results_grouped.json, scores.jsonl and run.json (<see cref="ResultWriter"/>).
/// </summary>
public sealed class PairwiseEvaluator(EngineConfig config, EvalOptions options, TextWriter log, ProgressReporter? progress = null,
    Func<AgentContext, RewardAgent>? agentFactory = null)
{
    public async Task<EvalReport> RunAsync(CancellationToken cancellationToken)
    {
        config.Validate();
        await using var job = new PairwiseEvalJob(config, options, log, agentFactory);
        job.Prepare(); // on the other cores, while this one reads the data
        // Files as given, or NAME[:SUBSET] benchmarks from the data directory (reward data fetch).
        var datasets = DatasetLoader.LoadAll(Data.Catalog.DatasetResolver.Files(options.Datasets, DataKind.Pairwise), cancellationToken);
        foreach (var w in datasets.SelectMany(d => d.Warnings)) log.WriteLine("warning: " + w);
        var items = JobItems.FromFiles(datasets.Select(d => (d.Pairs, d.File)), options.Limit, (pair, file) => new EvalPair(pair, file));
        log.WriteLine($"loaded {items.Count} pair(s) from {datasets.Count} file(s); profile {ConfigNames.Of(config.Profile)}, judger {ConfigNames.Of(config.Judger.Kind)}, router {ConfigNames.Of(config.Router)}, order {options.Order.ToString().ToLowerInvariant()}, seed {options.Seed}" +
                      (options.Shard is { } s ? $"; shard {s}" : ""));

        var configJson = config.ToJson();
        // The run is keyed on config, data and model contents: change any and it is another run.
        var key = new RunKeyParts(configJson, [options.Order.ToString()], options.Seed, [.. datasets.Select(d => d.Sha256)], [.. ResultWriter.ModelFiles(config)]);
        EvalReport? report = null;
        List<PairRecord>? records = null;
        var run = await JobRunner.RunAsync(job, items, key,
            options.RunOptions(log, progress),
            (run, set) =>
            {
                records = [.. run.Records];
                report = Summarise(records, options, run.RunKey, run.Resumed, run.ItemsPerSecond, options.OutputDirectory);
                ResultWriter.Add(set, report, records, options.Ties, ResultWriter.Describe(options, config, datasets, run.Models, report.RunKey));
            }, cancellationToken);
        WarnWhenNothingMeasured(report!.Summary, log);
        SignalFailures.ThrowIfAnySignalFailedEveryPair(records!);
        return report;
    }

    /// <summary>Says, at the end, when the accuracy is only the tie rate.</summary>
    internal static void WarnWhenNothingMeasured(EvalSummary summary, TextWriter log)
    {
        if (!summary.NothingMeasured) return;
        log.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"warning: no verifier applied to {summary.NoSignalPairs:N0} of {summary.Pairs:N0} pairs: the accuracy is the tie rate, not a measurement; run a profile with models (--profile tiny or full)"));
    }

    /// <summary>Whether the pair at <paramref name="index"/> is shown chosen-first: a pure function of seed and index.</summary>
    public static bool ChosenFirst(int seed, int index) => PairwiseEvalJob.ChosenFirst(seed, index);

    /// <summary>Scores per subset and the run's summary, from its records (in item order).</summary>
    internal static EvalReport Summarise(IReadOnlyList<PairRecord> records, EvalOptions options, string runKey, int resumed, double pairsPerSecond, string outputDirectory)
    {
        var subsets = records.GroupBy(r => r.Subset).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SubsetScore(g.Key, g.Sum(r => r.Result(options.Ties)), g.Count())).ToList();
        var overall = records.Count == 0 ? 0 : records.Sum(r => r.Result(options.Ties)) / records.Count;
        var games = records.SelectMany(r => r.Games).ToList();
        var answers = games.SelectMany(g => g.Signals).GroupBy(s => s.Name).ToDictionary(g => g.Key, g => (long)g.Sum(s => s.Scores.Length));
        var errors = games.SelectMany(g => g.Errors).GroupBy(e => e.Name).ToDictionary(g => g.Key, g => (long)g.Count());
        var both = options.Order == OrderMode.Both && records.Count > 0;
        var cost = LlmCost.Sum(records.Select(r => r.Cost));
        var summary = new EvalSummary
        {
            Pairs = records.Count,
            EvaluatedNow = records.Count - resumed,
            Resumed = resumed,
            PairsPerSecond = pairsPerSecond,
            AnswersScored = answers,
            Errors = errors,
            LlmCalls = cost.Calls,
            GeneratedTokens = cost.GeneratedTokens,
            LlmParseFailures = cost.ParseFailures,
            Ties = games.Count(g => g.Picked == "tie"),
            FlipShare = both ? (double)records.Count(r => r.Flipped) / records.Count : null,
            NoSignalPairs = records.Count(r => r.NoSignal),
            JudgeBench = both ? JudgeBenchScores(records) : null,
            Shard = options.Shard?.ToString(),
        };
        return new EvalReport(subsets, overall, summary, runKey, outputDirectory);
    }

    private static Dictionary<string, double> JudgeBenchScores(IReadOnlyList<PairRecord> records)
    {
        var scores = records.GroupBy(r => r.Subset).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Average(r => r.JudgeBenchResult()));
        scores["overall"] = records.Average(r => r.JudgeBenchResult());
        return scores;
    }
}
