using System.Text.Json.Nodes;
using RewardEngine.Agent;

namespace RewardEngine.Jobs.BestOfN;

/// <summary>
/// <c>reward merge</c> of <c>reward bon --shard K/N</c> folders: checks the N shards are one finished run, reads the
/// input named in their run.json (it must still hash the same: the records hold signals and picks, the input the
/// texts and IFEval ids the files and the accuracy table need), and writes every file of the run byte-identical to an
/// unsharded run, with a run.db the unsharded command resumes in full.
/// </summary>
public static class BestOfNShardMerge
{
    /// <summary>run.json's <c>"kind"</c> of a best-of-n run.</summary>
    public const string Kind = "bon";

    public static async Task<BestOfNReport> MergeAsync(IReadOnlyList<string> shardFolders, string outputDirectory, bool overwrite, TextWriter log,
        CancellationToken cancellationToken)
    {
        var merged = ShardMerge.Load<BestOfNRecord>(shardFolders, r => r.Signals is not null && r.Picks is not null, "prompt");
        var description = ShardMerge.FinishedDescription(merged, "prompts", "prompt");
        var rows = PromptRunDescription.ReadInput(description, merged, cancellationToken);
        var options = new BestOfNOptions(description["input"]!["file"]!.GetValue<string>(), Path.GetFullPath(outputDirectory),
            Ints(description["n"]), Strings(description["selectors"]), description["agent"]?.GetValue<string>() ?? "weighted_sum",
            description["games"]?.GetValue<int?>(), Enum.Parse<MultiAnswerMode>(description["gameScoring"]?.GetValue<string>() ?? nameof(MultiAnswerMode.Average)),
            description["seed"]?.GetValue<int>() ?? 42, 1);
        log.WriteLine($"merging best-of-n run {merged.RunKey}: {merged.Records.Count} prompt(s) from {merged.Shards.Count} shard(s)");
        BestOfNReport? report = null;
        await ShardMerge.CommitAsync(merged, new JobRunOptions { OutputDirectory = options.OutputDirectory, Overwrite = overwrite, Log = log },
            (run, set) => report = BestOfNOutputs.Add(set, rows, run.Records, options, description,
                new BestOfNOutputs.Work(new CacheCounts(0, 0), 0, run.Records.Count, 0), log),
            cancellationToken);
        return report!;
    }

    private static List<int> Ints(JsonNode? node) => node is JsonArray a ? [.. a.Select(x => x!.GetValue<int>())] : [];

    private static List<string> Strings(JsonNode? node) => node is JsonArray a ? [.. a.Select(x => x!.GetValue<string>())] : [];
}
