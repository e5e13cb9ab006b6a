using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Data.Catalog;
using RewardEngine.Diagnostics;

namespace RewardEngine.Evaluation;

/// <summary>
/// <c>reward eval</c>: pairwise data goes to <see cref="PairwiseEvaluator"/>, listwise rows (RewardBench 2 style) to
/// <see cref="ListwiseEvaluator"/>; one run reads one kind.
/// </summary>
public static class Evaluator
{
    public static Task<EvalReport> RunAsync(EngineConfig config, EvalOptions options, TextWriter log, ProgressReporter? progress, CancellationToken cancellationToken)
    {
        var resolved = DatasetResolver.Resolve(options.Datasets);
        var listwise = resolved.SelectMany(r => r.Files.Select(f => (File: f, Listwise: r.Kind is { } k ? k == DataKind.Listwise : File.Exists(f) && ListwiseLoader.IsListwise(f)))).ToList();
        if (!listwise.Any(l => l.Listwise)) return new PairwiseEvaluator(config, options, log, progress).RunAsync(cancellationToken);
        if (listwise.FirstOrDefault(l => !l.Listwise) is { File: { } pairwise })
            throw new UsageException($"{pairwise} holds pairwise data and {listwise.First(l => l.Listwise).File} listwise rows: evaluate each kind in a run of its own");
        return new ListwiseEvaluator(config, options, log, progress).RunAsync([.. listwise.Select(l => l.File)], cancellationToken);
    }
}
