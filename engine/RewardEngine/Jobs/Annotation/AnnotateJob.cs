using System.Diagnostics;
using RewardEngine.Configuration;
using RewardEngine.Evaluation;
using RewardEngine.Storage;

namespace RewardEngine.Jobs.Annotation;

/// <summary>
/// <c>reward annotate</c>: preference pairs for DPO from N responses per prompt. Each response gets the agent's
/// pointwise reward (the weighted mean of its signals on the common [0, 1] scale); chosen = the best, rejected =
/// the worst (first on ties), or every pair whose gap reaches the margin (<see cref="AnnotateOptions.AllPairs"/>).
/// A prompt whose best and worst tie gives no pair and is counted.
/// <para>
/// A job on the <see cref="JobRunner"/> (<see cref="AnnotatePromptJob"/>, one item per prompt) in <c>OUT.run/</c>:
/// run.db holds each prompt's signals and rewards (keyed on config, seed and input: format, margin and pair mode only
/// shape the output, so changing them resumes every prompt), signals.db every signal any run there computed (another
/// input with responses in common computes only the new ones; replacing the run loses no computation, so it is not
/// refused). The output file is written whole, in input order, once every prompt is done; <c>--shard K/N</c> writes
/// its prompts' pairs, and <c>reward merge</c> joins the shards (<see cref="AnnotateShardMerge"/>).
/// </para>
/// </summary>
public sealed class AnnotateJob(EngineConfig config, AnnotateOptions options, TextWriter log, ProgressReporter progress)
{
    /// <summary>The run folder of an output file: its run store, signal store and run.json.</summary>
    internal static string RunFolderOf(string output) => Path.GetFullPath(output) + ".run";

    public async Task<AnnotateReport> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        config.Validate();
        var rows = ResponseRow.Read(options.Input, cancellationToken);
        var output = Path.GetFullPath(options.Output);
        OutputText.CheckWritable(output);
        // The output file is written after the runner lets its folder go: this lock covers the whole job.
        using var _ = ExclusiveLock.ForFile(output, "output file", "wait for it to end, or choose another --out");
        var folder = RunFolderOf(output);
        var inputHash = FileHashes.Sha256(options.Input);
        var key = new RunKeyParts(config.ToJson(), ["annotate-v1"], options.Seed, [inputHash], [.. ResultWriter.ModelFiles(config)]);
        await using var job = new AnnotatePromptJob(config, options.Seed, folder, log);
        (List<string> Lines, AnnotateReport Report)? written = null;
        await JobRunner.RunAsync(job, rows.Select((r, i) => new JobItem<ResponseRow>(i, r)).ToList(), key,
            new JobRunOptions { OutputDirectory = folder, Threads = options.Threads, Shard = options.Shard, Overwrite = true, Log = log, Progress = progress },
            (run, set) => written = AnnotateOutputs.Add(set, rows, run.Records, options, PromptRunDescription.Of(AnnotateOutputs.Kind, run.RunKey, config, options.Input, inputHash, rows.Count, run.Models, options.Seed, options.Shard),
                new AnnotateOutputs.Work(job.SignalCounts, run.Resumed, clock.Elapsed.TotalSeconds), output),
            cancellationToken);
        await OutputText.WriteLinesAsync(output, written!.Value.Lines, cancellationToken);
        return written.Value.Report;
    }
}
