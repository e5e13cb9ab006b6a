using System.Text.Json;
using RewardEngine.Agent;
using RewardEngine.Agent.Judgers;
using RewardEngine.Evaluation;
using RewardEngine.Models.Llm;
using RewardEngine.Serialization;

namespace RewardEngine.Jobs.BestOfN;

/// <summary>
/// The LLM judger as the paper runs it for best-of-n: pairwise games between responses, folded by average score
/// or Elo (<see cref="MultiAnswer"/>); the highest wins, the first on a tie. With <c>games</c> set, a prompt plays
/// that many games instead of all n(n-1)/2. Which pairs play, and which response is shown first, depend on the
/// seed, the prompt and the pair only, never on n: a pair that plays at n = 4 plays at n = 8 too, and each game's
/// verdict and cost are kept in the signal store, so larger n and reruns replay it instead of asking the LLM again.
/// </summary>
public sealed class LlmGamesSelector(ITextGenerator planner, SignalStore store, string configKey, MultiAnswerMode mode, int? games, int seed) : IResponseSelector
{
    /// <summary>A game's verdict as cached: 0 when the first shown wins, 1 when the second does, -1 on a tie.</summary>
    private sealed record CachedGame(int Winner, LlmCost Cost);

    public string Name => "llm";

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
        var used = new List<GameUse>();
        foreach (var (first, second, _) in schedule)
        {
            var (winner, use) = await PlayAsync(input, first, second, promptSeed, cancellationToken);
            used.Add(use);
            comparisons.Add(new PairComparison(first, second, winner == 0 ? 1 : winner == 1 ? 0 : 0.5, winner == 1 ? 1 : winner == 0 ? 0 : 0.5));
        }
        var scores = mode == MultiAnswerMode.Elo ? MultiAnswer.Elo(n, comparisons) : MultiAnswer.Average(n, comparisons);
        return new Selection(Judgment.Top(scores)[0], used);
    }

    /// <summary>One game, response <paramref name="a"/> shown first: its winner (0: a, 1: b, -1: a tie) and its use.</summary>
    private async Task<(int Winner, GameUse Use)> PlayAsync(SelectionInput input, int a, int b, int promptSeed, CancellationToken cancellationToken)
    {
        var (ra, rb) = (input.Row.Responses[a], input.Row.Responses[b]);
        var key = JobKeys.Of(configKey, "game-v2", promptSeed.ToString(System.Globalization.CultureInfo.InvariantCulture), input.Row.Prompt, ra, rb);
        if (store.Cached(key) is { } hit && JsonSerializer.Deserialize<CachedGame>(hit, OutputJson.Options) is { } cached)
            return (cached.Winner, new GameUse(key, cached.Cost, PlayedNow: false));
        var signals = input.Signals[a].Signals
            .Where(s => input.Signals[b].Signals.Any(t => t.Name == s.Name))
            .Select(s => new SignalResult(s.Name, s.Kind, [s.Score, input.Signals[b].Signals.First(t => t.Name == s.Name).Score], "per-response signal") { Scale = s.Scale })
            .ToList();
        var judgment = await new LlmJudger(planner, unchecked((uint)promptSeed)).JudgeAsync(
            new RewardQuery([Data.ChatMessage.User(input.Row.Prompt)], [ra, rb]), signals, cancellationToken);
        var cost = judgment.Cost;
        var winner = judgment.Best ?? -1;
        store.Cache(key, JsonSerializer.Serialize(new CachedGame(winner, cost), OutputJson.Options));
        return (winner, new GameUse(key, cost, PlayedNow: true));
    }
}
