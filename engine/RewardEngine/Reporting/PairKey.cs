namespace RewardEngine.Reporting;

/// <summary>
/// What makes a pair the same pair in two runs: its dataset file's name, its record number in that file and its id.
/// Runs over different data or with different settings are compared on the keys they share.
/// </summary>
public readonly record struct PairKey(string Dataset, int Record, string Id) : IComparable<PairKey>
{
    public int CompareTo(PairKey other)
    {
        var c = string.CompareOrdinal(Dataset, other.Dataset);
        if (c != 0) return c;
        c = Record.CompareTo(other.Record);
        return c != 0 ? c : string.CompareOrdinal(Id, other.Id);
    }

    public override string ToString() => $"{Dataset}#{Record} ({Id})";
}
