using RewardEngine.Agent;
using RewardEngine.Configuration;

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

    /// <summary>The verifiers' setup that no run changes starts on other threads; the agent is still built only when an item needs it.</summary>
    public void Prepare()
    {
        foreach (var provider in config.Catalog.Providers) provider.Prepare(config);
    }

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
