namespace RewardEngine.Agent.Judgers;

/// <summary>Scores N answers from a pairwise comparison (the winner's index, or null for a tie).</summary>
public delegate Task<int?> PairwiseComparison(int first, int second, CancellationToken cancellationToken);

/// <summary>
/// Turns pairwise games into per-answer scores for best-of-n: the average of games won, or Elo ratings
/// (K = 30, start 1500, games drawn with the seed), as the original.
/// </summary>
public static class MultiAnswerScoring
{
    /// <summary>Each unordered pair plays once; a score is the answer's share of points (win 1, tie 0.5).</summary>
    public static async Task<double[]> AverageAsync(int n, PairwiseComparison compare, CancellationToken ct)
    {
        var points = new double[n];
        var games = new List<(int I, int J, Task<int?> Winner)>();
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                games.Add((i, j, compare(i, j, ct)));
        foreach (var (i, j, task) in games)
        {
            var w = await task;
            if (w is null) { points[i] += 0.5; points[j] += 0.5; }
            else points[w.Value] += 1;
        }
        return n < 2 ? points : points.Select(p => p / (n - 1)).ToArray();
    }

    /// <summary>
    /// Elo over <paramref name="rounds"/> x n games between pairs drawn with <paramref name="seed"/>; games are played
    /// concurrently but applied in draw order, so ratings do not depend on completion order.
    /// </summary>
    public static async Task<double[]> EloAsync(int n, PairwiseComparison compare, int seed, int rounds = 2, double k = 30, double start = 1500, CancellationToken ct = default)
    {
        var ratings = Enumerable.Repeat(start, n).ToArray();
        if (n < 2) return ratings;
        var rng = new Random(seed);
        var draws = new List<(int I, int J)>();
        for (int g = 0; g < rounds * n; g++)
        {
            int i = rng.Next(n), j = rng.Next(n - 1);
            if (j >= i) j++;
            draws.Add((i, j));
        }
        var results = await Task.WhenAll(draws.Select(d => compare(d.I, d.J, ct)));
        for (int g = 0; g < draws.Count; g++)
        {
            var (i, j) = draws[g];
            double expectedI = 1 / (1 + Math.Pow(10, (ratings[j] - ratings[i]) / 400));
            double scoreI = results[g] is null ? 0.5 : results[g] == i ? 1 : 0;
            ratings[i] += k * (scoreI - expectedI);
            ratings[j] += k * ((1 - scoreI) - (1 - expectedI));
        }
        return ratings;
    }
}
