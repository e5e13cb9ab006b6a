using RewardEngine.Diagnostics;

namespace RewardEngine.Agent;

/// <summary>How N answers are scored from pairwise comparisons.</summary>
public enum MultiAnswerMode
{
    /// <summary>Every answer against every other once; an answer's score is the mean of its scores.</summary>
    Average,
    /// <summary>Elo ratings (start 1500, K = 30) updated over seeded comparisons; reported as expected score vs a 1500 player.</summary>
    Elo,
}

/// <summary>Scores of one comparison, each in [0, 1]: the answer shown first and the answer shown second; and what it cost.</summary>
public readonly record struct PairScores(double First, double Second)
{
    private readonly Evaluation.LlmCost? _cost;
    public Evaluation.LlmCost Cost { get => _cost ?? Evaluation.LlmCost.Zero; init => _cost = value; }
}

/// <summary>Compares answer <paramref name="first"/> (shown first, "A") with answer <paramref name="second"/> ("B").</summary>
public delegate Task<PairScores> PairwiseScorer(int first, int second, CancellationToken cancellationToken);

/// <summary>One comparison that was made, in schedule order.</summary>
public sealed record PairComparison(int First, int Second, double FirstScore, double SecondScore);

/// <summary>Per-answer scores in [0, 1], the comparisons behind them, and their summed cost.</summary>
public sealed record MultiAnswerResult(IReadOnlyList<double> Scores, IReadOnlyList<PairComparison> Comparisons)
{
    public Evaluation.LlmCost Cost { get; init; } = Evaluation.LlmCost.Zero;
}

/// <summary>
/// Scores N answers with a pairwise scorer, as the paper does for best-of-n: <see cref="MultiAnswerMode.Average"/>
/// or <see cref="MultiAnswerMode.Elo"/>. The schedule (which pairs, which answer is shown first) depends only on the
/// seed; comparisons run concurrently (an LLM backend batches them) and Elo updates are applied in schedule order,
/// so results do not depend on timing or concurrency.
/// </summary>
public static class MultiAnswer
{
    public const double EloStart = 1500;
    public const double EloK = 30;

    /// <summary>"average" or "elo" (the config's judger.multiAnswer).</summary>
    public static MultiAnswerMode ParseMode(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "average" => MultiAnswerMode.Average,
        "elo" => MultiAnswerMode.Elo,
        _ => throw new ConfigException($"judger.multiAnswer: unknown '{name}' (expected average or elo)"),
    };

    /// <summary>
    /// The comparisons to make. Average: every unordered pair once. Elo: every unordered pair once in a seeded
    /// order, or <paramref name="eloComparisons"/> pairs drawn with the seed. The answer shown first is a seeded coin
    /// flip in both modes, so position bias does not favour low indices.
    /// </summary>
    public static IReadOnlyList<(int First, int Second)> Schedule(int count, MultiAnswerMode mode, int seed, int? eloComparisons = null)
    {
        var rng = new Random(seed);
        var pairs = new List<(int, int)>();
        if (mode == MultiAnswerMode.Elo && eloComparisons is { } n)
        {
            for (int c = 0; c < n && count >= 2; c++)
            {
                int i = rng.Next(count), j = rng.Next(count - 1);
                if (j >= i) j++;
                pairs.Add((i, j));
            }
            return pairs;
        }
        for (int i = 0; i < count; i++)
            for (int j = i + 1; j < count; j++)
                pairs.Add(rng.Next(2) == 0 ? (i, j) : (j, i));
        if (mode == MultiAnswerMode.Elo) rng.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pairs));
        return pairs;
    }

    /// <summary>
    /// Runs the schedule and folds the comparisons into one score per answer (fewer than two answers: 0.5 each).
    /// <paramref name="maxConcurrency"/> bounds the comparisons in flight; <paramref name="eloComparisons"/> is the
    /// number of pairs Elo draws (null: every pair once).
    /// </summary>
    public static async Task<MultiAnswerResult> ScoreAsync(int count, PairwiseScorer scorer, MultiAnswerMode mode, int seed,
        CancellationToken cancellationToken, int? eloComparisons = null, int maxConcurrency = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count < 2) return new MultiAnswerResult(Enumerable.Repeat(0.5, count).ToList(), []);
        var schedule = Schedule(count, mode, seed, eloComparisons);
        using var gate = new SemaphoreSlim(Math.Max(1, maxConcurrency));
        var tasks = schedule.Select(async p =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var s = await scorer(p.First, p.Second, cancellationToken);
                return (Comparison: new PairComparison(p.First, p.Second, s.First, s.Second), s.Cost);
            }
            finally { gate.Release(); }
        }).ToList();
        var done = await Task.WhenAll(tasks);
        var comparisons = done.Select(d => d.Comparison).ToList();
        var scores = mode == MultiAnswerMode.Average ? Average(count, comparisons) : Elo(count, comparisons);
        return new MultiAnswerResult(scores, comparisons) { Cost = Evaluation.LlmCost.Sum(done.Select(d => d.Cost)) };
    }

    /// <summary>Mean of each answer's scores over the comparisons it took part in (0.5 when it took part in none).</summary>
    public static IReadOnlyList<double> Average(int count, IEnumerable<PairComparison> comparisons)
    {
        var sum = new double[count];
        var n = new int[count];
        foreach (var c in comparisons)
        {
            sum[c.First] += c.FirstScore; n[c.First]++;
            sum[c.Second] += c.SecondScore; n[c.Second]++;
        }
        return Enumerable.Range(0, count).Select(i => n[i] > 0 ? sum[i] / n[i] : 0.5).ToList();
    }

    /// <summary>
    /// Elo over the comparisons in order: the higher score wins (equal scores draw). Each rating is reported as its
    /// expected score against a 1500-rated answer, 1 / (1 + 10^((1500 - R) / 400)), which lies in (0, 1).
    /// </summary>
    public static IReadOnlyList<double> Elo(int count, IEnumerable<PairComparison> comparisons)
    {
        var r = Enumerable.Repeat(EloStart, count).ToArray();
        foreach (var c in comparisons)
        {
            double expected = 1 / (1 + Math.Pow(10, (r[c.Second] - r[c.First]) / 400));
            double outcome = c.FirstScore > c.SecondScore ? 1 : c.FirstScore < c.SecondScore ? 0 : 0.5;
            r[c.First] += EloK * (outcome - expected);
            r[c.Second] -= EloK * (outcome - expected);
        }
        return r.Select(x => 1 / (1 + Math.Pow(10, (EloStart - x) / 400))).ToList();
    }
}
