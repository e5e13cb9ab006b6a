using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Models.Llm;
using RewardEngine.Models.Llm.LlamaSharp;
using RewardEngine.Models.Llm.OpenAi;

namespace RewardEngine.Tests.Llm;

public sealed class PolicySamplerTests(TinyModelFixture tiny) : IClassFixture<TinyModelFixture>
{
    private static readonly SamplingOptions Sampling = new(24, 1.0f, 0.95f);

    private async Task<SampleSet> Sample(int n, Func<int, uint> seedOf)
    {
        await using var sampler = PolicySamplers.Create(tiny.Config, n, Sampling.MaxTokens, TextWriter.Null);
        return await sampler.SampleAsync([ChatMessage.User("Write a short poem about rain. Do not use any commas.")], n, Sampling, seedOf, CancellationToken.None);
    }

    [Fact]
    public async Task The_prompt_is_decoded_once_for_all_samples_and_each_sample_depends_on_its_own_seed_only()
    {
        var four = await Sample(4, i => SampleSeeds.Of(42, 0, i));
        Assert.Equal(4, four.Responses.Count);
        Assert.Equal(four.PromptTokens, four.PromptTokensEvaluated);
        Assert.Equal(3L * four.PromptTokens, four.PromptTokensSaved);
        Assert.True(four.Responses.Distinct().Count() > 1, "different seeds gave the same text");
        // The first two samples of a batch of two: the same seeds, another batch composition.
        var two = await Sample(2, i => SampleSeeds.Of(42, 0, i));
        Assert.Equal(four.Responses.Take(2), two.Responses);
        var again = await Sample(4, i => SampleSeeds.Of(42, 0, i));
        Assert.Equal(four.Responses, again.Responses);
    }

    [Fact]
    public void Sample_seeds_differ_by_prompt_and_by_sample()
    {
        var seeds = new HashSet<uint>();
        for (int p = 0; p < 50; p++)
            for (int i = 0; i < 50; i++) seeds.Add(SampleSeeds.Of(42, p, i));
        Assert.Equal(2500, seeds.Count);
        Assert.NotEqual(SampleSeeds.Of(42, 0, 0), SampleSeeds.Of(43, 0, 0));
    }

    [Fact]
    public async Task The_openai_backend_sends_one_request_per_sample_each_with_its_own_seed()
    {
        await using var server = new ChatCompletionsServer();
        var generator = new OpenAiTextGenerator(new OpenAiOptions { BaseUrl = server.BaseUrl, Model = "policy", ApiKey = "sk-test" }, 4);
        await using var sampler = new OpenAiPolicySampler(generator);
        var set = await sampler.SampleAsync([ChatMessage.User("hello")], 3, Sampling, i => (uint)(100 + i), CancellationToken.None);
        Assert.Equal(3, set.Responses.Count);
        Assert.Equal(0, set.PromptTokensSaved);
        Assert.Equal([100, 101, 102], server.Requests.Select(r => r["seed"]!.GetValue<int>()).Order());
    }
}
