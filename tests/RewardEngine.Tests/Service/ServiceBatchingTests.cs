using System.Net;
using System.Text.Json;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Diagnostics;
using RewardEngine.Models;
using RewardEngine.Models.RewardModels;

namespace RewardEngine.Tests.Service;

/// <summary>
/// Requests of many clients share the models: the reward-model queue batches across requests without changing any
/// score. Tiny profile (random-weight models made here), in-process on 127.0.0.1.
/// </summary>
public sealed class ServiceBatchingTests
{
    private static readonly Lazy<string> TinyConfig = new(() => TinyProfileWriter.Write(TestPaths.NewTempDirectory("rwd-svc-tiny")).ConfigPath);

    [Fact]
    public async Task Sixteen_concurrent_judge_requests_take_fewer_reward_model_batches_than_requests()
    {
        await using var host = await ServiceHost.StartAsync(EngineConfig.Load(TinyConfig.Value));
        var health = await host.GetAsync("/health");
        Assert.Contains("preference", health.Json.GetProperty("signals").EnumerateArray().Select(e => e.GetString()));

        var requests = Enumerable.Range(0, 16).Select(i => host.PostAsync("/v1/judge", new
        {
            instruction = $"Describe river number {i}.",
            answers = new[] { $"River {i} is long and slow.", $"River {i} is short." },
            signals = new[] { "preference" },
        })).ToList();
        var replies = await Task.WhenAll(requests);
        Assert.All(replies, r => Assert.True(r.Status == HttpStatusCode.OK, r.Text));

        var batches = await host.MetricAsync("rwd_rm_batch_size_count");
        var texts = await host.MetricAsync("rwd_rm_batch_size_sum");
        Assert.Equal(32, texts);
        Assert.True(batches < 16, $"{batches} reward-model batches for 16 requests");

        // The same scores as one request alone.
        var alone = await host.PostAsync("/v1/judge", new { instruction = "Describe river number 3.", answers = new[] { "River 3 is long and slow.", "River 3 is short." }, signals = new[] { "preference" } });
        var batchedScores = Scores(replies[3]);
        var aloneScores = Scores(alone);
        for (int i = 0; i < 2; i++) Assert.True(Math.Abs(batchedScores[i] - aloneScores[i]) <= 1e-4, $"{batchedScores[i]} vs {aloneScores[i]}");
    }

    [Fact]
    public async Task Concurrent_judge_requests_get_the_factuality_verdict_they_get_alone_and_report_their_llm_cost()
    {
        await using var host = await ServiceHost.StartAsync(EngineConfig.Load(TinyConfig.Value));
        object Body(int i) => new
        {
            instruction = $"When was river number {i} first mapped?",
            answers = new[] { $"River {i} was first mapped in {1600 + i}.", $"Nobody mapped river {i} before {1800 + i}." },
            signals = new[] { "factuality" },
            seed = 11,
        };
        var batched = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => host.PostAsync("/v1/judge", Body(i))));
        Assert.All(batched, r => Assert.True(r.Status == HttpStatusCode.OK, r.Text));
        for (int i = 0; i < 4; i++)
        {
            var alone = await host.PostAsync("/v1/judge", Body(i));
            var (a, b) = (alone.Json.GetProperty("signals")[0], batched[i].Json.GetProperty("signals")[0]);
            Assert.Equal(a.GetProperty("rationale").GetString(), b.GetProperty("rationale").GetString());
            Assert.Equal(Scores(alone), Scores(batched[i]));
            // Differences, queries, the model's own knowledge (this profile has no knowledge base) and the verdict:
            // four generations, counted in the request that made them.
            var llm = alone.Json.GetProperty("llm");
            Assert.Equal(4, llm.GetProperty("calls").GetInt64());
            Assert.True(llm.GetProperty("prompt_tokens").GetInt64() > 0 && llm.GetProperty("generated_tokens").GetInt64() > 0, llm.ToString());
        }
    }

    private static double[] Scores(ServiceHost.Reply r) =>
        r.Json.GetProperty("signals")[0].GetProperty("scores").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    [Fact]
    public async Task The_batcher_joins_concurrent_callers_and_leaves_a_cancelled_one_out()
    {
        var config = EngineConfig.Load(TinyConfig.Value);
        using var model = OnnxRewardModel.Load(config.Resolve(config.RewardModel.Config)!);
        using var metrics = new EngineMetrics();
        await using var batcher = new RewardModelBatcher(model, new RewardModelBatching(16, TimeSpan.FromMilliseconds(50)), metrics);
        IReadOnlyList<IReadOnlyList<ChatMessage>> Conversation(int i) =>
            [[ChatMessage.User($"Question {i}?"), ChatMessage.Assistant(new string('x', 5 + 7 * i) + " answer")]];

        using var cancelled = new CancellationTokenSource();
        var victim = batcher.ScoreAsync(Conversation(99), cancelled.Token);
        cancelled.Cancel();
        var calls = Enumerable.Range(0, 8).Select(i => batcher.ScoreAsync(Conversation(i), CancellationToken.None)).ToList();
        var scores = await Task.WhenAll(calls);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => victim);

        Assert.True(batcher.Batches < 8, $"{batcher.Batches} batches for 8 callers");
        Assert.Equal(8, batcher.TextsScored);
        for (int i = 0; i < 8; i++)
        {
            var direct = await model.ScoreAsync(Conversation(i), 1, CancellationToken.None);
            Assert.True(Math.Abs(direct[0] - scores[i][0]) <= 1e-4, $"caller {i}: {scores[i][0]} vs {direct[0]}");
        }
    }
}
