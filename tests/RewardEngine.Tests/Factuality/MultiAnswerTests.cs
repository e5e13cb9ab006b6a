using RewardEngine.Agent;
using RewardEngine.Diagnostics;
using Xunit;

namespace RewardEngine.Tests.Factuality;

public class MultiAnswerTests
{
    private static readonly double[] Quality = [0.2, 0.9, 0.5, 0.7, 0.4];

    private static PairwiseScorer Scorer(int delaySeed = -1) => async (i, j, ct) =>
    {
        if (delaySeed >= 0) await Task.Delay(new Random(delaySeed + i * 7 + j).Next(0, 5), ct);
        return new PairScores(Quality[i], Quality[j]);
    };

    [Fact]
    public void Average_schedule_is_every_pair_once_and_fixed_by_the_seed()
    {
        var s = MultiAnswer.Schedule(5, MultiAnswerMode.Average, seed: 3);
        Assert.Equal(10, s.Count);
        Assert.Equal(10, s.Select(p => (Math.Min(p.First, p.Second), Math.Max(p.First, p.Second))).Distinct().Count());
        Assert.Equal(s, MultiAnswer.Schedule(5, MultiAnswerMode.Average, seed: 3));
        // Orientation (who is shown first) is a seeded coin flip, not always the lower index.
        Assert.Contains(s, p => p.First > p.Second);
    }

    [Fact]
    public async Task Average_mode_gives_each_answer_the_mean_of_its_scores()
    {
        var r = await MultiAnswer.ScoreAsync(5, Scorer(), MultiAnswerMode.Average, 1, default);
        Assert.Equal(10, r.Comparisons.Count);
        for (int i = 0; i < 5; i++) Assert.Equal(Quality[i], r.Scores[i], 9);
    }

    [Fact]
    public async Task Elo_ranks_by_wins_conserves_rating_and_ignores_timing()
    {
        var sequential = await MultiAnswer.ScoreAsync(5, Scorer(), MultiAnswerMode.Elo, 11, default, maxConcurrency: 1);
        var concurrent = await MultiAnswer.ScoreAsync(5, Scorer(delaySeed: 5), MultiAnswerMode.Elo, 11, default, maxConcurrency: 16);
        Assert.Equal(sequential.Scores, concurrent.Scores);
        var order = Enumerable.Range(0, 5).OrderByDescending(i => sequential.Scores[i]).ToArray();
        Assert.Equal([1, 3, 2, 4, 0], order);
        // Ratings move in equal and opposite steps, so they average 1500.
        var ratings = sequential.Scores.Select(p => 1500 - 400 * Math.Log10(1 / p - 1));
        Assert.Equal(1500, ratings.Average(), 6);
    }

    [Fact]
    public void Elo_update_follows_the_formula()
    {
        // One game between equals: the winner gains K/2 = 15.
        var s = MultiAnswer.Elo(2, [new PairComparison(0, 1, 0.8, 0.3)]);
        Assert.Equal(1 / (1 + Math.Pow(10, (1500 - 1515.0) / 400)), s[0], 12);
        Assert.Equal(1 / (1 + Math.Pow(10, (1500 - 1485.0) / 400)), s[1], 12);
        var draw = MultiAnswer.Elo(2, [new PairComparison(0, 1, 0.5, 0.5)]);
        Assert.Equal([0.5, 0.5], draw);
    }

    [Fact]
    public void Elo_can_draw_a_fixed_number_of_seeded_pairs()
    {
        var s = MultiAnswer.Schedule(4, MultiAnswerMode.Elo, seed: 2, eloComparisons: 25);
        Assert.Equal(25, s.Count);
        Assert.All(s, p => Assert.NotEqual(p.First, p.Second));
        Assert.Equal(s, MultiAnswer.Schedule(4, MultiAnswerMode.Elo, seed: 2, eloComparisons: 25));
        Assert.NotEqual(s, MultiAnswer.Schedule(4, MultiAnswerMode.Elo, seed: 3, eloComparisons: 25));
    }

    [Fact]
    public async Task Fewer_than_two_answers_need_no_comparison()
    {
        var r = await MultiAnswer.ScoreAsync(1, (_, _, _) => throw new InvalidOperationException(), MultiAnswerMode.Elo, 1, default);
        Assert.Equal([0.5], r.Scores);
    }

    [Fact]
    public void Mode_names_come_from_the_config()
    {
        Assert.Equal(MultiAnswerMode.Elo, MultiAnswer.ParseMode("elo"));
        Assert.Equal(MultiAnswerMode.Average, MultiAnswer.ParseMode("average"));
        Assert.Contains("judger.multiAnswer", Assert.Throws<ConfigException>(() => MultiAnswer.ParseMode("borda")).Message);
    }
}
