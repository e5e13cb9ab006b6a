namespace RewardEngine.Data;

/// <summary>A loaded listwise dataset: its items in file order plus what the loader noticed.</summary>
public sealed record ListwiseDataset(string File, string Sha256, IReadOnlyList<ListwiseItem> Items, IReadOnlyList<string> Warnings);
