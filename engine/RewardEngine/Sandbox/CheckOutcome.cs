namespace RewardEngine.Sandbox;

/// <summary>
/// One checker on one answer: <see cref="Passed"/> is its verdict, or null when it failed to give one
/// (an exception, a timeout, a crash, a kill, a non-bool return); <see cref="Error"/> then says why.
/// </summary>
public sealed record CheckOutcome(bool? Passed, string? Error, double ElapsedMs)
{
    internal static CheckOutcome Failed(string error) => new(null, error, 0);
}
