namespace RewardEngine.Data;

/// <summary>A loaded pairwise dataset: its pairs in file order plus what the loader noticed.</summary>
public sealed record Dataset(string File, string Sha256, IReadOnlyList<Pair> Pairs, IReadOnlyList<string> Warnings);
