using RewardEngine.Agent;
using RewardEngine.Agent.Judgers;
using RewardEngine.Configuration;

namespace RewardEngine.Jobs;

/// <summary>
/// What best-of-n and annotate score with: the agent the config describes, its per-response signals through the
/// signal store's <see cref="SignalCache"/>, and its weights. Owns the agent's models.
/// </summary>
public sealed class ScoringSession : IAsyncDisposable
{
    private ScoringSession(AgentContext context, RewardAgent agent, SignalCache cache, SignalWeights weights)
    {
        Context = context; Agent = agent; Signals = cache; Weights = weights;
    }

    public AgentContext Context { get; }
    public RewardAgent Agent { get; }
    public SignalCache Signals { get; }
    /// <summary>The configured judger's weights (its defaults where the config gives none).</summary>
    public SignalWeights Weights { get; }
    public string ConfigKey => SignalCache.ConfigKey(Context.Config);

    public static ScoringSession Open(EngineConfig config, SignalStore store, string workDirectory, int seed, TextWriter log)
    {
        config.Validate();
        var context = new AgentContext(config, workDirectory, log, seed);
        try
        {
            var agent = RewardAgent.Create(context);
            var weights = SignalWeights.For(config);
            var scorer = new PointwiseScorer(agent.Verifiers, weights, config.Catalog);
            return new ScoringSession(context, agent, new SignalCache(store, scorer, SignalCache.ConfigKey(config)), weights);
        }
        catch
        {
            context.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Context.DisposeAsync();
}
