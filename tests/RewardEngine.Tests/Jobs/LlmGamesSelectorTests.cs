using System.Text.Json.Nodes;
using RewardEngine.Agent;
using RewardEngine.Jobs;
using RewardEngine.Jobs.BestOfN;
using RewardEngine.Tests.Llm;

namespace RewardEngine.Tests.Jobs;

/// <summary>
/// Best-of-n's llm rule on the project's tiny GGUF: each pick returns the cost of the games behind it, as they cost
/// when played, so a rerun that replays the games from the signal store reports the same; the run's own cost counts
/// only the games it played.
/// </summary>
public sealed class LlmGamesSelectorTests(TinyModelFixture tiny) : IClassFixture<TinyModelFixture>
{
    [Fact]
    public async Task A_pick_returns_its_games_cost_and_a_replay_reports_it_again()
    {
        var row = new ResponseRow("Name a colour.", ["Blue.", "Red, I think.", "Green is nice.", "Yellow."], new JsonObject(), null, null);
        var signals = row.Responses.Select(_ => new ResponseSignals([], [])).ToList();
        var input = new SelectionInput(0, row, signals);
        using var store = SignalStore.Open(Path.Combine(TestPaths.NewTempDirectory(), "signals.db"));

        var first = new LlmGamesSelector(tiny.Planner, store, "config-key", MultiAnswerMode.Average, games: null, seed: 42);
        var pick = await first.SelectAsync(input, 4, CancellationToken.None);
        var cost = RewardEngine.Evaluation.LlmCost.Sum(pick.Games.Select(g => g.Cost));
        Assert.InRange(pick.Index, 0, 3);
        Assert.Equal(6, pick.Games.Count); // every pair of 4 once
        Assert.All(pick.Games, g => Assert.True(g.PlayedNow));
        Assert.Equal(6, cost.Calls);
        Assert.True(cost.GeneratedTokens >= 6 && cost.PromptTokens > 6 * 10, $"tokens: {cost}");

        // A rerun replays every game: no LLM call now, the same pick and the same reported cost.
        var again = new LlmGamesSelector(tiny.Planner, store, "config-key", MultiAnswerMode.Average, games: null, seed: 42);
        var replayed = await again.SelectAsync(input, 4, CancellationToken.None);
        Assert.Equal(pick.Index, replayed.Index);
        Assert.All(replayed.Games, g => Assert.False(g.PlayedNow));
        Assert.Equal(pick.Games.Select(g => (g.Key, g.Cost.Calls, g.Cost.GeneratedTokens)), replayed.Games.Select(g => (g.Key, g.Cost.Calls, g.Cost.GeneratedTokens)));
    }
}
