using RewardEngine.Configuration;
using RewardEngine.Evaluation;

namespace RewardEngine.Jobs.BestOfN;

/// <summary>
/// <c>reward bon</c>'s job on the <see cref="JobRunner"/>: one item per prompt row. Its signals come through the
/// <see cref="SignalCache"/> (computed once per response, whatever n, run or shard asks for them again), then every
/// rule picks among the first n responses for every n. The signal store and the agent's models are opened only when
/// an item has to run, so a finished run's rerun loads nothing.
/// </summary>
internal sealed class BestOfNPromptJob(EngineConfig config, BestOfNOptions options, string folder, TextWriter log)
    : IJob<ResponseRow, BestOfNRecord>, IAsyncDisposable
{
    private SignalStore? _store;
    private ScoringSession? _session;
    private List<IResponseSelector>? _selectors;
    private int _gamesPlayed;

    public string Name => "bon";
    public string Noun => "prompt";

    private int MaxN => options.Ns.Max();

    /// <summary>Signals computed and reused by this process (zero when every prompt was in the run store).</summary>
    public CacheCounts SignalCounts => _session?.Signals.Counts ?? new CacheCounts(0, 0);

    /// <summary>LLM games asked of the LLM by this process.</summary>
    public int GamesPlayed => Volatile.Read(ref _gamesPlayed);

    public ValueTask StartAsync(CancellationToken cancellationToken)
    {
        _store = SignalStore.Open(Path.Combine(folder, BestOfNJob.SignalsFile));
        _session = ScoringSession.Open(config, _store, folder, options.Seed, log);
        _selectors = options.Selectors.Select(name => ResponseSelectors.Create(name, _session, _store, options)).ToList();
        return ValueTask.CompletedTask;
    }

    public async Task<BestOfNRecord> RunAsync(ResponseRow row, int index, CancellationToken cancellationToken)
    {
        var (session, selectors) = (_session, _selectors) is ({ } s, { } r) ? (s, r) : throw new InvalidOperationException("StartAsync first");
        var signals = await session.Signals.ScoreRowAsync(row, MaxN, cancellationToken);
        var input = new SelectionInput(index, row, signals);
        var picks = new List<BestOfNPicks>();
        var games = new Dictionary<string, GameUse>();
        foreach (var n in options.Ns)
        {
            var picked = new Dictionary<string, int>();
            foreach (var selector in selectors)
            {
                var selection = await selector.SelectAsync(input, n, cancellationToken);
                picked[selector.Name] = selection.Index;
                // A game that decides at n = 4 and at n = 8 is one game: played (or not) the first time it is used.
                foreach (var game in selection.Games) games.TryAdd(game.Key, game);
            }
            picks.Add(new BestOfNPicks(n, picked));
        }
        Interlocked.Add(ref _gamesPlayed, games.Values.Count(g => g.PlayedNow));
        var cost = LlmCost.Sum(signals.Select(s => s.Cost)) + LlmCost.Sum(games.Values.Select(g => g.Cost));
        return new BestOfNRecord(index, signals, picks, games.Count, cost);
    }

    public bool IsWhole(BestOfNRecord stored) =>
        stored.Signals is { } signals && signals.Count == MaxN && signals.All(s => s?.Signals is not null)
        && stored.Picks is { } picks && picks.Select(p => p.N).SequenceEqual(options.Ns)
        && picks.All(p => p.Picked is { } picked && options.Selectors.All(picked.ContainsKey));

    public async ValueTask DisposeAsync()
    {
        if (_session is not null) await _session.DisposeAsync();
        _store?.Dispose();
    }
}
