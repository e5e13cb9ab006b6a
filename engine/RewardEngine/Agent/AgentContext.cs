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
    private readonly Dictionary<LlmRole, Lazy<ITextGenerator?>> _roles;

    /// <param name="seed">The run's seed (<c>--seed</c>); default: the config's.</param>
    public AgentContext(EngineConfig config, string workDirectory, TextWriter? log = null, int? seed = null)
    {
        Config = config;
        Seed = seed ?? config.Seed;
        WorkDirectory = workDirectory;
        Log = log ?? TextWriter.Null;
        // One backend set builds every role, so roles naming the same file or server share one generator.
        _roles = Enum.GetValues<LlmRole>().ToDictionary(r => r,
            r => new Lazy<ITextGenerator?>(() => Config.Profile == Profiles.VerifiersOnly ? null : Backends.Create(r)));
    }

    public EngineConfig Config { get; }
    /// <summary>The verifiers the agent is built from: the config's catalog (<see cref="EngineConfig.Catalog"/>).</summary>
    public VerifierCatalog Catalog => Config.Catalog;
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
    public ITextGenerator? Planner => Llm(LlmRole.Planner);

    /// <summary>The coder LLM, or null where the profile has none.</summary>
    public ITextGenerator? Coder => Llm(LlmRole.Coder);

    /// <summary>The LLM of <paramref name="role"/> (<c>llm.roles</c>, else the short form), or null where the profile has none.</summary>
    public ITextGenerator? Llm(LlmRole role) => _roles[role].Value;

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
