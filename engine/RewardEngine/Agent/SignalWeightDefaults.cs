namespace RewardEngine.Agent;

/// <summary>A signal kind's weight where the config gives none: in the weighted sum and in the majority vote.</summary>
public sealed record SignalWeightDefaults(double WeightedSum, double MajorVote)
{
    /// <summary>1.0 in both.</summary>
    public static SignalWeightDefaults One { get; } = new(1.0, 1.0);
}
