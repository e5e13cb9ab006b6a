using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Diagnostics;
using RewardEngine.Jobs;
using RewardEngine.Scoring;
using RewardEngine.Storage;

namespace RewardEngine.Evaluation;

/// <summary>
/// <c>reward eval</c> on RewardBench 2 style rows (a prompt, several correct and incorrect answers): each row is
/// judged with all its answers at once (<see cref="ListwiseEvalJob"/> on the <see cref="JobRunner"/>: resumable,
/// sharded, parallel). A subset's score is the mean of its rows' 1/(answers tied at the maximum) when a correct answer
/// has the maximum; the Ties subset has its own rule (<see cref="ListwiseScoring.TiesScore"/>); overall is the mean
/// of the subsets' scores, as RewardBench 2 reports it. Rows with a <c>ranking</c> also report Kendall's tau-b.
/// </summary>
public sealed class ListwiseEvaluator(EngineConfig config, EvalOptions options, TextWriter log, ProgressReporter? progress = null,
    Func<AgentContext, RewardAgent>? agentFactory = null)
{
    public async Task<EvalReport> RunAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        config.Validate();
        if (options.Order == OrderMode.Both)
            throw new UsageException("--order both: listwise rows are shown once, in a seeded shuffle of their answers; use --order random");
        await using var job = new ListwiseEvalJob(config, options, log, agentFactory);
        job.Prepare(); // on the other cores, while this one reads the data
        var datasets = files.Select(f => ListwiseLoader.Load(f, cancellationToken)).ToList();
        foreach (var w in datasets.SelectMany(d => d.Warnings)) log.WriteLine("warning: " + w);
        var items = JobItems.FromFiles(datasets.Select(d => (d.Items, d.File)), options.Limit, (row, file) => new EvalRow(row, file));
        log.WriteLine($"loaded {items.Count} listwise row(s) from {datasets.Count} file(s); profile {ConfigNames.Of(config.Profile)}, judger {ConfigNames.Of(config.Judger.Kind)}, seed {options.Seed}" +
                      (options.Shard is { } s ? $"; shard {s}" : ""));
        var key = new RunKeyParts(config.ToJson(), ["listwise"], options.Seed, [.. datasets.Select(d => d.Sha256)], [.. ResultWriter.ModelFiles(config)]);
        EvalReport? report = null;
        await JobRunner.RunAsync(job, items, key,
            options.RunOptions(log, progress),
            (run, set) =>
            {
                report = Summarise(run.Records, options, run.RunKey, run.Resumed, run.ItemsPerSecond);
                Write(set, report, run.Records, datasets, run.Models);
            }, cancellationToken);
        PairwiseEvaluator.WarnWhenNothingMeasured(report!.Summary, log);
        return report;
    }

    /// <summary>Whether a subset is scored by the Ties rule.</summary>
    public static bool IsTies(string subset) => subset.Equals("ties", StringComparison.OrdinalIgnoreCase);

    internal static EvalReport Summarise(IReadOnlyList<ListwiseRecord> records, EvalOptions options, string runKey, int resumed, double rate)
    {
        var subsets = records.GroupBy(r => r.Subset).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var score = IsTies(g.Key) ? ListwiseScoring.TiesScore(g.Select(r => (r.Id, (IReadOnlyList<double>)r.Scores, r.NumCorrect))) : g.Average(r => r.Result);
            return new SubsetScore(g.Key, score * g.Count(), g.Count());
        }).ToList();
        var taus = records.Where(r => r.TauB is not null).Select(r => r.TauB!.Value).ToList();
        var cost = LlmCost.Sum(records.Select(r => r.Cost));
        var summary = new EvalSummary
        {
            Pairs = records.Count,
            EvaluatedNow = records.Count - resumed,
            Resumed = resumed,
            PairsPerSecond = rate,
            AnswersScored = records.SelectMany(r => r.Signals).GroupBy(s => s.Name).ToDictionary(g => g.Key, g => (long)g.Sum(s => s.Scores.Length)),
            Errors = records.SelectMany(r => r.Errors).GroupBy(e => e.Name).ToDictionary(g => g.Key, g => (long)g.Count()),
            LlmCalls = cost.Calls,
            GeneratedTokens = cost.GeneratedTokens,
            LlmParseFailures = cost.ParseFailures,
            Ties = records.Count(r => r.Best is null),
            NoSignalPairs = records.Count(r => r.Signals.Count == 0),
            Shard = options.Shard?.ToString(),
            KendallTauB = taus.Count > 0 ? taus.Average() : null,
        };
        var overall = subsets.Count == 0 ? 0 : subsets.Average(s => s.Accuracy);
        return new EvalReport(subsets, overall, summary, runKey, options.OutputDirectory);
    }

    private void Write(OutputSet set, EvalReport report, IReadOnlyList<ListwiseRecord> records, IReadOnlyList<ListwiseDataset> datasets, IReadOnlyList<ModelFileHash> models)
    {
        var run = new JsonObject
        {
            ["engine"] = "RewardEngine",
            ["version"] = EngineInfo.Version,
            ["runKey"] = report.RunKey,
            ["kind"] = EvalShardMerge.ListwiseKind,
            ["config"] = new JsonObject { ["source"] = config.Source, ["profile"] = ConfigNames.Of(config.Profile), ["sha256"] = FileHashes.Sha256OfText(config.ToJson()) },
            ["datasets"] = new JsonArray(datasets.Select(d => (JsonNode)new JsonObject { ["file"] = Path.GetFullPath(d.File), ["sha256"] = d.Sha256, ["rows"] = d.Items.Count }).ToArray()),
            ["models"] = new JsonArray(models.Select(m => (JsonNode)new JsonObject { ["key"] = m.Key, ["path"] = m.Path, ["sha256"] = m.Sha256 }).ToArray()),
            ["seed"] = options.Seed,
            ["limit"] = options.Limit,
            ["rule"] = "RewardBench 2: a row scores 1/(answers tied at the maximum) when a correct answer has the maximum; Ties by its own rule; overall is the mean of the subsets",
        };
        if (options.Shard is { } shard) run["shard"] = shard.ToString();
        ResultWriter.AddRecords(set, report, records, null, run);
    }
}
