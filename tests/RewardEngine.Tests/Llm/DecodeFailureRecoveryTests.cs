using LLama.Native;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Models;
using RewardEngine.Models.Llm;
using RewardEngine.Models.Llm.LlamaSharp;

namespace RewardEngine.Tests.Llm;

/// <summary>
/// A failed decode step fails the requests of that batch only: the generator starts a fresh context and serves
/// every later request (a long-running service must not be broken for good by one native failure).
/// </summary>
public sealed class DecodeFailureRecoveryTests
{
    [Fact]
    public async Task After_a_failed_decode_later_requests_are_served_and_match_a_fresh_generator()
    {
        var dir = TestPaths.NewTempDirectory("rwd-llm");
        var config = EngineConfig.Load(TinyProfileWriter.Write(dir).ConfigPath);
        await using var backends = new LlmBackendSet(config, TextWriter.Null);
        var generator = (LlamaTextGenerator)backends.Create(LlmRole.Planner)!;
        GenerationRequest Ask(string q) => new([ChatMessage.User(q)]) { MaxTokens = 16 };

        var before = await generator.GenerateAsync(Ask("What is a river?"), CancellationToken.None);

        int failures = 1;
        generator.DecodeFaultForTests = () => Interlocked.Decrement(ref failures) >= 0 ? DecodeResult.DecodeFailed : null;
        var failed = await Record.ExceptionAsync(() => Task.WhenAll(
            generator.GenerateAsync(Ask("Name a colour."), CancellationToken.None),
            generator.GenerateAsync(Ask("Name a fruit."), CancellationToken.None)));
        Assert.IsType<GenerationException>(failed);
        Assert.Contains("decode failed", failed.Message);
        Assert.Equal(1, generator.Recoveries);

        var after = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => generator.GenerateAsync(Ask("What is a river?"), CancellationToken.None)));
        Assert.All(after, r => Assert.Equal(before.Text, r.Text));
        Assert.All(after, r => Assert.True(r.GeneratedTokens > 0));
    }
}
