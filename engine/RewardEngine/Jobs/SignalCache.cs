using System.Text.Json;
using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Serialization;

namespace RewardEngine.Jobs;

/// <summary>What one scoring pass computed and what it found already computed.</summary>
public sealed record CacheCounts(int Computed, int Reused);

/// <summary>
/// Computes every per-response signal (the reward model's score, the share of the instruction's constraints met:
/// the verifiers that mean something for one response alone) once per (prompt, response, config), and keeps it in
/// the signal store, so every n of best-of-n, every rerun and every resumed run reuses it. Factuality compares answers
/// with each other and is not a per-response signal, so it is left out here.
/// </summary>
public sealed class SignalCache(SignalStore store, PointwiseScorer scorer, string configKey)
{
    private int _computed, _reused;

    /// <summary>The cache key of a config: its JSON and the model files it names.</summary>
    public static string ConfigKey(EngineConfig config) => JobKeys.Of("signals-v2", config.ToJson(),
        JobKeys.OfModelFile(config.Resolve(config.RewardModel.Config)), JobKeys.OfModelFile(config.Resolve(config.Llm.Planner)));

    public CacheCounts Counts => new(Volatile.Read(ref _computed), Volatile.Read(ref _reused));

    public async Task<ResponseSignals> GetAsync(string prompt, string response, CancellationToken cancellationToken)
    {
        var key = JobKeys.Of(configKey, prompt, response);
        if (store.Cached(key) is { } hit)
        {
            Interlocked.Increment(ref _reused);
            return JsonSerializer.Deserialize<ResponseSignals>(hit, OutputJson.Options)!;
        }
        var result = await scorer.ScoreAsync(RewardQuery.FromInstruction(prompt, response), cancellationToken);
        var signals = new ResponseSignals(result.Signals.Select(s => new ResponseSignal(s.Name, s.Kind, s.Scores[0], s.Scale)).ToList(),
            result.Errors.Select(e => $"{e.Name}: {e.Message}").ToList());
        store.Cache(key, JsonSerializer.Serialize(signals, OutputJson.Options));
        Interlocked.Increment(ref _computed);
        return signals;
    }

    /// <summary>
    /// The signals of every response of every row (the first <paramref name="upTo"/> of each), at most
    /// <paramref name="threads"/> at once. A (prompt, response) given twice is scored once and counted as reused,
    /// so the counts do not depend on timing.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<ResponseSignals>>> ScoreAllAsync(IReadOnlyList<ResponseRow> rows, int upTo, int threads,
        Action<int, int>? progress, CancellationToken cancellationToken)
    {
        var work = rows.SelectMany((r, p) => r.Responses.Take(upTo).Select(resp => (r.Prompt, Response: resp))).ToList();
        var unique = work.Distinct().ToList();
        Interlocked.Add(ref _reused, work.Count - unique.Count);
        var values = new System.Collections.Concurrent.ConcurrentDictionary<(string Prompt, string Response), ResponseSignals>();
        int done = 0;
        await Parallel.ForEachAsync(unique, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken }, async (w, ct) =>
        {
            values[w] = await GetAsync(w.Prompt, w.Response, ct);
            progress?.Invoke(Interlocked.Increment(ref done), unique.Count);
        });
        return rows.Select(r => (IReadOnlyList<ResponseSignals>)r.Responses.Take(upTo).Select(resp => values[(r.Prompt, resp)]).ToList()).ToList();
    }
}
