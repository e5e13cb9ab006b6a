using Xunit;
using Xunit.Abstractions;
using RewardEngine.Data;
using RewardEngine.Models.Llm;

namespace RewardEngine.Tests.Llm;

public sealed class LlamaTextGeneratorTests(TinyModelFixture tiny, ITestOutputHelper output) : IClassFixture<TinyModelFixture>
{
    private static GenerationRequest Ask(string question, int maxTokens = 24, float temperature = 0, uint seed = 42) =>
        new([ChatMessage.System("You are a careful judge."), ChatMessage.User(question)])
        { MaxTokens = maxTokens, Temperature = temperature, Seed = seed };

    [Fact]
    public async Task Smoke()
    {
        var r = await tiny.Planner.GenerateAsync(Ask("Is water wet?"), CancellationToken.None);
        Assert.True(r.GeneratedTokens > 0);
        output.WriteLine($"[{r.Text}] {r.PromptTokens} {r.GeneratedTokens} {r.FinishReason}");
    }
}
