using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Diagnostics;
using RewardEngine.Jobs;

namespace RewardEngine.Evaluation;

/// <summary>
/// <c>reward merge</c> of <c>reward eval --shard K/N</c> folders: checks each shard finished (its run.json reports
/// every pair its store holds), then writes results_grouped.json, scores.jsonl and run.json byte-for-byte as one
/// unsharded run would (same records, same order, same run key), and a run store an unsharded rerun resumes.
/// </summary>
public static class EvalShardMerge
{
    public static async Task<EvalReport> MergeAsync(IReadOnlyList<string> shardFolders, string outputDirectory, bool overwrite, TextWriter log,
        CancellationToken cancellationToken)
    {
        var merged = ShardMerge.Load<PairRecord>(shardFolders, r => r.Games is not null && r.Id is not null, "pair");
        JsonObject? description = null;
        foreach (var shard in merged.Shards)
        {
            var run = ReadRunJson(shard.Folder);
            var pairs = run["summary"]?["pairs"]?.GetValue<int>();
            if (run["runKey"]?.GetValue<string>() != merged.RunKey || run["shard"]?.GetValue<string>() != shard.Spec.ToString() || pairs != shard.Records.Count)
                throw new DatasetException(shard.Folder, null, null,
                    $"shard {shard.Spec} has not finished ({shard.Records.Count} pair(s) stored, run.json of {(pairs is null ? "no finished run" : $"{pairs} pair(s)")}): run the same command again to finish it, then merge");
            description ??= run;
        }
        description = (JsonObject)description!.DeepClone();
        foreach (var k in new[] { "summary", "results", "accuracy", "shard" }) description.Remove(k);
        var options = new EvalOptions
        {
            Datasets = [],
            OutputDirectory = Path.GetFullPath(outputDirectory),
            Seed = description["seed"]?.GetValue<int>() ?? 42,
            Limit = description["limit"]?.GetValue<int?>(),
            Ties = Enum.Parse<TiePolicy>(description["ties"]?.GetValue<string>() ?? "half", ignoreCase: true),
            Order = Enum.Parse<OrderMode>(description["order"]?.GetValue<string>() ?? "random", ignoreCase: true),
            Overwrite = overwrite,
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

    private static JsonObject ReadRunJson(string folder)
    {
        var file = Path.Combine(folder, "run.json");
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(file)) as JsonObject
                   ?? throw new DatasetException(file, null, null, "is not a JSON object: not the run.json reward eval writes");
        }
        catch (FileNotFoundException)
        {
            throw new DatasetException(folder, null, null, "holds no run.json: the shard has not finished; run the same command again to finish it, then merge");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new DatasetException(file, null, null, $"is not the run.json reward eval writes ({e.Message.Split('.')[0]})");
        }
    }
}
