using RewardEngine.Agent;
using RewardEngine.Agent.Judgers;
using RewardEngine.Models.Llm;

namespace RewardEngine.Jobs.BestOfN;

/// <summary>
/// The LLM judger as the paper runs it for best-of-n: pairwise games between responses, folded by average score
/// or Elo (<see cref="MultiAnswer"/>); the highest wins, the first on a tie. With <c>games</c> set, a prompt plays
/// that many games instead of all n(n-1)/2. Which pairs play, and which response is shown first, depend on the
/// seed, the prompt and the pair only, never on n: a pair that plays at n = 4 plays at n = 8 too, and each game's
/// verdict is kept in the signal store, so larger n and reruns replay it instead of asking the LLM again.
/// </summary>
public sealed class LlmGamesSelector(ITextGenerator planner, SignalStore store, string configKey, MultiAnswerMode mode, int? games, int seed) : IResponseSelector
{
    private int _played, _reused;
    private Evaluation.LlmCost _playedCost = Evaluation.LlmCost.Zero;

    public string Name => "llm";

    /// <summary>Games asked of the LLM, and games replayed from the store.</summary>
    public CacheCounts Counts => new(Volatile.Read(ref _played), Volatile.Read(ref _reused));

    /// <summary>The LLM cost of the games played in this run (replayed games cost nothing now).</summary>
    public Evaluation.LlmCost PlayedCost { get { lock (_costGate) return _playedCost; } }

    private readonly Lock _costGate = new();

    public async Task<Selection> SelectAsync(SelectionInput input, int n, CancellationToken cancellationToken)
    {
        var promptSeed = (int)SampleSeeds.Of(seed, input.PromptIndex, 0);
        var pairs = new List<(int First, int Second, uint Order)>();
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                var h = SampleSeeds.Of(promptSeed, i, j);
                pairs.Add((h & 1) == 0 ? (i, j, h) : (j, i, h));
            }
        var schedule = pairs.OrderBy(p => p.Order).Take(games ?? pairs.Count).ToList();
        var comparisons = new List<PairComparison>();
        var cost = Evaluation.LlmCost.Zero;
        foreach (var (first, second, _) in schedule)
        {
            var (winner, gameCost) = await PlayAsync(input, first, second, promptSeed, cancellationToken);
            cost += gameCost;
            comparisons.Add(new PairComparison(first, second, winner == 0 ? 1 : winner == 1 ? 0 : 0.5, winner == 1 ? 1 : winner == 0 ? 0 : 0.5));
        }
        var scores = mode == MultiAnswerMode.Elo ? MultiAnswer.Elo(n, comparisons) : MultiAnswer.Average(n, comparisons);
        return new Selection(Judgment.Top(scores)[0]) { Cost = cost };
    }

    /// <summary>
    /// One game, response <paramref name="a"/> shown first: 0 when it wins, 1 when <paramref name="b"/> does, -1 on a
    /// tie; and its cost when played. The store keeps both, so a replay reports the game's cost again.
    /// </summary>
    private async Task<(int Winner, Evaluation.LlmCost Cost)> PlayAsync(SelectionInput input, int a, int b, int promptSeed, CancellationToken cancellationToken)
    {
        var (ra, rb) = (input.Row.Responses[a], input.Row.Responses[b]);
        var key = JobKeys.Of(configKey, "game-v1", promptSeed.ToString(), input.Row.Prompt, ra, rb);
        if (store.Cached(key) is { } hit) { Interlocked.Increment(ref _reused); return ParseGame(hit); }
        var signals = input.Signals[a].Signals
            .Where(s => input.Signals[b].Signals.Any(t => t.Name == s.Name))
            .Select(s => new SignalResult(s.Name, s.Kind, [s.Score, input.Signals[b].Signals.First(t => t.Name == s.Name).Score], "per-response signal") { Scale = s.Scale })
            .ToList();
        var judgment = await new LlmJudger(planner, unchecked((uint)promptSeed)).JudgeAsync(
            new RewardQuery([Data.ChatMessage.User(input.Row.Prompt)], [ra, rb]), signals, cancellationToken);
        var winner = judgment.Best ?? -1;
        var c = judgment.Cost;
        store.Cache(key, string.Join(' ', new long[] { winner, c.Calls, c.GeneratedTokens, c.ParseFailures, c.PromptTokens }));
        Interlocked.Increment(ref _played);
        lock (_costGate) _playedCost += c;
        return (winner, c);
    }

    // "winner calls generated parseFailures promptTokens"; a game stored before costs were kept is the winner alone.
    private static (int Winner, Evaluation.LlmCost Cost) ParseGame(string stored)
    {
        var f = stored.Split(' ').Select(x => long.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return f.Length < 5 ? ((int)f[0], Evaluation.LlmCost.Zero) : ((int)f[0], new Evaluation.LlmCost(f[1], f[2], f[3]) { PromptTokens = f[4] });
    }
}
