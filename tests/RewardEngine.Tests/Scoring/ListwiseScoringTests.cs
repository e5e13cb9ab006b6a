using RewardEngine.Scoring;

namespace RewardEngine.Tests.Scoring;

public class ListwiseScoringTests
{
    [Theory]
    [InlineData(new[] { 3.0, 1, 2, 0 }, 1, 1.0)]        // the correct answer alone at the top
    [InlineData(new[] { 3.0, 3, 2, 0 }, 1, 0.5)]        // tied with one incorrect answer at the top
    [InlineData(new[] { 1.0, 1, 1, 1 }, 1, 0.25)]       // everything tied: 1/4, not a free point
    [InlineData(new[] { 2.0, 3, 2, 0 }, 1, 0.0)]        // an incorrect answer above it
    [InlineData(new[] { 1.0, 5, 5, 0, 5 }, 2, 1.0 / 3)] // one of two correct answers among three tied at the top
    public void A_row_scores_one_over_the_answers_tied_at_the_maximum(double[] scores, int numCorrect, double expected) =>
        Assert.Equal(expected, ListwiseScoring.BestOfRow(scores, numCorrect), 12);

    [Fact]
    public void Kendall_tau_b_counts_concordant_and_discordant_edges_with_tie_corrections()
    {
        Assert.Equal(1.0, ListwiseScoring.KendallTauB([1, 2, 3, 4], [4.0, 3, 2, 1])!.Value, 12);
        Assert.Equal(-1.0, ListwiseScoring.KendallTauB([1, 2, 3, 4], [1.0, 2, 3, 4])!.Value, 12);
        // ranks 1,2,2 and scores 3,1,2: pairs (0,1) C, (0,2) C, (1,2) tied in the ranking only.
        // tau-b = (2 - 0) / sqrt((3 - 1) * (3 - 0)) = 2 / sqrt(6)
        Assert.Equal(2 / Math.Sqrt(6), ListwiseScoring.KendallTauB([1, 2, 2], [3.0, 1, 2])!.Value, 12);
        Assert.Null(ListwiseScoring.KendallTauB([1, 1, 1], [3.0, 1, 2]));
    }

    [Fact]
    public void The_ties_subset_weighs_accuracy_and_margins()
    {
        // Prompt 1: ref accurate (gap 1), tied accurate with correct spread 0.5 and gap 2 -> preferred, hard (min gap 1 > 0.5).
        // Prompt 2: ref inaccurate (gap -1), tied accurate with spread 1 and gap 0.5 -> neither preferred nor hard.
        var rows = new (string, IReadOnlyList<double>, int)[]
        {
            ("ref:1", [3.0, 2.0], 1),
            ("tied:1", [5.0, 4.5, 2.5], 2),
            ("ref:2", [1.0, 2.0], 1),
            ("tied:2", [4.0, 3.0, 2.5], 2),
        };
        double margin1 = Math.Tanh(1 / 0.5 - 1), margin2 = Math.Tanh(-1 / 1.0 - 1);
        var expected = 0.30 * 1.0 + 0.30 * 0.5 + 0.20 * 0.5 + 0.20 * 0.5 + 0.01 * (margin1 + margin2) / 2;
        Assert.Equal(expected, ListwiseScoring.TiesScore(rows), 12);
    }
}
