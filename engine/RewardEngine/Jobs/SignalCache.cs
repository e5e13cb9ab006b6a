using System.Collections.Concurrent;
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
/// the signal store, so every n of best-of-n, every rerun and every resumed or replaced run reuses it. It sits under
/// the runner's items (one prompt each): the run store keeps what a run decided, this cache what any run computed.
/// Factuality compares answers with each other and is not a per-response signal, so it is left out here.
/// </summary>
public sealed class SignalCache(SignalStore store, PointwiseScorer scorer, string configKey)
{
    // One computation per key for the whole process: two prompts of a run holding the same (prompt, response), scored
    // at the same time, share it, so the computed/reused counts do not depend on timing.
    private readonly ConcurrentDictionary<string, Lazy<Task<ResponseSignals>>> _pending = new();
    private int _computed, _reused;

    /// <summary>The cache key of a config: its JSON and the model files it names.</summary>
    public static string ConfigKey(EngineConfig config) => JobKeys.Of("signals-v2", config.ToJson(),
        JobKeys.OfModelFile(config.Resolve(config.RewardModel.Config)), JobKeys.OfModelFile(config.Resolve(config.Llm.Planner)));

    /// <summary>Signals computed by this process, and signals it took from the store or from a computation it shared.</summary>
    public CacheCounts Counts => new(Volatile.Read(ref _computed), Volatile.Read(ref _reused));

    public Task<ResponseSignals> GetAsync(string prompt, string response, CancellationToken cancellationToken)
    {
        var key = JobKeys.Of(configKey, prompt, response);
        var mine = new Lazy<Task<ResponseSignals>>(() => LoadOrComputeAsync(key, prompt, response, cancellationToken));
        var entry = _pending.GetOrAdd(key, mine);
        if (!ReferenceEquals(entry, mine)) Interlocked.Increment(ref _reused);
        return entry.Value;
    }

    /// <summary>The signals of the first <paramref name="upTo"/> responses of <paramref name="row"/>, in order.</summary>
    public async Task<IReadOnlyList<ResponseSignals>> ScoreRowAsync(ResponseRow row, int upTo, CancellationToken cancellationToken)
    {
        var signals = new List<ResponseSignals>();
        foreach (var response in row.Responses.Take(upTo)) signals.Add(await GetAsync(row.Prompt, response, cancellationToken));
        return signals;
    }

    private async Task<ResponseSignals> LoadOrComputeAsync(string key, string prompt, string response, CancellationToken cancellationToken)
    {
        if (store.Cached(key) is { } hit)
        {
            Interlocked.Increment(ref _reused);
            return JsonSerializer.Deserialize<ResponseSignals>(hit, OutputJson.Options)!;
        }
        var result = await scorer.ScoreAsync(RewardQuery.FromInstruction(prompt, response), cancellationToken);
        var cost = result.Cost;
        var signals = new ResponseSignals(result.Signals.Select(s => new ResponseSignal(s.Name, s.Kind, s.Scores[0], s.Scale)).ToList(),
            result.Errors.Select(e => $"{e.Name}: {e.Message}").ToList()) { Cost = cost };
        store.Cache(key, JsonSerializer.Serialize(signals, OutputJson.Options));
        Interlocked.Increment(ref _computed);
        return signals;
    }
}
