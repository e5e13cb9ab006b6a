namespace RewardEngine.Agent;

/// <summary>Merges the signals of the verifiers the router chose into one judgment.</summary>
public interface IJudger
{
    string Name { get; }
    Task<Judgment> JudgeAsync(RewardQuery query, IReadOnlyList<SignalResult> signals, CancellationToken cancellationToken);
}
