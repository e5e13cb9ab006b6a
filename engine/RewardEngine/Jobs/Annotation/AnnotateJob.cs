using System.Diagnostics;
using RewardEngine.Configuration;
using RewardEngine.Evaluation;
using RewardEngine.Serialization;
using RewardEngine.Storage;

namespace RewardEngine.Jobs.Annotation;

/// <summary>
/// <c>reward annotate</c>: preference pairs for DPO from N responses per prompt. Each response gets the agent's
/// pointwise reward (the weighted mean of its signals on the common [0, 1] scale); chosen = the best, rejected =
/// the worst (first on ties), or every pair whose gap reaches the margin (<see cref="AnnotateOptions.AllPairs"/>).
/// A prompt whose best and worst tie gives no pair and is counted.
/// <para>
/// A job on the <see cref="JobRunner"/> (<see cref="AnnotatePromptJob"/>, one item per prompt) in <c>OUT.run/</c>:
/// run.db holds each prompt's signals (keyed on config, seed and input: format, margin and pair mode only shape the
/// output, so changing them resumes every prompt), signals.db every signal any run there computed (another input with
/// responses in common computes only the new ones; replacing the run loses no computation, so it is not refused).
/// The output file is written whole, in input order, once every prompt is done.
/// </para>
/// </summary>
public sealed class AnnotateJob(EngineConfig config, AnnotateOptions options, TextWriter log, ProgressReporter progress)
{
    public async Task<AnnotateReport> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        config.Validate();
        var rows = ResponseRow.Read(options.Input, cancellationToken);
        var output = Path.GetFullPath(options.Output);
        OutputText.CheckWritable(output);
        // The output file is written after the runner lets its folder go: this lock covers the whole job.
        using var _ = ExclusiveLock.ForFile(output, "output file", "wait for it to end, or choose another --out");
        var folder = output + ".run";
        var key = new RunKeyParts(config.ToJson(), ["annotate-v1"], options.Seed, [FileHashes.Sha256(options.Input)], [.. ResultWriter.ModelFiles(config)]);
        await using var job = new AnnotatePromptJob(config, options.Seed, folder, log);
        var run = await JobRunner.RunAsync(job, rows.Select((r, i) => new JobItem<ResponseRow>(i, r)).ToList(), key,
            new JobRunOptions { OutputDirectory = folder, Threads = options.Threads, Shard = options.Shard, Overwrite = true, Log = log, Progress = progress },
            null, cancellationToken);

        var weights = ScoringSession.WeightsOf(config);
        int ties = 0, belowMargin = 0, pairs = 0;
        var lines = new List<string>();
        foreach (var record in run.Records)
        {
            var rewards = record.Signals.Select(s => s.Reward(k => weights[k])).ToList();
            var chosen = PreferencePairs.Of(rewards, options.MinMargin, options.AllPairs, out var tie, out var below);
            if (tie) ties++;
            belowMargin += below;
            pairs += chosen.Count;
            lines.AddRange(PairRows.For(options.Format, rows[record.Index], record.Signals, chosen).Select(r => r.ToJsonString(OutputJson.Options)));
        }
        await OutputText.WriteLinesAsync(output, lines, cancellationToken);
        var counts = job.SignalCounts;
        var signals = run.Records.Sum(r => r.Signals.Count);
        return new AnnotateReport(run.Records.Count, pairs, ties, belowMargin, counts.Computed, signals - counts.Computed,
            run.Records.Sum(r => r.Signals.Count(s => s.Errors.Count > 0)), options.Format.ToString().ToLowerInvariant(), clock.Elapsed.TotalSeconds, output)
        {
            RunKey = run.RunKey, Resumed = run.Resumed, Cost = run.Cost, Shard = options.Shard?.ToString(),
        };
    }
}
