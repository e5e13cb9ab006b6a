using RewardEngine.Configuration;
using RewardEngine.Evaluation;

namespace RewardEngine.Jobs.Annotation;

/// <summary>
/// <c>reward annotate</c>'s job on the <see cref="JobRunner"/>: one item per prompt row, its record the signals of
/// every response through the <see cref="SignalCache"/>. The signal store and the agent's models are opened only
/// when an item has to run.
/// </summary>
internal sealed class AnnotatePromptJob(EngineConfig config, int seed, string folder, TextWriter log) : IJob<ResponseRow, AnnotateRecord>, IAsyncDisposable
{
    /// <summary>The signal store's file in the run folder.</summary>
    public const string SignalsFile = "signals.db";

    private SignalStore? _store;
    private ScoringSession? _session;

    public string Name => "annotate";
    public string Noun => "prompt";

    /// <summary>Signals computed and reused by this process (zero when every prompt was in the run store).</summary>
    public CacheCounts SignalCounts => _session?.Signals.Counts ?? new CacheCounts(0, 0);

    public ValueTask StartAsync(CancellationToken cancellationToken)
    {
        _store = SignalStore.Open(Path.Combine(folder, SignalsFile));
        _session = ScoringSession.Open(config, _store, Path.GetDirectoryName(folder)!, seed, log);
        return ValueTask.CompletedTask;
    }

    public async Task<AnnotateRecord> RunAsync(ResponseRow row, int index, CancellationToken cancellationToken)
    {
        var session = _session ?? throw new InvalidOperationException("StartAsync first");
        var signals = await session.Signals.ScoreRowAsync(row, int.MaxValue, cancellationToken);
        var rewards = signals.Select(s => s.Reward(k => session.Weights[k])).ToList();
        return new AnnotateRecord(index, signals, rewards, LlmCost.Sum(signals.Select(s => s.Cost)));
    }

    public bool IsWhole(AnnotateRecord stored) => IsWholeRecord(stored);

    /// <summary>Whether a stored record is whole (here and in <c>reward merge</c>).</summary>
    internal static bool IsWholeRecord(AnnotateRecord stored) =>
        stored.Signals is { } s && s.All(x => x?.Signals is not null) && stored.Rewards is { } r && r.Count == s.Count;

    public async ValueTask DisposeAsync()
    {
        if (_session is not null) await _session.DisposeAsync();
        _store?.Dispose();
    }
}
