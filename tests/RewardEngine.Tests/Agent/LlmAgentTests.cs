using RewardEngine.Agent;
using RewardEngine.Agent.Judgers;
using RewardEngine.Agent.Routers;
using RewardEngine.Models.Llm;
using RewardEngine.Tests.Llm;

namespace RewardEngine.Tests.Agent;

/// <summary>The LLM router and judger on the project's tiny random-weight GGUF: plumbing and grammars, not quality.</summary>
public class LlmAgentTests(TinyModelFixture tiny) : IClassFixture<TinyModelFixture>
{
    private sealed class FixedVerifier(SignalKind kind, string name) : IVerifier
    {
        public string Name => name;
        public SignalKind Kind => kind;
        public ValueTask<bool> AppliesToAsync(RewardQuery query, CancellationToken ct) => ValueTask.FromResult(false);
        public Task<SignalResult> ScoreAsync(RewardQuery query, CancellationToken ct) =>
            Task.FromResult(new SignalResult(name, kind, query.Answers.Select((_, i) => (double)i).ToList(), "index"));
    }

    [Fact]
    public async Task The_llm_router_always_returns_a_parsable_decision_and_keeps_the_preference_signal()
    {
        var verifiers = new IVerifier[]
        {
            new FixedVerifier(SignalKind.Preference, "preference"),
            new FixedVerifier(SignalKind.Constraint, "constraints"),
            new FixedVerifier(SignalKind.Factuality, "factuality"),
        };
        var cost = RewardEngine.Evaluation.LlmCost.Zero;
        foreach (var seed in new uint[] { 1, 2, 3, 4 })
        {
            var d = await new LlmRouter(tiny.Planner, seed).RouteAsync(RewardQuery.FromInstruction("Answer in 3 words: who wrote Hamlet?", "a", "b"), verifiers, default);
            Assert.StartsWith("planner: constraint_check=", d.Rationale);
            Assert.Contains(d.Selected, v => v.Kind == SignalKind.Preference);
            Assert.Equal(1, d.Cost.Calls);
            cost += d.Cost;
        }
        Assert.Equal(4, cost.Calls);
        Assert.Equal(0, cost.ParseFailures);
        Assert.InRange(cost.GeneratedTokens, 4 * 8, 4 * 64);
    }

    [Fact]
    public async Task The_llm_judger_gives_a_verdict_for_two_answers_and_ranks_many()
    {
        var judger = new LlmJudger(tiny.Planner, 42);
        var signals = new[] { new SignalResult("constraints", SignalKind.Constraint, [1.0, 0.0], "A passes") };
        var two = await judger.JudgeAsync(RewardQuery.FromInstruction("Say hi", "hi", "hello there"), signals, default);
        Assert.NotNull(two.Best);
        Assert.Equal(1.0, two.Scores.Sum(), 9);

        var four = await judger.JudgeAsync(RewardQuery.FromInstruction("Say hi", "hi", "hello", "hey", "yo"), [], default);
        Assert.Equal(4, four.Scores.Count);
        Assert.Equal(2.0, four.Scores.Sum(), 9); // 6 games, one point each, averaged over 3 games per answer
        var elo = await new LlmJudger(tiny.Planner, 42, MultiAnswerMode.Elo).JudgeAsync(RewardQuery.FromInstruction("Say hi", "hi", "hello", "hey"), [], default);
        Assert.All(elo.Scores, s => Assert.InRange(s, 0.0, 1.0));
        Assert.Equal(1.5, elo.Scores.Sum(), 1); // zero-sum ratings, reported as expected scores near 0.5
        var cost = two.Cost + four.Cost + elo.Cost;
        Assert.Equal(0, cost.ParseFailures);
        Assert.Equal((1, 6, 3), (two.Cost.Calls, four.Cost.Calls, elo.Cost.Calls));
    }
}
