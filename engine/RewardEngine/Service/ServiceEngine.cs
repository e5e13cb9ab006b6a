using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Models.RewardModels;
using RewardEngine.Verifiers.Constraints;
using RewardEngine.Verifiers.Preference;

namespace RewardEngine.Service;

/// <summary>
/// The engine a service answers with, loaded once: the agent (router, verifiers, judger) with its models, the
/// constraint verifier behind <c>/evaluate/</c>, and the pointwise scorer behind <c>/get_reward</c> and
/// <c>/v1/compute_score</c>. Stateless between requests apart from the caches its components keep.
/// </summary>
internal sealed class ServiceEngine : IAsyncDisposable
{
    private ServiceEngine(AgentContext context, RewardAgent agent, ConstraintVerifier constraints, PointwiseScorer pointwise)
    {
        Context = context;
        Agent = agent;
        Constraints = constraints;
        Pointwise = pointwise;
        Batcher = agent.Verifiers.OfType<PreferenceVerifier>().FirstOrDefault()?.Batcher;
    }

    public AgentContext Context { get; }
    public RewardAgent Agent { get; }
    public ConstraintVerifier Constraints { get; }
    public PointwiseScorer Pointwise { get; }
    public RewardModelBatcher? Batcher { get; }

    /// <summary>Builds the agent the config describes and loads its models (LLM roles included, not lazily).</summary>
    public static ServiceEngine Load(EngineConfig config, ServiceOptions options, TextWriter log, Func<AgentContext, RewardAgent>? agentFactory)
    {
        Directory.CreateDirectory(options.WorkDirectory);
        var context = new AgentContext(config, Path.GetFullPath(options.WorkDirectory), log) { RewardModelBatching = options.RewardModelBatching };
        try
        {
            var agent = (agentFactory ?? RewardAgent.Create)(context);
            // The roles load on first use; a service loads them before it says it is ready.
            _ = context.Planner;
            _ = context.Coder;
            var constraints = agent.Verifiers.OfType<ConstraintVerifier>().FirstOrDefault()
                              ?? new ConstraintVerifier(new ConstraintParser(), config.Constraints, log: log);
            return new ServiceEngine(context, agent, constraints, PointwiseScorer.For(agent, config.Judger.Weights, config.Catalog));
        }
        catch
        {
            context.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>
    /// The reward of one response: constraints given with the data replace parsed ones; without an instruction
    /// only the constraint signal can run.
    /// </summary>
    public Task<PointwiseResult> ScoreResponseAsync(string? instruction, string response, IReadOnlyList<Constraint>? given,
        int? seed, CancellationToken cancellationToken)
    {
        var query = new RewardQuery([ChatMessage.User(instruction ?? "")], [response]) { Seed = seed };
        IReadOnlyList<SignalResult>? signals = given is null ? null : [Constraints.ScoreConstraints(given, [response])];
        IReadOnlyCollection<SignalKind>? kinds = instruction is null ? [SignalKind.Constraint] : null;
        return Pointwise.ScoreAsync(query, cancellationToken, signals, kinds);
    }

    public ValueTask DisposeAsync() => Context.DisposeAsync();
}
