using RewardEngine.Agent.Judgers;
using RewardEngine.Diagnostics;

namespace RewardEngine.Agent;

/// <summary>The reward of one response on its own and the signals behind it.</summary>
/// <param name="Reward">The weighted sum of <paramref name="Signals"/>' scores.</param>
public sealed record PointwiseResult(double Reward, IReadOnlyList<SignalResult> Signals, IReadOnlyList<SignalError> Errors)
{
    /// <summary>The LLM cost of the signals computed here (those given were paid for elsewhere).</summary>
    public Evaluation.LlmCost Cost { get; init; } = Evaluation.LlmCost.Zero;
}

/// <summary>
/// Scores a single response without a rival, as an RL trainer asks for one sample at a time: the signals that
/// mean something for one answer alone (the kinds whose provider says <see cref="IVerifierProvider.Pointwise"/>: the
/// reward model's score and the share of constraints met; factuality compares answers and is left out) summed with the
/// judger's weights. The constraint signal always counts, 0.5 when the instruction has no checkable constraint, so
/// rewards stay on one scale across prompts.
/// </summary>
public sealed class PointwiseScorer
{
    private readonly IReadOnlyList<IVerifier> _verifiers;
    private readonly SignalWeights _weights;

    /// <param name="catalog">Says which kinds are pointwise (default: the engine's verifiers).</param>
    public PointwiseScorer(IReadOnlyList<IVerifier> verifiers, SignalWeights weights, VerifierCatalog? catalog = null)
    {
        catalog ??= VerifierCatalog.Default;
        _verifiers = verifiers.Where(v => catalog.IsPointwise(v.Kind)).ToList();
        _weights = weights;
    }

    /// <summary>For an agent: its pointwise verifiers, weighted as the configured judger's weights say (1.0 each by default).</summary>
    public static PointwiseScorer For(RewardAgent agent, IReadOnlyDictionary<string, double>? configuredWeights, VerifierCatalog? catalog = null) =>
        new(agent.Verifiers, SignalWeights.For(Configuration.JudgerKind.WeightedSum, configuredWeights, catalog), catalog);

    /// <summary>The signals this scorer runs, by name.</summary>
    public IEnumerable<string> SignalNames => _verifiers.Select(v => v.Name);

    /// <summary>Scores the one answer of <paramref name="query"/>; a verifier that throws is reported and left out.</summary>
    /// <param name="given">Signals already known (constraints given with the data, say): they stand in for the
    /// verifiers of their kind, which then do not run.</param>
    /// <param name="kinds">The kinds to run; null: all this scorer has.</param>
    public async Task<PointwiseResult> ScoreAsync(RewardQuery query, CancellationToken cancellationToken,
        IReadOnlyList<SignalResult>? given = null, IReadOnlyCollection<SignalKind>? kinds = null)
    {
        if (query.Answers.Count != 1) throw new ArgumentException("pointwise scoring takes exactly one answer", nameof(query));
        given ??= [];
        var runs = _verifiers.Where(v => (kinds is null || kinds.Contains(v.Kind)) && given.All(g => g.Kind != v.Kind)).Select(async v =>
        {
            try { return (Result: (SignalResult?)await v.ScoreAsync(query, cancellationToken), Error: (SignalError?)null); }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return (Result: null, Error: new SignalError(v.Name, e is RewardEngineException ? e.Message : $"{e.GetType().Name}: {e.Message}"));
            }
        }).ToList();
        var done = await Task.WhenAll(runs);
        var signals = given.Concat(done.Where(d => d.Result is not null).Select(d => d.Result!)).ToList();
        var errors = done.Where(d => d.Error is not null).Select(d => d.Error!).ToList();
        var reward = signals.Sum(s => _weights[s.Kind] * s.Scores[0]);
        return new PointwiseResult(reward, signals, errors)
        {
            Cost = Evaluation.LlmCost.Sum(done.Where(d => d.Result is not null).Select(d => d.Result!.Cost)),
        };
    }
}
