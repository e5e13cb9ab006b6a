using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Jobs;
using RewardEngine.Determinism;

namespace RewardEngine.Evaluation;

/// <summary>A pair to evaluate and the file it came from.</summary>
public sealed record EvalPair(Pair Pair, string File);

/// <summary>
/// <c>reward eval</c>'s job on the <see cref="JobRunner"/>: shows a pair to the agent as A/B in a seeded order (or in
/// both orders) and records each game's signals, judgment and the pair's LLM cost.
/// </summary>
public sealed class PairwiseEvalJob(EngineConfig config, EvalOptions options, TextWriter log, Func<AgentContext, RewardAgent>? agentFactory = null)
    : AgentJob(config, options, log, agentFactory), IJob<EvalPair, PairRecord>
{
    public string Name => "eval";
    public string Noun => "pair";

    protected override IJobRecord? SampleRecord() =>
        new PairRecord(0, "sample", "sample", "sample.jsonl", 1,
            [new GameRecord(GameRecord.ChosenFirst, "route", [new SignalRecord("signal", "kind", [0.5, 1.0], "rationale", ["note"])],
                [new Agent.SignalError("signal", "message")], "judger", [0.25, 0.75], "B", "chosen", "rationale")],
            new LlmCost(1, 2, 0));

    public bool IsWhole(PairRecord stored) => stored.Games is not null && stored.Id is not null;

    /// <summary>Whether the pair at <paramref name="index"/> is shown chosen-first: a pure function of seed and index.</summary>
    public static bool ChosenFirst(int seed, int index)
    {
        ulong z = SplitMix64.Mix(unchecked((ulong)seed * SplitMix64.Golden + (ulong)index + 0x632BE59BD9B4E019UL));
        return (z & 1) == 0;
    }

    public async Task<PairRecord> RunAsync(EvalPair item, int index, CancellationToken ct)
    {
        var agent = Agent;
        var (pair, file) = item;
        var orders = Options.Order == OrderMode.Both
            ? new[] { true, false }
            : new[] { ChosenFirst(Options.Seed, index) };
        var games = new List<GameRecord>();
        var cost = LlmCost.Zero;
        foreach (var chosenFirst in orders)
        {
            var answers = chosenFirst ? new[] { pair.Chosen, pair.Rejected } : new[] { pair.Rejected, pair.Chosen };
            var result = await agent.EvaluateAsync(new RewardQuery(pair.Prompt, answers), ct);
            cost += result.Cost;
            var best = result.Judgment.Best;
            var verdict = best switch { 0 => "A", 1 => "B", _ => "tie" };
            var picked = best is null ? "tie" : (best == 0) == chosenFirst ? "chosen" : "rejected";
            games.Add(new GameRecord(
                chosenFirst ? GameRecord.ChosenFirst : GameRecord.RejectedFirst,
                result.Route.Rationale,
                result.Signals.Select(s => new SignalRecord(s.Name, s.Kind.Name, [.. s.Scores], s.Rationale, s.AnswerNotes)).ToList(),
                result.Errors,
                result.Judgment.Judger,
                [.. result.Judgment.Scores],
                verdict, picked, result.Judgment.Rationale));
        }
        return new PairRecord(index, pair.Id, pair.Subset, Path.GetFileName(file), pair.Record, games, cost);
    }
}
