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
        Assert.InRange(pick.Index, 0, 3);
        Assert.Equal(6, pick.Cost.Calls); // every pair of 4 once
        Assert.True(pick.Cost.GeneratedTokens >= 6 && pick.Cost.PromptTokens > 6 * 10, $"tokens: {pick.Cost}");
        Assert.Equal(pick.Cost, first.PlayedCost);
        Assert.Equal(new CacheCounts(6, 0), first.Counts);

        // A rerun replays every game: no LLM call now, the same pick and the same reported cost.
        var again = new LlmGamesSelector(tiny.Planner, store, "config-key", MultiAnswerMode.Average, games: null, seed: 42);
        var replayed = await again.SelectAsync(input, 4, CancellationToken.None);
        Assert.Equal((pick.Index, pick.Cost), (replayed.Index, replayed.Cost));
        Assert.Equal(new CacheCounts(0, 6), again.Counts);
        Assert.Equal(RewardEngine.Evaluation.LlmCost.Zero, again.PlayedCost);
    }
}
