namespace RewardEngine.Models.RewardModels;

/// <summary>
/// Groups texts into batches by length: longest first, so each batch holds similar lengths and pads little.
/// Which texts share a batch never changes a score (right padding is masked out); only speed depends on it.
/// </summary>
internal static class BatchPlan
{
    /// <summary>Indices of the texts per batch; each batch has at most <paramref name="batchSize"/> texts and
    /// (rows x longest length) at most <paramref name="maxBatchTokens"/>, except a single text longer than that.</summary>
    public static List<int[]> Make(IReadOnlyList<int> lengths, int batchSize, int maxBatchTokens)
    {
        var order = Enumerable.Range(0, lengths.Count).OrderByDescending(i => lengths[i]).ThenBy(i => i).ToArray();
        var batches = new List<int[]>();
        var current = new List<int>();
        int longest = 0;
        foreach (var i in order)
        {
            if (current.Count > 0 && (current.Count == batchSize || (long)(current.Count + 1) * longest > maxBatchTokens))
            {
                batches.Add([.. current]);
                current.Clear();
            }
            if (current.Count == 0) longest = lengths[i];
            current.Add(i);
        }
        if (current.Count > 0) batches.Add([.. current]);
        return batches;
    }

    /// <summary>Padding tokens over all tokens fed, for a plan.</summary>
    public static double PaddingFraction(IReadOnlyList<int> lengths, IEnumerable<int[]> batches)
    {
        long fed = 0, real = 0;
        foreach (var b in batches)
        {
            var max = b.Max(i => lengths[i]);
            fed += (long)max * b.Length;
            real += b.Sum(i => (long)lengths[i]);
        }
        return fed == 0 ? 0 : 1 - (double)real / fed;
    }
}
