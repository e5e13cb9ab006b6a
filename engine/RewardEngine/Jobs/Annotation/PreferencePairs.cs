namespace RewardEngine.Jobs.Annotation;

/// <summary>Which responses of a prompt make preference pairs, from their rewards.</summary>
internal static class PreferencePairs
{
    private const double TieTolerance = 1e-9;

    /// <summary>
    /// Best against worst (the first of each on ties), or every pair whose gap is above the tolerance with
    /// <paramref name="allPairs"/>; pairs whose gap is under <paramref name="minMargin"/> are counted in
    /// <paramref name="belowMargin"/> instead. <paramref name="tie"/>: the best and the worst score the same (no pair).
    /// </summary>
    public static List<PreferencePair> Of(IReadOnlyList<double> rewards, double minMargin, bool allPairs, out bool tie, out int belowMargin)
    {
        var chosen = new List<PreferencePair>();
        belowMargin = 0;
        int best = 0, worst = 0;
        for (int i = 1; i < rewards.Count; i++)
        {
            if (rewards[i] > rewards[best] + TieTolerance) best = i;
            if (rewards[i] < rewards[worst] - TieTolerance) worst = i;
        }
        tie = rewards[best] - rewards[worst] <= TieTolerance;
        if (tie) return chosen;
        if (!allPairs)
        {
            var margin = rewards[best] - rewards[worst];
            if (margin < minMargin) belowMargin++;
            else chosen.Add(new PreferencePair(best, worst, margin));
            return chosen;
        }
        for (int i = 0; i < rewards.Count; i++)
            for (int j = 0; j < rewards.Count; j++)
            {
                var margin = rewards[i] - rewards[j];
                if (margin <= TieTolerance) continue;
                if (margin < minMargin) belowMargin++;
                else chosen.Add(new PreferencePair(i, j, margin));
            }
        return chosen;
    }
}
