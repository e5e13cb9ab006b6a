using System.Diagnostics;
using RewardEngine.Agent.Judgers;
using RewardEngine.Agent.Routers;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;

namespace RewardEngine.Agent;

/// <summary>A verifier that threw: the run carries on without its signal.</summary>
public sealed record SignalError(string Name, string Message);

/// <summary>Everything the agent decided about one query, and what its LLM work cost.</summary>
public sealed record AgentResult(
    RouteDecision Route,
    IReadOnlyList<SignalResult> Signals,
    IReadOnlyList<SignalError> Errors,
    Judgment Judgment)
{
    /// <summary>
    /// The LLM cost of this query's reward work (router, verifiers, judger), returned with the result: callers sum it
    /// per item. Generations outside the agent (a policy model's samples) are never in it.
    /// </summary>
    public Evaluation.LlmCost Cost { get; init; } = Evaluation.LlmCost.Zero;
}

/// <summary>
/// The reward agent: router, then the chosen verifiers (concurrently), then the judger.
/// The base reward model is one more verifier (kind Preference) that the routers always keep.
/// </summary>
public sealed class RewardAgent(IRouter router, IReadOnlyList<IVerifier> verifiers, IJudger judger)
{
    public IRouter Router { get; } = router;
    public IReadOnlyList<IVerifier> Verifiers { get; } = verifiers;
    public IJudger Judger { get; } = judger;

    public async Task<AgentResult> EvaluateAsync(RewardQuery query, CancellationToken cancellationToken)
    {
        if (query.Answers.Count < 2) throw new ArgumentException("a reward query needs at least two answers", nameof(query));
        var agentErrors = new List<SignalError>();
        RouteDecision route;
        try { route = await Router.RouteAsync(query, Verifiers, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // No query may abort a run: without a route every verifier runs, and the failure is recorded.
            agentErrors.Add(new SignalError("router", Describe(e)));
            route = new RouteDecision(Verifiers, $"router {Router.Name} failed ({Describe(e)}): every verifier runs");
        }
        var runs = route.Selected.Select(async v =>
        {
            try
            {
                var r = await v.ScoreAsync(query, cancellationToken);
                if (r.Scores.Count != query.Answers.Count)
                    return (Result: (SignalResult?)null, Error: new SignalError(v.Name, $"returned {r.Scores.Count} scores for {query.Answers.Count} answers"));
                return (Result: r, Error: (SignalError?)null);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return (Result: null, Error: new SignalError(v.Name, Describe(e)));
            }
        }).ToList();
        var done = await Task.WhenAll(runs);
        var signals = done.Where(d => d.Result is not null).Select(d => d.Result!).ToList();
        var errors = agentErrors.Concat(done.Where(d => d.Error is not null).Select(d => d.Error!)).ToList();
        Judgment judgment;
        try { judgment = await Judger.JudgeAsync(query, signals, cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            errors.Add(new SignalError("judger", Describe(e)));
            judgment = new Judgment(Judger.Name, query.Answers.Select(_ => 0.0).ToList(), null, $"judger failed ({Describe(e)}): a tie");
        }
        // The cost of the query is the sum of what each step returned; a step that threw returned none.
        return new AgentResult(route, signals, errors, judgment)
        {
            Cost = route.Cost + Evaluation.LlmCost.Sum(signals.Select(s => s.Cost)) + judgment.Cost,
        };
    }

    private static string Describe(Exception e) => e is RewardEngineException ? e.Message : $"{e.GetType().Name}: {e.Message}";

    /// <summary>Builds the agent the config describes; the context owns every model it loads.</summary>
    public static RewardAgent Create(AgentContext context)
    {
        var cfg = context.Config;
        var verifiers = new List<IVerifier>();
        foreach (var provider in context.Catalog.Providers)
        {
            var sw = Stopwatch.StartNew();
            if (provider.Create(context) is { } v)
            {
                verifiers.Add(v);
                context.Log.WriteLine($"verifier {v.Name} ready ({sw.ElapsedMilliseconds} ms)");
            }
        }
        uint seed = unchecked((uint)context.Seed);
        IRouter router = cfg.Router == RouterKind.Llm
            ? new LlmRouter(context.Llm(cfg.RouterRole) ?? throw new ConfigException("router: 'llm' needs an LLM (or use router 'deterministic')"), seed, cfg.RouterFallback, context.Catalog)
            : new DeterministicRouter();
        IJudger judger = cfg.Judger.Kind switch
        {
            JudgerKind.WeightedSum => new WeightedSumJudger(SignalWeights.For(cfg)),
            JudgerKind.MajorVote => new MajorVoteJudger(SignalWeights.For(cfg)),
            JudgerKind.LlmJudge => new LlmJudger(context.Llm(Models.Llm.LlmRole.Judge) ?? throw new ConfigException("judger.kind: 'llm_judge' needs an LLM"), seed, cfg.Judger.MultiAnswer),
            JudgerKind.LlmAggregator => new LlmAggregatorJudger(context.Llm(Models.Llm.LlmRole.Judge) ?? throw new ConfigException("judger.kind: 'llm_aggregator' needs an LLM"), seed),
            _ => throw new ConfigException($"judger.kind: unknown '{cfg.Judger.Kind}'"),
        };
        return new RewardAgent(router, verifiers, judger);
    }
}
