using RewardEngine.Storage;

namespace RewardEngine.Jobs.Annotation;

/// <summary>
/// <c>reward merge</c> of <c>reward annotate --shard K/N</c> runs: each shard is named by its output file (or its run
/// folder, <c>F.jsonl.run</c>); the merged pairs file has the bytes of an unsharded run, and its run folder a run.db the
/// unsharded command resumes in full. The pairs are made again from the records (their rewards) and the input the
/// shards read, which must not have changed.
/// </summary>
public static class AnnotateShardMerge
{
    /// <summary>The run folder of a shard given by its output file or by the folder itself.</summary>
    internal static string RunFolderOf(string shard) =>
        Directory.Exists(shard) && File.Exists(Path.Combine(shard, JobRunner.StoreFile)) ? Path.GetFullPath(shard) : AnnotateJob.RunFolderOf(shard);

    /// <summary>Whether <paramref name="shard"/> names an annotate run.</summary>
    internal static bool IsAnnotateRun(string shard) => ShardMerge.KindOf(RunFolderOf(shard)) == AnnotateOutputs.Kind;

    /// <param name="output">The merged pairs file (its run folder is <c>output.run</c>).</param>
    public static async Task<AnnotateReport> MergeAsync(IReadOnlyList<string> shards, string output, bool overwrite, TextWriter log,
        CancellationToken cancellationToken)
    {
        var merged = ShardMerge.Load<AnnotateRecord>([.. shards.Select(RunFolderOf)], AnnotatePromptJob.IsWholeRecord, "prompt");
        var description = ShardMerge.FinishedDescription(merged, "prompts", "prompt");
        var rows = PromptRunDescription.ReadInput(description, merged, cancellationToken);
        var format = Enum.TryParse<PairFormat>(description["format"]?.GetValue<string>(), ignoreCase: true, out var f) ? f : PairFormat.Trl;
        var options = new AnnotateOptions(description["input"]!["file"]!.GetValue<string>(), output, format,
            description["minMargin"]?.GetValue<double>() ?? 0, description["pairs"]?.GetValue<string>() == "all", description["seed"]?.GetValue<int>() ?? 42, 1);
        foreach (var k in new[] { "format", "minMargin", "pairs", "output" }) description.Remove(k);
        output = Path.GetFullPath(output);
        OutputText.CheckWritable(output);
        using var _ = ExclusiveLock.ForFile(output, "output file", "wait for it to end, or choose another --out");
        log.WriteLine($"merging annotate run {merged.RunKey}: {merged.Records.Count} prompt(s) from {merged.Shards.Count} shard(s)");
        (List<string> Lines, AnnotateReport Report)? written = null;
        await ShardMerge.CommitAsync(merged, new JobRunOptions { OutputDirectory = AnnotateJob.RunFolderOf(output), Overwrite = overwrite, Log = log },
            (run, set) => written = AnnotateOutputs.Add(set, rows, run.Records, options, description, new AnnotateOutputs.Work(new CacheCounts(0, 0), run.Records.Count, 0), output),
            cancellationToken);
        await OutputText.WriteLinesAsync(output, written!.Value.Lines, cancellationToken);
        return written.Value.Report;
    }
}
