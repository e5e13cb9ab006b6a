namespace RewardEngine.Agent;

/// <summary>
/// One check behind a signal (a constraint of the instruction, say): what was checked, where the check came from
/// ("parser", "given", "generated"), and per answer the credit in [0, 1] and the reason. An answer passes a check
/// when its credit is 1.
/// </summary>
public sealed record SignalCheck(string Label, string Source, IReadOnlyList<double> Credit, IReadOnlyList<string> Reasons)
{
    /// <summary>Whether answer <paramref name="index"/> met the check in full.</summary>
    public bool Passed(int index) => Credit[index] >= 1.0;
}
