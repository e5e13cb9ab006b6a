using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Service.Endpoints;

namespace RewardEngine.Service;

/// <summary>
/// The reward service: the agent and its verifiable signals over HTTP (ASP.NET Core minimal API on Kestrel) for RL
/// trainers and other clients. It listens at once and loads the models in the background (<c>/health</c> says 503
/// until they are loaded); concurrent requests share the models (one reward-model batching queue, the LLM's batched
/// decode loop, the checker cache). Stop it with <see cref="StopAsync"/>: it stops accepting, lets requests in flight
/// finish within <see cref="ServiceOptions.ShutdownTimeout"/>, cancels what is left, then unloads.
/// </summary>
public sealed class RewardService : IAsyncDisposable
{
    private readonly EngineConfig _config;
    private readonly ServiceOptions _options;
    private readonly TextWriter _log;
    private readonly Func<AgentContext, RewardAgent>? _agentFactory;
    private readonly WebApplication _app;
    private readonly ServiceMetrics _metrics = new();
    private readonly RequestLog _requestLog;
    private readonly AdmissionGate _gate;
    private readonly CancellationTokenSource _abortWork = new();
    private volatile ServiceEngine? _engine;
    private volatile string? _failure;
    private volatile bool _stopping;
    private Task _loading = Task.CompletedTask;
    private int _stopped;

    private RewardService(EngineConfig config, ServiceOptions options, TextWriter log, Func<AgentContext, RewardAgent>? agentFactory)
    {
        _config = config;
        _options = options;
        _log = log;
        _agentFactory = agentFactory;
        _requestLog = new RequestLog(options.RequestLog);
        _gate = new AdmissionGate(options.MaxConcurrency, options.QueueLimit);
        _metrics.OnScrape(() => (_gate.Waiting, _gate.Running, IsReady, _engine?.Batcher?.WaitingTexts ?? 0, _requestLog.Dropped));

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "reward-serve", Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // The pipeline enforces the limit itself and answers 413 with a detail; Kestrel's own check would cut the connection.
            k.Limits.MaxRequestBodySize = null;
        });
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        _app = builder.Build();

        var pipeline = new RequestPipeline(options, _gate, _metrics, _requestLog, log, () => _stopping ? null : _engine, NotReady, _abortWork.Token);
        foreach (var endpoint in ServiceEndpoints.All)
            _app.MapPost(endpoint.Route, http => pipeline.HandleAsync(http, endpoint));
        _app.MapGet("/health", HealthAsync);
        _app.MapGet("/metrics", MetricsAsync);
        _app.MapFallback(NotFoundAsync);
    }

    /// <summary>A service for this config (validated here: a bad path or value throws before anything listens).</summary>
    /// <param name="log">Where startup, readiness, shutdown and internal errors are written (request logs go to <see cref="ServiceOptions.RequestLog"/>).</param>
    /// <param name="agentFactory">Builds the agent from its context (default <see cref="RewardAgent.Create"/>): the place to plug in other verifiers.</param>
    public static RewardService Create(EngineConfig config, ServiceOptions options, TextWriter? log = null, Func<AgentContext, RewardAgent>? agentFactory = null)
    {
        options.Validate();
        config.Validate();
        return new RewardService(config, options, log ?? TextWriter.Null, agentFactory);
    }

    /// <summary>The addresses Kestrel listens on (with the real port when port 0 was asked for).</summary>
    public IReadOnlyList<string> Addresses =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    /// <summary>Models loaded and not stopping: scoring requests are answered.</summary>
    public bool IsReady => _engine is not null && !_stopping;

    /// <summary>Completes when the models are loaded; faults with the reason when loading failed.</summary>
    public Task Loaded => _loading;

    /// <summary>Starts listening, then loads the models in the background (see <see cref="Loaded"/>).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _app.StartAsync(cancellationToken);
        _log.WriteLine($"reward serve: listening on {string.Join(", ", Addresses)}; profile {ConfigNames.Of(_config.Profile)}; loading the engine");
        _loading = Task.Run(Load, CancellationToken.None);
    }

    private void Load()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var engine = ServiceEngine.Load(_config, _options, _log, _agentFactory);
            _metrics.Listen(engine.Context.Metrics);
            _engine = engine;
            _log.WriteLine($"reward serve: ready in {clock.Elapsed.TotalSeconds:0.0} s; signals {string.Join(", ", engine.Agent.Verifiers.Select(v => v.Name))}; " +
                           $"judger {engine.Agent.Judger.Name}, router {engine.Agent.Router.Name}");
        }
        catch (Exception e)
        {
            _failure = e is Diagnostics.RewardEngineException r ? $"{r.Code}: {r.Message}" : $"{e.GetType().Name}: {e.Message}";
            _log.WriteLine($"reward serve: loading the engine failed: {_failure}");
            throw;
        }
    }

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> is cancelled or the process is asked to stop (SIGTERM,
    /// Ctrl+C), then stops gracefully. Throws when the engine could not be loaded.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        var lifetime = _app.Services.GetRequiredService<IHostApplicationLifetime>();
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => stop.TrySetResult()))
        using (lifetime.ApplicationStopping.Register(() => stop.TrySetResult()))
        {
            var failed = _loading.ContinueWith(t => { if (t.IsFaulted) stop.TrySetResult(); }, TaskScheduler.Default);
            await stop.Task;
        }
        await StopAsync();
        if (_loading.IsFaulted) await _loading; // the load error, as the caller's exception
    }

    /// <summary>Stops accepting, lets requests in flight finish within the shutdown timeout, cancels the rest, unloads.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        _stopping = true;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        _log.WriteLine($"reward serve: stopping; requests in flight have {_options.ShutdownTimeout.TotalSeconds:0.#} s to finish");
        using (var deadline = new CancellationTokenSource(_options.ShutdownTimeout))
        {
            try { await _app.StopAsync(deadline.Token); }
            catch (OperationCanceledException) { }
        }
        _abortWork.Cancel();
        try { await _loading; } catch { /* reported when it happened */ }
        if (_engine is { } engine) await engine.DisposeAsync();
        await _requestLog.DisposeAsync();
        _metrics.Dispose();
        await _app.DisposeAsync();
        _log.WriteLine($"reward serve: stopped after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private (int Status, string Detail) NotReady() =>
        _stopping ? (503, "the service is shutting down")
        : _failure is { } f ? (503, "the engine failed to load: " + f)
        : (503, "the engine is still loading its models; retry shortly");

    private async Task HealthAsync(HttpContext http)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        int status;
        using (var w = new Utf8JsonWriter(buffer, ServiceJson.WriterOptions))
        {
            w.WriteStartObject();
            if (IsReady)
            {
                status = 200;
                w.WriteString("status", "ready");
                w.WriteString("profile", ConfigNames.Of(_config.Profile));
                w.WriteStartArray("signals");
                foreach (var v in _engine!.Agent.Verifiers) w.WriteStringValue(v.Name);
                w.WriteEndArray();
                w.WriteString("judger", _engine.Agent.Judger.Name);
            }
            else
            {
                status = 503;
                w.WriteString("status", _stopping ? "stopping" : _failure is not null ? "failed" : "loading");
                w.WriteString("detail", NotReady().Detail);
            }
            w.WriteString("version", Diagnostics.EngineInfo.Version);
            w.WriteEndObject();
        }
        await RequestPipeline.WriteAsync(http, status, buffer.WrittenMemory);
        _metrics.RecordRequest("health", status, 0);
    }

    private static async Task NotFoundAsync(HttpContext http)
    {
        var path = (http.Request.Path.Value ?? "").TrimEnd('/');
        if (ServiceEndpoints.All.Any(e => e.Route.TrimEnd('/') == path) || path is "/health" or "/metrics")
        {
            var allowed = path is "/health" or "/metrics" ? "GET" : "POST";
            http.Response.Headers.Allow = allowed;
            await RequestPipeline.WriteErrorAsync(http, 405, $"{http.Request.Method} {http.Request.Path}: use {allowed}");
            return;
        }
        await RequestPipeline.WriteErrorAsync(http, 404,
            $"no endpoint {http.Request.Method} {http.Request.Path} (POST {string.Join(", POST ", ServiceEndpoints.All.Select(e => e.Route))}, GET /health, GET /metrics)");
    }

    private async Task MetricsAsync(HttpContext http)
    {
        http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        using var text = new MemoryStream();
        await _metrics.WriteAsync(text, http.RequestAborted);
        http.Response.ContentLength = text.Length;
        await http.Response.Body.WriteAsync(text.GetBuffer().AsMemory(0, (int)text.Length), http.RequestAborted);
    }
}
