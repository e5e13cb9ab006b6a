using RewardEngine.Configuration;

namespace RewardEngine.Agent;

/// <summary>
/// The verifiers a run knows, in the order signals are reported: <see cref="Default"/> (the engine's three), or
/// those plus providers of one's own (<see cref="With"/>), given to <see cref="EngineConfig.Load"/> so the config's
/// options, weights and router questions are read against them. Immutable.
/// </summary>
public sealed class VerifierCatalog
{
    private readonly Dictionary<string, SignalKind> _weightKeys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The engine's verifiers: the reward model, the constraint checks, the factuality check.</summary>
    public static VerifierCatalog Default { get; } = new(
    [
        new Verifiers.Preference.PreferenceVerifierProvider(),
        new Verifiers.Constraints.ConstraintVerifierProvider(),
        new Verifiers.Factuality.FactualityVerifierProvider(),
    ]);

    /// <exception cref="ArgumentException">Two providers share a name or a router question, a question's name is not a
    /// JSON key of lower-case letters, digits and '_', or a weight key means two kinds.</exception>
    public VerifierCatalog(IEnumerable<IVerifierProvider> providers)
    {
        Providers = [.. providers];
        var names = new HashSet<string>(StringComparer.Ordinal);
        var questions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in Providers)
        {
            if (!names.Add(p.Name)) throw new ArgumentException($"two verifier providers are named '{p.Name}'", nameof(providers));
            if (p.Question is { } q && !Models.Llm.Grammars.IsKeyName(q.Name))
                throw new ArgumentException($"router question '{q.Name}' of '{p.Name}': a name is lower-case letters, digits and '_'", nameof(providers));
            if (p.Question is { } q2 && !questions.Add(q2.Name)) throw new ArgumentException($"two verifier providers ask the router '{q2.Name}'", nameof(providers));
            foreach (var key in (string[])[p.Kind.Name, .. p.WeightAliases])
            {
                if (_weightKeys.TryGetValue(key, out var other) && other != p.Kind)
                    throw new ArgumentException($"weight key '{key}' means both {other} and {p.Kind}", nameof(providers));
                _weightKeys[key] = p.Kind;
            }
        }
        Kinds = Providers.Select(p => p.Kind).Distinct().ToList();
        Questions = Providers.Where(p => p.Question is not null).Select(p => (p.Kind, p.Question!)).ToList();
    }

    public IReadOnlyList<IVerifierProvider> Providers { get; }

    /// <summary>This catalog's providers and then <paramref name="extra"/>.</summary>
    public VerifierCatalog With(params IVerifierProvider[] extra) => new([.. Providers, .. extra]);

    /// <summary>The signal kinds, in provider order; each kind's name is its weight key.</summary>
    public IReadOnlyList<SignalKind> Kinds { get; }

    /// <summary>The LLM router's questions, in provider order, with the kind each decides.</summary>
    public IReadOnlyList<(SignalKind Kind, RouterQuestion Question)> Questions { get; }

    /// <summary>The weight keys as a phrase for error messages: "preference, constraint or factuality".</summary>
    public string WeightKeyPhrase => ConfigNames.Phrase([.. Kinds.Select(k => k.Name)]);

    /// <summary>The kind a <c>judger.weights</c> key means: a kind's name or one of its aliases, in any case.</summary>
    public bool TryResolveWeightKey(string key, out SignalKind kind) => _weightKeys.TryGetValue(key, out kind);

    /// <summary>Each kind's default weight in <paramref name="judger"/> (1.0 for the judgers that weigh nothing).</summary>
    public IReadOnlyDictionary<SignalKind, double> DefaultWeights(JudgerKind judger)
    {
        var weights = new Dictionary<SignalKind, double>();
        foreach (var p in Providers)
            weights.TryAdd(p.Kind, judger == JudgerKind.MajorVote ? p.DefaultWeights.MajorVote : p.DefaultWeights.WeightedSum);
        return weights;
    }

    /// <summary>Whether signals of <paramref name="kind"/> mean something for one answer alone.</summary>
    public bool IsPointwise(SignalKind kind) => Providers.Any(p => p.Kind == kind && p.Pointwise);

    /// <summary>The provider's options, read and checked (<see cref="IVerifierProvider.ReadOptions"/>).</summary>
    /// <exception cref="Diagnostics.ConfigException">The config's options for it have problems.</exception>
    public static T? OptionsOf<T>(IVerifierProvider provider, EngineConfig config) where T : class
    {
        var problems = new List<string>();
        var options = provider.ReadOptions(config, problems);
        if (problems.Count > 0) throw new Diagnostics.ConfigException($"{config.Source}: " + string.Join("; ", problems));
        return (T?)options;
    }
}
