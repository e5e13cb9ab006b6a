namespace RewardEngine.Evaluation;

/// <summary>One signal's scores for one game, in A/B order.</summary>
public sealed record SignalRecord(string Name, string Kind, double[] Scores, string Rationale, IReadOnlyList<string>? Notes);

/// <summary>One game: the pair shown in one A/B order, and what the agent decided.</summary>
public sealed record GameRecord(
    string Order,
    string Route,
    IReadOnlyList<SignalRecord> Signals,
    IReadOnlyList<Agent.SignalError> Errors,
    string Judger,
    double[] JudgeScores,
    string Verdict,
    string Picked,
    string Rationale)
{
    public const string ChosenFirst = "chosen_first";
    public const string RejectedFirst = "rejected_first";
}

/// <summary>A finished pair as committed to the run store and written to scores.jsonl.</summary>
public sealed record PairRecord(int Index, string Id, string Subset, string Dataset, int Record, IReadOnlyList<GameRecord> Games, LlmCost Llm)
    : Jobs.IJobRecord
{
    /// <inheritdoc />
    [System.Text.Json.Serialization.JsonIgnore]
    public LlmCost Cost => Llm ?? LlmCost.Zero;

    /// <summary>The pair's score: mean over games of 1 (chosen picked), 0 (rejected) or the tie value.</summary>
    public double Result(TiePolicy ties) => Games.Average(g => g.Picked switch
    {
        "chosen" => 1.0,
        "rejected" => 0.0,
        _ => ties == TiePolicy.Half ? 0.5 : 0.0,
    });

    /// <summary>
    /// JudgeBench's rule over the games (both orders): correct (1) when the picks lean to the chosen answer (one order
    /// right and the other right or tied), else 0 (the orders disagree, or every game tied).
    /// </summary>
    public double JudgeBenchResult() =>
        Games.Sum(g => g.Picked switch { "chosen" => 1, "rejected" => -1, _ => 0 }) > 0 ? 1.0 : 0.0;

    /// <summary>No signal applied in any game (no verifier had anything to say, or every one failed): a tie by default.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool NoSignal => Games.All(g => g.Signals.Count == 0);

    /// <summary>With both orders: true when the two games picked differently.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Flipped => Games.Count == 2 && Games[0].Picked != Games[1].Picked;
}

/// <summary>How a tie counts: half a point (the original) or nothing (RewardBench, RM-Bench's strict &gt;).</summary>
public enum TiePolicy { Half, Strict }

/// <summary>random: one game per pair in a seeded order; both: A/B and B/A, scored as the mean (JudgeBench).</summary>
public enum OrderMode { Random, Both }
