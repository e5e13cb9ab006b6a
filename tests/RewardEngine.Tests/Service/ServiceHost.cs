using System.Net;
using System.Text;
using System.Text.Json;
using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Service;

namespace RewardEngine.Tests.Service;

/// <summary>A reward service started in-process on 127.0.0.1 (a free port), with a client and its logs.</summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private ServiceHost(RewardService service, StringWriter log, StringWriter requestLog)
    {
        Service = service;
        Log = log;
        RequestLog = requestLog;
        Client = new HttpClient { BaseAddress = new Uri(service.Addresses[0]), Timeout = TimeSpan.FromSeconds(120) };
    }

    public RewardService Service { get; }
    public HttpClient Client { get; }
    public StringWriter Log { get; }
    public StringWriter RequestLog { get; }

    public static async Task<ServiceHost> StartAsync(EngineConfig? config = null, ServiceOptions? options = null,
        Func<AgentContext, RewardAgent>? agentFactory = null, bool waitUntilReady = true)
    {
        var log = new StringWriter();
        var requestLog = new StringWriter();
        options = (options ?? new ServiceOptions()) with
        {
            Urls = ["http://127.0.0.1:0"],
            RequestLog = TextWriter.Synchronized(requestLog),
            WorkDirectory = TestPaths.NewTempDirectory("rwd-svc"),
        };
        var service = RewardService.Create(config ?? new EngineConfig(), options, TextWriter.Synchronized(log), agentFactory);
        await service.StartAsync(CancellationToken.None);
        if (waitUntilReady) await service.Loaded;
        return new ServiceHost(service, log, requestLog);
    }

    public sealed record Reply(HttpStatusCode Status, string Text, System.Net.Http.Headers.HttpResponseHeaders Headers)
    {
        public JsonElement Json => JsonDocument.Parse(Text).RootElement;
        public string Detail => Json.GetProperty("detail").GetString()!;
    }

    public Task<Reply> PostAsync(string path, object body, Action<HttpRequestMessage>? configure = null) =>
        PostRawAsync(path, JsonSerializer.Serialize(body), configure);

    public async Task<Reply> PostRawAsync(string path, string body, Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        configure?.Invoke(request);
        using var response = await Client.SendAsync(request, cancellationToken);
        return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), response.Headers);
    }

    public async Task<Reply> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers);
    }

    /// <summary>The value of one series in /metrics, or null when absent.</summary>
    public async Task<double?> MetricAsync(string series)
    {
        var text = (await GetAsync("/metrics")).Text;
        foreach (var line in text.Split('\n'))
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
                return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Service.DisposeAsync();
    }
}

/// <summary>
/// A verifier that holds every query until released (a slow model, as far as the service can tell): the way to
/// fill the queue, outlast a timeout or be in flight at shutdown, deterministically.
/// </summary>
internal sealed class HoldingVerifier : IVerifier
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started, _cancelled;
    private readonly SemaphoreSlim _startedSignal = new(0);

    public string Name => "holding";
    public SignalKind Kind => SignalKind.Constraint;
    public int Started => Volatile.Read(ref _started);
    public int Cancelled => Volatile.Read(ref _cancelled);

    public void Release() => _release.TrySetResult();

    /// <summary>Waits until <paramref name="count"/> queries are being held.</summary>
    public async Task WaitForStartedAsync(int count)
    {
        for (int i = 0; i < count; i++)
            Assert.True(await _startedSignal.WaitAsync(TimeSpan.FromSeconds(30)), "the verifier was never called");
    }

    public ValueTask<bool> AppliesToAsync(RewardQuery query, CancellationToken cancellationToken) => ValueTask.FromResult(true);

    public async Task<SignalResult> ScoreAsync(RewardQuery query, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _started);
        _startedSignal.Release();
        try { await _release.Task.WaitAsync(cancellationToken); }
        catch (OperationCanceledException) { Interlocked.Increment(ref _cancelled); throw; }
        return new SignalResult(Name, Kind, query.Answers.Select(_ => 0.5).ToList(), "held, then released");
    }

    public Func<AgentContext, RewardAgent> Factory =>
        _ => new RewardAgent(new RewardEngine.Agent.Routers.DeterministicRouter(), [this],
            new RewardEngine.Agent.Judgers.WeightedSumJudger(new RewardEngine.Agent.Judgers.SignalWeights(
                RewardEngine.Agent.Judgers.WeightedSumJudger.DefaultWeights, null)));
}
