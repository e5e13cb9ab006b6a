using RewardEngine.Evaluation;

namespace RewardEngine.Reporting;

/// <summary>One line of a run's scores.jsonl: the pair as judged, and the result the run scored it.</summary>
public sealed record ScoredPair(PairKey Key, PairRecord Record, double Result)
{
    public string Subset => Record.Subset;
}
