using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Jobs;
using RewardEngine.Scoring;
using RewardEngine.Determinism;

namespace RewardEngine.Evaluation;

/// <summary>A listwise row to evaluate and the file it came from.</summary>
public sealed record EvalRow(ListwiseItem Row, string File);

/// <summary>
/// <c>reward eval</c>'s job for listwise rows: shows every answer of a row to the agent at once, in an order shuffled
/// by a pure function of seed and index (so position bias cannot favour the correct answers, which come first in
/// the data), and scores the row by RewardBench 2's rule.
/// </summary>
public sealed class ListwiseEvalJob(EngineConfig config, EvalOptions options, TextWriter log, Func<AgentContext, RewardAgent>? agentFactory = null)
    : AgentJob(config, options, log, agentFactory), IJob<EvalRow, ListwiseRecord>
{
    public string Name => "eval";
    public string Noun => "row";

    protected override IJobRecord? SampleRecord() =>
        new ListwiseRecord(0, "sample", "sample", "sample.jsonl", 1, 1, [1, 0], "route",
            [new SignalRecord("signal", "kind", [0.5, 1.0], "rationale", ["note"])], [new SignalError("signal", "message")],
            "judger", [0.25, 0.75], 0, "rationale", 1.0, 0.5, new LlmCost(1, 2, 0));

    public bool IsWhole(ListwiseRecord stored) => IsWholeRecord(stored);

    /// <summary>Whether a stored record is whole (here and in <c>reward merge</c>).</summary>
    internal static bool IsWholeRecord(ListwiseRecord stored) => stored.Id is not null && stored.Scores is not null && stored.Shown is not null;

    /// <summary>The order answers are shown in: a seeded shuffle of 0..n-1 (Fisher-Yates on a SplitMix64 stream).</summary>
    public static int[] ShownOrder(int seed, int index, int n)
    {
        var order = Enumerable.Range(0, n).ToArray();
        ulong state = unchecked((ulong)seed * SplitMix64.Golden ^ ((ulong)index << 20) ^ 0xD1B54A32D192ED03UL);
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)(SplitMix64.Next(ref state) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    public async Task<ListwiseRecord> RunAsync(EvalRow item, int index, CancellationToken ct)
    {
        var agent = Agent;
        var (row, file) = item;
        var answers = row.Chosen.Concat(row.Rejected).ToList();
        var shown = ShownOrder(Options.Seed, index, answers.Count);
        var result = await agent.EvaluateAsync(new RewardQuery(row.Prompt, [.. shown.Select(k => answers[k])]), ct);
        // Back from shown positions to the row's order.
        double[] InRowOrder(IReadOnlyList<double> atShown)
        {
            var scores = new double[answers.Count];
            for (int k = 0; k < shown.Length; k++) scores[shown[k]] = atShown[k];
            return scores;
        }
        var scores = InRowOrder(result.Judgment.Scores);
        var signals = result.Signals.Select(s => new SignalRecord(s.Name, s.Kind.Name, InRowOrder(s.Scores), s.Rationale,
            s.AnswerNotes is null ? null : [.. Enumerable.Range(0, answers.Count).Select(k => s.AnswerNotes[Array.IndexOf(shown, k)])])).ToList();
        int? best = result.Judgment.Best is { } b ? shown[b] : null;
        return new ListwiseRecord(index, row.Id, row.Subset, Path.GetFileName(file), row.Record, row.NumCorrect, shown,
            result.Route.Rationale, signals, result.Errors, result.Judgment.Judger, scores, best, result.Judgment.Rationale,
            ListwiseScoring.BestOfRow(scores, row.NumCorrect), row.Ranking is { } ranks ? ListwiseScoring.KendallTauB(ranks, scores) : null,
            result.Cost);
    }
}
