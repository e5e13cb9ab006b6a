using System.Net;
using RewardEngine.Service;

namespace RewardEngine.Tests.Service;

/// <summary>
/// The service holding up: the bounded queue (429), the API key (401), the request timeout (504), readiness while
/// loading (503), and graceful shutdown with requests in flight. A <see cref="HoldingVerifier"/> keeps requests busy
/// for as long as a test needs.
/// </summary>
public sealed class ServiceRobustnessTests
{
    private static object Judge(string instruction = "Answer briefly.") => new { instruction, answers = new[] { "a", "b" } };

    [Fact]
    public async Task A_full_queue_answers_429_with_retry_after_and_the_queued_requests_still_finish()
    {
        var holding = new HoldingVerifier();
        await using var host = await ServiceHost.StartAsync(options: new ServiceOptions { MaxConcurrency = 1, QueueLimit = 1 }, agentFactory: holding.Factory);
        var running = host.PostAsync("/v1/judge", Judge());
        await holding.WaitForStartedAsync(1);
        var queued = host.PostAsync("/v1/judge", Judge());
        for (int i = 0; i < 200 && await host.MetricAsync("rwd_queue_depth") != 1; i++) await Task.Delay(25);
        Assert.Equal(1, await host.MetricAsync("rwd_queue_depth"));
        Assert.Equal(1, await host.MetricAsync("rwd_requests_in_flight"));

        var refused = await host.PostAsync("/v1/judge", Judge());
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains("queue is full", refused.Detail);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        // Model-free requests share the same queue: it is full for them too.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await host.PostAsync("/evaluate/", new { instruction = "x", answers = new[] { "a" } })).Status);

        holding.Release();
        Assert.Equal(HttpStatusCode.OK, (await running).Status);
        Assert.Equal(HttpStatusCode.OK, (await queued).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("/v1/judge", Judge())).Status);
        Assert.Contains("rwd_requests_total{endpoint=\"judge\",status=\"429\"} 1", (await host.GetAsync("/metrics")).Text);
    }

    [Fact]
    public async Task The_api_key_guards_scoring_but_not_health()
    {
        const string key = "s3cret-key-for-tests";
        await using var host = await ServiceHost.StartAsync(options: new ServiceOptions { ApiKey = key });
        var body = new { instruction = "No commas.", answers = new[] { "a" } };

        var none = await host.PostAsync("/evaluate/", body);
        Assert.Equal(HttpStatusCode.Unauthorized, none.Status);
        Assert.Contains("API key is required", none.Detail);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        var wrong = await host.PostAsync("/evaluate/", body, m => m.Headers.Authorization = new("Bearer", "s3cret-key-for-testz"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Contains("not valid", wrong.Detail);

        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("/evaluate/", body, m => m.Headers.Authorization = new("Bearer", key))).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("/evaluate/", body, m => m.Headers.Add("X-API-Key", key))).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/health")).Status);
    }

    [Fact]
    public async Task A_request_over_its_timeout_gets_504_and_its_work_is_cancelled()
    {
        var holding = new HoldingVerifier();
        await using var host = await ServiceHost.StartAsync(options: new ServiceOptions { RequestTimeout = TimeSpan.FromMilliseconds(400) }, agentFactory: holding.Factory);
        var r = await host.PostAsync("/v1/judge", Judge());
        Assert.Equal(HttpStatusCode.GatewayTimeout, r.Status);
        Assert.Contains("--request-timeout", r.Detail);
        Assert.Equal(1, holding.Cancelled);
        // The service is fine afterwards.
        holding.Release();
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync("/v1/judge", Judge())).Status);
    }

    [Fact]
    public async Task Until_the_engine_is_loaded_health_and_scoring_answer_503()
    {
        var loading = new TaskCompletionSource();
        var holding = new HoldingVerifier();
        await using var host = await ServiceHost.StartAsync(agentFactory: ctx => { loading.Task.Wait(TimeSpan.FromSeconds(30)); return holding.Factory(ctx); },
            waitUntilReady: false);
        var health = await host.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        Assert.Equal("loading", health.Json.GetProperty("status").GetString());
        var early = await host.PostAsync("/evaluate/", new { instruction = "x", answers = new[] { "a" } });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, early.Status);
        Assert.NotNull(early.Headers.RetryAfter);
        loading.SetResult();
        await host.Service.Loaded;
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/health")).Status);
    }

    [Fact]
    public async Task A_failed_load_is_reported_by_health_and_by_run()
    {
        await using var host = await ServiceHost.StartAsync(agentFactory: _ => throw new RewardEngine.Diagnostics.ConfigException("llm.planner: file not found: /nowhere.gguf"),
            waitUntilReady: false);
        await Assert.ThrowsAsync<RewardEngine.Diagnostics.ConfigException>(() => host.Service.Loaded);
        var health = await host.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        Assert.Equal("failed", health.Json.GetProperty("status").GetString());
        Assert.Contains("RWD200", health.Json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Graceful_shutdown_finishes_requests_in_flight_and_refuses_new_work()
    {
        var holding = new HoldingVerifier();
        var host = await ServiceHost.StartAsync(options: new ServiceOptions { ShutdownTimeout = TimeSpan.FromSeconds(30) }, agentFactory: holding.Factory);
        var inFlight = Enumerable.Range(0, 3).Select(_ => host.PostAsync("/v1/judge", Judge())).ToList();
        await holding.WaitForStartedAsync(3);

        var stopping = host.Service.StopAsync();
        await Task.Delay(300);
        Assert.False(stopping.IsCompleted, "shutdown must wait for the requests in flight");
        Assert.False(host.Service.IsReady);
        // A new connection is refused once the listener is closed.
        using (var fresh = new HttpClient { BaseAddress = host.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(10) })
        {
            var refused = await Record.ExceptionAsync(() => fresh.GetAsync("/health"));
            Assert.NotNull(refused);
        }

        holding.Release();
        foreach (var r in inFlight) Assert.Equal(HttpStatusCode.OK, (await r).Status);
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, holding.Cancelled);
        Assert.Contains("stopped after", host.Log.ToString());
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Shutdown_cancels_what_is_still_running_after_its_deadline()
    {
        var holding = new HoldingVerifier();
        var host = await ServiceHost.StartAsync(options: new ServiceOptions { ShutdownTimeout = TimeSpan.FromMilliseconds(500) }, agentFactory: holding.Factory);
        var stuck = host.PostAsync("/v1/judge", Judge());
        await holding.WaitForStartedAsync(1);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await host.Service.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"stop took {clock.Elapsed}");
        Assert.Equal(1, holding.Cancelled);
        await Record.ExceptionAsync(() => stuck); // the connection was cut: no answer is owed
        await host.DisposeAsync();
    }
}
