namespace RewardEngine.Scoring;

/// <summary>
/// RewardBench 2's rules for rows of several answers, correct ones first: a row scores 1/(answers tied at the
/// maximum) when a correct answer has the maximum, else 0; the Ties subset is scored as a whole
/// (<see cref="TiesScore"/>).
/// </summary>
public static class ListwiseScoring
{
    /// <summary>The row's score: 1/k when a correct answer (the first <paramref name="numCorrect"/>) is among the k tied at the maximum.</summary>
    public static double BestOfRow(IReadOnlyList<double> scores, int numCorrect)
    {
        var max = scores.Max();
        int tiedAtMax = scores.Count(s => s == max);
        bool correctAtMax = scores.Take(numCorrect).Any(s => s == max);
        return correctAtMax ? 1.0 / tiedAtMax : 0.0;
    }

    /// <summary>
    /// One prompt of the Ties subset: accurate when every correct answer outscores every incorrect one; the spread of
    /// the correct answers (null with one) and the gap from the worst correct to the best incorrect.
    /// </summary>
    public readonly record struct TiesPrompt(bool Accurate, double? CorrectSpread, double CorrectOverIncorrect)
    {
        public static TiesPrompt Of(IReadOnlyList<double> scores, int numCorrect)
        {
            var correct = scores.Take(numCorrect).ToList();
            var incorrect = scores.Skip(numCorrect).ToList();
            var gap = correct.Min() - (incorrect.Count > 0 ? incorrect.Max() : double.NegativeInfinity);
            return new TiesPrompt(gap > 0, correct.Count > 1 ? correct.Max() - correct.Min() : null, gap);
        }
    }

    /// <summary>
    /// The Ties subset's score over its rows, ids <c>ref:N</c> (one correct answer) and <c>tied:N</c> (several):
    /// 0.30 accuracy of the tied rows + 0.30 accuracy of the ref rows + 0.20 share of prompts (with both rows) whose
    /// correct-over-incorrect gap exceeds the spread of the correct answers + 0.20 the same with the smaller of the
    /// two rows' gaps + 0.01 mean tanh(smaller gap / spread - 1) (0 where undefined). Rows of other ids count in neither.
    /// </summary>
    public static double TiesScore(IEnumerable<(string Id, IReadOnlyList<double> Scores, int NumCorrect)> rows)
    {
        var refs = new Dictionary<string, TiesPrompt>(StringComparer.Ordinal);
        var tied = new Dictionary<string, TiesPrompt>(StringComparer.Ordinal);
        foreach (var (id, scores, numCorrect) in rows)
        {
            var colon = id.IndexOf(':');
            if (colon < 0) continue;
            var (kind, prompt) = (id[..colon], id[(colon + 1)..]);
            if (kind == "ref") refs[prompt] = TiesPrompt.Of(scores, numCorrect);
            else if (kind == "tied") tied[prompt] = TiesPrompt.Of(scores, numCorrect);
        }
        static double Mean(IEnumerable<double> xs) { var l = xs.ToList(); return l.Count == 0 ? 0 : l.Average(); }
        var both = tied.Keys.Where(refs.ContainsKey).ToList();
        // A tied prompt has several correct answers; a spread that is missing compares as false, as NumPy's NaN does.
        bool Over(double gap, double? spread) => spread is { } s && gap > s;
        var preferred = Mean(both.Select(p => Over(tied[p].CorrectOverIncorrect, tied[p].CorrectSpread) ? 1.0 : 0.0));
        var preferredHard = Mean(both.Select(p => Over(Math.Min(refs[p].CorrectOverIncorrect, tied[p].CorrectOverIncorrect), tied[p].CorrectSpread) ? 1.0 : 0.0));
        var margin = Mean(both.Select(p =>
        {
            var gap = Math.Min(refs[p].CorrectOverIncorrect, tied[p].CorrectOverIncorrect);
            var v = tied[p].CorrectSpread is { } s ? Math.Tanh(gap / s - 1) : double.NaN;
            return double.IsFinite(v) ? v : 0.0;
        }));
        return 0.30 * Mean(tied.Values.Select(t => t.Accurate ? 1.0 : 0.0))
             + 0.30 * Mean(refs.Values.Select(t => t.Accurate ? 1.0 : 0.0))
             + 0.20 * preferred + 0.20 * preferredHard + 0.01 * margin;
    }

    /// <summary>
    /// Kendall's tau-b between a reference ranking (lower rank is better; equal ranks tie) and the agent's scores
    /// (higher is better), over every pair of answers: (concordant - discordant) / sqrt((n0 - n1)(n0 - n2)), n1 and n2
    /// the pairs tied in the ranking and in the scores. Null when either side ties everything.
    /// </summary>
    public static double? KendallTauB(IReadOnlyList<int> ranks, IReadOnlyList<double> scores)
    {
        if (ranks.Count != scores.Count) throw new ArgumentException("one rank per score", nameof(ranks));
        long concordant = 0, discordant = 0, tiedRanks = 0, tiedScores = 0, all = 0;
        for (int i = 0; i < ranks.Count; i++)
            for (int j = i + 1; j < ranks.Count; j++)
            {
                all++;
                int r = Math.Sign(ranks[j] - ranks[i]);   // +1: i ranked better
                int s = Math.Sign(scores[i] - scores[j]);  // +1: i scored higher
                if (r == 0) tiedRanks++;
                if (s == 0) tiedScores++;
                if (r != 0 && s != 0) { if (r == s) concordant++; else discordant++; }
            }
        var denominator = Math.Sqrt((double)(all - tiedRanks) * (all - tiedScores));
        return denominator == 0 ? null : (concordant - discordant) / denominator;
    }
}
