using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Jobs;

namespace RewardEngine.Evaluation;

/// <summary>
/// The part every job that asks the reward agent shares: the agent and the context that owns its models, built when
/// the runner starts the first item (never for a run whose items are all stored) and disposed with the job.
/// </summary>
public abstract class AgentJob(EngineConfig config, EvalOptions options, TextWriter log, Func<AgentContext, RewardAgent>? agentFactory)
    : IAsyncDisposable
{
    private AgentContext? _context;
    private RewardAgent? _agent;

    /// <summary>The run's options (seed, order).</summary>
    protected EvalOptions Options => options;

    /// <summary>The agent; available once the runner has started the job.</summary>
    protected RewardAgent Agent => _agent ?? throw new InvalidOperationException("the runner starts a job before its first item");

    private int _prepared;

    /// <summary>
    /// Starts, on other threads, the setup that no run changes: each verifier's (parser, language table, checkers),
    /// the store's serialization code for this job's records and the agent's own code (<see cref="AgentWarmUp"/>).
    /// The run's agent is still built only when an item needs it. Idempotent: an evaluator calls it before it reads
    /// its data, so the setup overlaps that too, and the runner's own call then does nothing.
    /// </summary>
    public void Prepare()
    {
        if (Interlocked.Exchange(ref _prepared, 1) == 1) return;
        foreach (var provider in config.Catalog.Providers) provider.Prepare(config);
        _ = Task.Run(() =>
        {
            try { if (SampleRecord() is { } sample) RunStore.Serialize(sample); }
            catch (Exception) { } // a preparation only: the real records are serialized, and fail visibly, in the run
            AgentWarmUp.Run(config);
        });
    }

    /// <summary>A record of this job's type with every part filled (nested lists and numbers): serializing it makes
    /// the store's serialization code ready before the first real record needs it. None (default): nothing to warm.</summary>
    protected virtual IJobRecord? SampleRecord() => null;

    public ValueTask StartAsync(CancellationToken cancellationToken)
    {
        _context = new AgentContext(config, options.OutputDirectory, log, options.Seed);
        _agent = (agentFactory ?? RewardAgent.Create)(_context);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is not null) await _context.DisposeAsync();
        _context = null;
        GC.SuppressFinalize(this);
    }
}
