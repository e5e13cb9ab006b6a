using RewardEngine.Jobs;

namespace RewardEngine.Evaluation;

/// <summary>
/// <c>reward merge</c> of <c>reward eval --shard K/N</c> folders, pairwise or listwise (run.json's <c>"kind"</c> says
/// which): checks each shard finished (its run.json reports every item its store holds), then writes
/// results_grouped.json, scores.jsonl and run.json byte-for-byte as one unsharded run would (same records, same
/// order, same run key), and a run store an unsharded rerun resumes.
/// </summary>
public static class EvalShardMerge
{
    /// <summary>run.json's <c>"kind"</c> of a listwise eval.</summary>
    public const string ListwiseKind = "listwise";

    public static Task<EvalReport> MergeAsync(IReadOnlyList<string> shardFolders, string outputDirectory, bool overwrite, TextWriter log,
        CancellationToken cancellationToken) =>
        shardFolders.Count > 0 && ShardMerge.KindOf(shardFolders[0]) == ListwiseKind
            ? MergeListwiseAsync(shardFolders, outputDirectory, overwrite, log, cancellationToken)
            : MergePairwiseAsync(shardFolders, outputDirectory, overwrite, log, cancellationToken);

    private static async Task<EvalReport> MergePairwiseAsync(IReadOnlyList<string> shardFolders, string outputDirectory, bool overwrite, TextWriter log,
        CancellationToken cancellationToken)
    {
        var merged = ShardMerge.Load<PairRecord>(shardFolders, r => r.Games is not null && r.Id is not null, "pair");
        var description = ShardMerge.FinishedDescription(merged, "pairs", "pair");
        var options = Options(description, outputDirectory, overwrite) with
        {
            Ties = Enum.Parse<TiePolicy>(description["ties"]?.GetValue<string>() ?? "half", ignoreCase: true),
            Order = Enum.Parse<OrderMode>(description["order"]?.GetValue<string>() ?? "random", ignoreCase: true),
        };
        log.WriteLine($"merging run {merged.RunKey}: {merged.Records.Count} pair(s) from {merged.Shards.Count} shard(s)");
        EvalReport? report = null;
        await ShardMerge.CommitAsync(merged, new JobRunOptions { OutputDirectory = options.OutputDirectory, Overwrite = overwrite, Log = log },
            (run, set) =>
            {
                report = PairwiseEvaluator.Summarise(run.Records, options, run.RunKey, run.Records.Count, 0, options.OutputDirectory);
                ResultWriter.Add(set, report, run.Records, options.Ties, description);
            }, cancellationToken);
        PairwiseEvaluator.WarnWhenNothingMeasured(report!.Summary, log);
        return report;
    }

    private static async Task<EvalReport> MergeListwiseAsync(IReadOnlyList<string> shardFolders, string outputDirectory, bool overwrite, TextWriter log,
        CancellationToken cancellationToken)
    {
        var merged = ShardMerge.Load<ListwiseRecord>(shardFolders, ListwiseEvalJob.IsWholeRecord, "row");
        // The summary counts listwise rows as "pairs" too (one EvalSummary for both kinds).
        var description = ShardMerge.FinishedDescription(merged, "pairs", "row");
        var options = Options(description, outputDirectory, overwrite);
        log.WriteLine($"merging listwise run {merged.RunKey}: {merged.Records.Count} row(s) from {merged.Shards.Count} shard(s)");
        EvalReport? report = null;
        await ShardMerge.CommitAsync(merged, new JobRunOptions { OutputDirectory = options.OutputDirectory, Overwrite = overwrite, Log = log },
            (run, set) =>
            {
                report = ListwiseEvaluator.Summarise(run.Records, options, run.RunKey, run.Records.Count, 0);
                ResultWriter.AddRecords(set, report, run.Records, null, description);
            }, cancellationToken);
        PairwiseEvaluator.WarnWhenNothingMeasured(report!.Summary, log);
        return report;
    }

    /// <summary>The merged run's options, from the shards' description (their seed and limit; unsharded).</summary>
    private static EvalOptions Options(System.Text.Json.Nodes.JsonObject description, string outputDirectory, bool overwrite) => new()
    {
        Datasets = [],
        OutputDirectory = Path.GetFullPath(outputDirectory),
        Seed = description["seed"]?.GetValue<int>() ?? 42,
        Limit = description["limit"]?.GetValue<int?>(),
        Overwrite = overwrite,
    };
}
