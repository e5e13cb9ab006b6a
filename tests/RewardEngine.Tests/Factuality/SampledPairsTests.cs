using RewardEngine.Verifiers.Factuality;
using Xunit;

namespace RewardEngine.Tests.Factuality;

public sealed class SampledPairsTests
{
    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 3)]
    [InlineData(4, 4)]
    [InlineData(8, 8)]
    public void Draws_n_distinct_pairs_lower_index_first(int n, int expected)
    {
        var pairs = SampledPairs.Draw(n, 42);
        Assert.Equal(expected, pairs.Count);
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
        Assert.All(pairs, p => Assert.True(p.First < p.Second && p.Second < n));
        Assert.Equal(pairs, SampledPairs.Draw(n, 42));
    }

    [Fact]
    public void Other_seeds_draw_other_pairs()
    {
        var draws = Enumerable.Range(0, 20).Select(s => string.Join(",", SampledPairs.Draw(8, s))).Distinct().Count();
        Assert.True(draws > 15, $"only {draws} distinct draws of 20 seeds");
    }
}
