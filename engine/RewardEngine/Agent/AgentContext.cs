using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Models.Llm;
using RewardEngine.Models.Llm.ChatClient;
using RewardEngine.Models.RewardModels;

namespace RewardEngine.Agent;

/// <summary>
/// What verifiers are built from: the config, a work folder for caches, a log, and the shared LLM roles.
/// It owns the native resources it hands out and disposes them once.
/// </summary>
public sealed class AgentContext : IAsyncDisposable
{
    private readonly List<object> _owned = [];
    private readonly Lazy<ITextGenerator?> _planner, _coder;

    /// <param name="seed">The run's seed (<c>--seed</c>); default: the config's.</param>
    public AgentContext(EngineConfig config, string workDirectory, TextWriter? log = null, int? seed = null)
    {
        Config = config;
        Seed = seed ?? config.Seed;
        WorkDirectory = workDirectory;
        Log = log ?? TextWriter.Null;
        // One backend builds both roles, so a planner and coder naming the same file share weights.
        _planner = new(() => Config.Profile == Profiles.VerifiersOnly ? null : Backends.Create(LlmRole.Planner));
        _coder = new(() => Config.Profile == Profiles.VerifiersOnly ? null : Backends.Create(LlmRole.Coder));
    }

    public EngineConfig Config { get; }
    /// <summary>Seed of this run's sampling and orders: a per-run value, passed beside the config, not written into it.</summary>
    public int Seed { get; }
    public string WorkDirectory { get; }
    public TextWriter Log { get; }

    /// <summary>What the components built from this context measure (batches, sandbox checks, cache hits).</summary>
    public EngineMetrics Metrics { get; } = new();

    /// <summary>
    /// Batch reward-model calls of concurrent callers together (a server); null (default) scores each call on its
    /// own, so results never depend on what else is in flight.
    /// </summary>
    public RewardModelBatching? RewardModelBatching { get; init; }

    /// <summary>
    /// LLM roles run on these Microsoft.Extensions.AI chat clients instead of llm.backend; null (default): the
    /// config's backends.
    /// </summary>
    public ChatClientRoles? ChatClients { get; init; }

    /// <summary>The planner LLM, or null where the profile has none.</summary>
    public ITextGenerator? Planner => _planner.Value;

    /// <summary>The coder LLM, or null where the profile has none.</summary>
    public ITextGenerator? Coder => _coder.Value;

    private readonly object _backendsGate = new();
    private LlmBackendSet? _backends;

    // Built once under a lock: planner and coder may be first asked for at the same moment.
    private LlmBackendSet Backends
    {
        get { lock (_backendsGate) return _backends ??= Own(new LlmBackendSet(Config, Log, ChatClients)); }
    }

    /// <summary>Registers a resource for disposal with the context; returns it.</summary>
    public T Own<T>(T resource) where T : class
    {
        lock (_owned) _owned.Add(resource);
        return resource;
    }

    public async ValueTask DisposeAsync()
    {
        object[] owned;
        lock (_owned) { owned = [.. _owned]; _owned.Clear(); }
        foreach (var o in owned.Reverse())
        {
            if (o is IAsyncDisposable ad) await ad.DisposeAsync();
            else if (o is IDisposable d) d.Dispose();
        }
        Metrics.Dispose();
    }
}
