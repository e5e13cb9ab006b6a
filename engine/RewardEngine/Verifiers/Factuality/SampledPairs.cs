namespace RewardEngine.Verifiers.Factuality;

/// <summary>
/// The original's best-of-n draw: N of the N(N-1)/2 unordered pairs of N answers, without replacement, with the seed.
/// The lower index is shown first, as the original's combinations are. Two answers make their one pair.
/// </summary>
internal static class SampledPairs
{
    public static IReadOnlyList<(int First, int Second)> Draw(int count, int seed)
    {
        var all = new List<(int, int)>();
        for (int i = 0; i < count; i++)
            for (int j = i + 1; j < count; j++)
                all.Add((i, j));
        if (count <= 2) return all;
        // A partial Fisher-Yates shuffle: the first `count` slots are a uniform draw without replacement.
        var rng = new Random(seed);
        for (int k = 0; k < count; k++)
        {
            int pick = rng.Next(k, all.Count);
            (all[k], all[pick]) = (all[pick], all[k]);
        }
        return all.Take(count).ToList();
    }
}
