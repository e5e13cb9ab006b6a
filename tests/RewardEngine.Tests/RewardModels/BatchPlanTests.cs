using RewardEngine.Models.RewardModels;
using Xunit;

namespace RewardEngine.Tests.RewardModels;

public sealed class BatchPlanTests
{
    [Fact]
    public void EveryTextOnceWithinLimitsAndLittlePadding()
    {
        var rng = new Random(3);
        var lengths = Enumerable.Range(0, 203).Select(_ => rng.Next(10, 1500)).ToArray();
        var plan = BatchPlan.Make(lengths, batchSize: 16, maxBatchTokens: 8192);
        Assert.Equal(Enumerable.Range(0, lengths.Length), plan.SelectMany(b => b).Order());
        foreach (var b in plan)
        {
            Assert.InRange(b.Length, 1, 16);
            Assert.True(b.Length == 1 || b.Length * b.Max(i => lengths[i]) <= 8192);
        }
        var naive = Enumerable.Range(0, lengths.Length).Chunk(16).ToList();
        var sorted = BatchPlan.PaddingFraction(lengths, plan);
        Assert.True(sorted < 0.05 && sorted < BatchPlan.PaddingFraction(lengths, naive) / 5,
            $"sorted padding {sorted:P1} vs arrival order {BatchPlan.PaddingFraction(lengths, naive):P1}");
    }

    [Fact]
    public void TextLongerThanTheTokenBudgetGetsItsOwnBatch()
    {
        var plan = BatchPlan.Make([5000, 10, 10], batchSize: 16, maxBatchTokens: 1000);
        Assert.Equal([[0], [1, 2]], plan);
    }
}
