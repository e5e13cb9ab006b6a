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
/// A prompt whose best and worst tie gives no pair and is counted. Signals live in the signal store
/// (<c>OUT.signals.db</c>): a killed run recomputes nothing it had finished, and the file is written whole at the end.
/// </summary>
public sealed class AnnotateJob(EngineConfig config, AnnotateOptions options, TextWriter log, ProgressReporter progress)
{
    private const double TieTolerance = 1e-9;

    public async Task<AnnotateReport> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rows = ResponseRow.Read(options.Input, cancellationToken);
        var output = Path.GetFullPath(options.Output);
        OutputText.CheckWritable(output);
        using var _ = ExclusiveLock.ForFile(output, "output file", "wait for it to end, or choose another --out");
        using var store = SignalStore.Open(output + ".signals.db");
        await using var session = ScoringSession.Open(config, store, Path.GetDirectoryName(output)!, options.Seed, log);
        var signals = await session.Signals.ScoreAllAsync(rows, int.MaxValue, options.Threads, (d, t) => progress.Report(d, t), cancellationToken);
        int ties = 0, belowMargin = 0, pairs = 0;
        var lines = new List<string>();
        for (int p = 0; p < rows.Count; p++)
        {
            var rewards = signals[p].Select(s => s.Reward(k => session.Weights[k])).ToList();
            var chosen = new List<PreferencePair>();
            int best = 0, worst = 0;
            for (int i = 1; i < rewards.Count; i++)
            {
                if (rewards[i] > rewards[best] + TieTolerance) best = i;
                if (rewards[i] < rewards[worst] - TieTolerance) worst = i;
            }
            if (rewards[best] - rewards[worst] <= TieTolerance) ties++;
            else if (!options.AllPairs)
            {
                var margin = rewards[best] - rewards[worst];
                if (margin < options.MinMargin) belowMargin++;
                else chosen.Add(new PreferencePair(best, worst, margin));
            }
            else
            {
                for (int i = 0; i < rewards.Count; i++)
                    for (int j = 0; j < rewards.Count; j++)
                    {
                        var margin = rewards[i] - rewards[j];
                        if (margin <= TieTolerance) continue;
                        if (margin < options.MinMargin) belowMargin++;
                        else chosen.Add(new PreferencePair(i, j, margin));
                    }
            }
            pairs += chosen.Count;
            lines.AddRange(PairRows.For(options.Format, rows[p], signals[p], chosen).Select(r => r.ToJsonString(OutputJson.Options)));
        }
        await OutputText.WriteLinesAsync(output, lines, cancellationToken);
        var counts = session.Signals.Counts;
        return new AnnotateReport(rows.Count, pairs, ties, belowMargin, counts.Computed, counts.Reused,
            signals.Sum(r => r.Count(s => s.Errors.Count > 0)), options.Format.ToString().ToLowerInvariant(), clock.Elapsed.TotalSeconds, output);
    }
}
