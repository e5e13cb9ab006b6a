using System.Diagnostics.Metrics;

namespace RewardEngine.Diagnostics;

/// <summary>
/// The engine's own measurements (reward-model batches, sandbox checks, checker-cache hits), recorded by the
/// components an <see cref="Agent.AgentContext"/> builds. One <see cref="System.Diagnostics.Metrics.Meter"/> per
/// context, so a listener (the service's /metrics) sees exactly its own engine's numbers even when several engines
/// share a process. Recording costs next to nothing while nobody listens.
/// </summary>
public sealed class EngineMetrics : IDisposable
{
    /// <summary>The meter's name, as .NET metric tools (dotnet-counters, OpenTelemetry) know it.</summary>
    public const string MeterName = "RewardEngine";

    public EngineMetrics()
    {
        Meter = new Meter(MeterName, EngineInfo.Version);
        RewardModelBatchSize = Meter.CreateHistogram<int>("rwd.rm.batch_size", "{text}", "texts per reward-model forward pass");
        SandboxChecks = Meter.CreateCounter<long>("rwd.sandbox.checks", "{check}", "generated checks run in the sandbox (checker x answer)");
        CheckerCacheHits = Meter.CreateCounter<long>("rwd.checker_cache.hits", "{instruction}", "instructions whose generated checkers came from the cache");
        CheckerCacheMisses = Meter.CreateCounter<long>("rwd.checker_cache.misses", "{instruction}", "instructions whose checkers had to be generated");
        CheckerGenerationsShared = Meter.CreateCounter<long>("rwd.checker_cache.shared", "{request}", "requests that waited on a generation another request had started");
    }

    public Meter Meter { get; }

    /// <summary>One record per reward-model forward pass, the value being its rows.</summary>
    public Histogram<int> RewardModelBatchSize { get; }
    public Counter<long> SandboxChecks { get; }
    public Counter<long> CheckerCacheHits { get; }
    public Counter<long> CheckerCacheMisses { get; }
    public Counter<long> CheckerGenerationsShared { get; }

    public void Dispose() => Meter.Dispose();
}
