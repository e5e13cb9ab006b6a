namespace RewardEngine.Evaluation;

/// <summary>A subset's score: points (ties may count half) out of pairs.</summary>
public sealed record SubsetScore(string Subset, double Correct, int Total)
{
    public double Accuracy => Total == 0 ? 0 : Correct / Total;
}

/// <summary>What a run did, for the summary lines and run.json.</summary>
public sealed record EvalSummary
{
    public int Pairs { get; init; }
    public int EvaluatedNow { get; init; }
    public int Resumed { get; init; }
    public double PairsPerSecond { get; init; }
    /// <summary>Answers scored per signal name.</summary>
    public IReadOnlyDictionary<string, long> AnswersScored { get; init; } = new Dictionary<string, long>();
    /// <summary>Verifier errors per signal name.</summary>
    public IReadOnlyDictionary<string, long> Errors { get; init; } = new Dictionary<string, long>();
    public long LlmCalls { get; init; }
    public long GeneratedTokens { get; init; }
    public long LlmParseFailures { get; init; }
    public long Ties { get; init; }
    /// <summary>With --order both: share of pairs whose verdict flips with the order.</summary>
    public double? FlipShare { get; init; }
    /// <summary>Pairs no signal applied to in any game: ties by default; over half and the accuracy measures nothing.</summary>
    public int NoSignalPairs { get; init; }
    /// <summary>With --order both: accuracy by JudgeBench's rule (<see cref="PairRecord.JudgeBenchResult"/>), per subset and "overall".</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? JudgeBench { get; init; }
    /// <summary>The shard evaluated ("K/N"), or null for the whole run.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Shard { get; init; }
    /// <summary>Listwise rows that carry a ranking: mean Kendall's tau-b of the agent's scores against it.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? KendallTauB { get; init; }

    /// <summary>More than half the pairs had no signal: the accuracy is the tie rate, not a measurement.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool NothingMeasured => Pairs > 0 && NoSignalPairs * 2 > Pairs;
}

/// <summary>The result of <c>reward eval</c>.</summary>
public sealed record EvalReport(IReadOnlyList<SubsetScore> Subsets, double Overall, EvalSummary Summary, string RunKey, string OutputDirectory);
