using System.Numerics;
using RewardEngine.Reporting;

namespace RewardEngine.Tests.Reporting;

public class McNemarTestTests
{
    [Theory]
    [InlineData(0, 0, 1.0)]
    [InlineData(5, 5, 1.0)]
    [InlineData(0, 5, 0.0625)]            // 2 * (1/2)^5
    [InlineData(9, 1, 0.021484375)]       // 2 * (1 + 10) / 1024
    [InlineData(2, 10, 0.03857421875)]    // 2 * (1 + 12 + 66) / 4096
    public void Small_counts_give_the_exact_binomial_tail(int improved, int regressed, double expected) =>
        Assert.Equal(expected, McNemarTest.ExactPValue(improved, regressed), 12);

    [Theory]
    [InlineData(140, 180)]
    [InlineData(400, 520)]
    [InlineData(3, 997)]
    public void Larger_counts_match_an_exact_big_integer_sum(int improved, int regressed)
    {
        int n = improved + regressed, k = Math.Min(improved, regressed);
        BigInteger tail = 0, c = 1;
        for (int i = 0; i <= k; i++)
        {
            tail += c;
            c = c * (n - i) / (i + 1);
        }
        double exact = Math.Min(1, Math.Exp(BigInteger.Log(2 * tail) - n * Math.Log(2)));
        Assert.Equal(exact, McNemarTest.ExactPValue(improved, regressed), 1e-12 + exact * 1e-9);
    }

    [Fact]
    public void Is_symmetric_and_finite_for_a_million_pairs()
    {
        var p = McNemarTest.ExactPValue(500_000, 501_500);
        Assert.Equal(p, McNemarTest.ExactPValue(501_500, 500_000));
        Assert.InRange(p, 0.1, 0.2); // z = 1500 / sqrt(1,001,500) = 1.50: two-sided about 0.134
    }
}
