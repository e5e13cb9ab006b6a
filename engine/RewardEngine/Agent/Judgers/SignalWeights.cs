using RewardEngine.Configuration;

namespace RewardEngine.Agent.Judgers;

/// <summary>
/// Weights per signal kind, keyed in config (<c>judger.weights</c>) by a kind's name or an alias its provider gives
/// ("preference", "rm", "constraint", ...), resolved through a <see cref="VerifierCatalog"/>.
/// </summary>
public sealed class SignalWeights
{
    private readonly Dictionary<SignalKind, double> _weights;

    /// <param name="catalog">The verifiers whose weight keys <paramref name="overrides"/> may use (default: the engine's).</param>
    public SignalWeights(IReadOnlyDictionary<SignalKind, double> defaults, IReadOnlyDictionary<string, double>? overrides, VerifierCatalog? catalog = null)
    {
        catalog ??= VerifierCatalog.Default;
        _weights = new(defaults);
        foreach (var (key, value) in overrides ?? new Dictionary<string, double>())
        {
            if (!catalog.TryResolveWeightKey(key, out var kind))
                throw new Diagnostics.ConfigException($"judger.weights.{key}: unknown signal (expected {catalog.WeightKeyPhrase})");
            if (!double.IsFinite(value) || value < 0)
                throw new Diagnostics.ConfigException($"judger.weights.{key}: expected a finite weight >= 0, got {value}");
            _weights[kind] = value;
        }
    }

    /// <summary>The weights of <paramref name="judger"/>: the catalog's defaults for it, then the config's <c>judger.weights</c>.</summary>
    public static SignalWeights For(JudgerKind judger, IReadOnlyDictionary<string, double>? overrides, VerifierCatalog? catalog = null)
    {
        catalog ??= VerifierCatalog.Default;
        return new(catalog.DefaultWeights(judger), overrides, catalog);
    }

    /// <summary>The weights the config's judger uses, read against the config's catalog.</summary>
    public static SignalWeights For(EngineConfig config) => For(config.Judger.Kind, config.Judger.Weights, config.Catalog);

    public double this[SignalKind kind] => _weights.TryGetValue(kind, out var w) ? w : 1.0;

    public override string ToString() => string.Join(", ", _weights.OrderBy(k => k.Key.Name, StringComparer.Ordinal).Select(k => $"{k.Key.Name}={k.Value:0.##}"));
}
