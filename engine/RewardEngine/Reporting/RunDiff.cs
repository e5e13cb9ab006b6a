using System.Text.Json.Serialization;
using RewardEngine.Agent;
using RewardEngine.Evaluation;

namespace RewardEngine.Reporting;

/// <summary>
/// What changed from run A (the baseline) to run B, compared on the pairs both judged: per-subset accuracy with
/// McNemar's exact test, the settings that differ, and every pair whose result changed with the cause.
/// </summary>
public sealed record RunDiff
{
    /// <summary>Significance level for <see cref="SubsetComparison.BeyondNoise"/>.</summary>
    public const double Alpha = 0.05;

    public required RunIdentity A { get; init; }
    public required RunIdentity B { get; init; }
    /// <summary>Pairs judged by both runs (same dataset file name, record and id).</summary>
    public required int SharedPairs { get; init; }
    /// <summary>Provenance and settings that differ (engine version, config, data, models, seed, ties, order).</summary>
    public required IReadOnlyList<SettingChange> Settings { get; init; }
    public required IReadOnlyList<SubsetComparison> Subsets { get; init; }
    public required SubsetComparison Overall { get; init; }
    /// <summary>Every shared pair whose result differs: regressions first, the largest drops first.</summary>
    public required IReadOnlyList<ChangedPair> Changed { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
}

/// <summary>One side of a diff: the folder, its run and how many of its pairs the other run lacks.</summary>
public sealed record RunIdentity(string Directory, string? RunKey, string? Version, int Pairs, int NotShared);

/// <summary>A setting or input that differs between the runs.</summary>
public sealed record SettingChange(string Setting, string? A, string? B);

/// <summary>
/// One subset (or "overall") on the shared pairs: accuracy in A and B, the change, the pairs that improved and
/// regressed, McNemar's exact p-value, and the accuracies each run reported over all its own pairs. Accuracies and
/// change are null when the runs share no pair of the subset.
/// </summary>
public sealed record SubsetComparison(
    string Subset, int Shared, int OnlyInA, int OnlyInB,
    double? AccuracyA, double? AccuracyB, double? Change,
    int Improved, int Regressed, double PValue, bool BeyondNoise,
    double? ReportedA, double? ReportedB);

/// <summary>What made a pair's result change, as far as the records tell.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeKind>))]
public enum ChangeKind
{
    /// <summary>A signal moved toward the other answer, appeared or disappeared.</summary>
    [JsonStringEnumMemberName("signal")] Signal,
    /// <summary>The same signals, weighed differently by the judger.</summary>
    [JsonStringEnumMemberName("judger")] Judger,
    /// <summary>The same verdicts, scored differently (the tie policy).</summary>
    [JsonStringEnumMemberName("ties")] Ties,
    /// <summary>The verdict depends on which answer is shown first.</summary>
    [JsonStringEnumMemberName("order")] Order,
}

/// <summary>The cause of a change: its kind, the signal when one made the difference, and a readable sentence.</summary>
public sealed record ChangeCause(ChangeKind Kind, string? Signal, string Explanation);

/// <summary>A shared pair whose result changed, with both runs' judgments side by side.</summary>
public sealed record ChangedPair(PairKey Key, string Subset, double ResultA, double ResultB, ChangeCause Cause, PairView InA, PairView InB)
{
    public string Direction => ResultB > ResultA ? "improved" : "regressed";
}

/// <summary>A run's judgment of one pair, with scores read as chosen and rejected.</summary>
public sealed record PairView(IReadOnlyList<GameView> Games, LlmCost Llm);

/// <summary>One game (one A/B order) of a pair: route, signals, judger scores, verdict and rationale.</summary>
public sealed record GameView(
    string Order, string Route, string Judger, double? JudgeChosen, double? JudgeRejected,
    string Verdict, string Picked, string Rationale, IReadOnlyList<SignalView> Signals, IReadOnlyList<SignalError> Errors);

/// <summary>One signal's scores for the chosen and the rejected answer, which it favoured, and its rationale.</summary>
public sealed record SignalView(string Name, string Kind, double? Chosen, double? Rejected,
    Preference Prefers, string Rationale);
