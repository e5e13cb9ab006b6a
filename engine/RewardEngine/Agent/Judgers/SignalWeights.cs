namespace RewardEngine.Agent.Judgers;

/// <summary>Weights per signal kind, keyed in config by "preference", "constraint" and "factuality".</summary>
public sealed class SignalWeights
{
    private readonly Dictionary<SignalKind, double> _weights;

    public SignalWeights(IReadOnlyDictionary<SignalKind, double> defaults, IReadOnlyDictionary<string, double>? overrides)
    {
        _weights = new(defaults);
        foreach (var (key, value) in overrides ?? new Dictionary<string, double>())
        {
            if (!TryParseKind(key, out var kind))
                throw new Diagnostics.ConfigException($"judger.weights.{key}: unknown signal (expected preference, constraint or factuality)");
            if (!double.IsFinite(value) || value < 0)
                throw new Diagnostics.ConfigException($"judger.weights.{key}: expected a finite weight >= 0, got {value}");
            _weights[kind] = value;
        }
    }

    public double this[SignalKind kind] => _weights.TryGetValue(kind, out var w) ? w : 1.0;

    public static bool TryParseKind(string key, out SignalKind kind)
    {
        switch (key.ToLowerInvariant())
        {
            case "preference" or "reward_model" or "rm": kind = SignalKind.Preference; return true;
            case "constraint" or "constraints" or "instruction_following": kind = SignalKind.Constraint; return true;
            case "factuality" or "fact": kind = SignalKind.Factuality; return true;
            default: kind = default; return false;
        }
    }

    public override string ToString() => string.Join(", ", _weights.OrderBy(k => k.Key).Select(k => $"{k.Key.ToString().ToLowerInvariant()}={k.Value:0.##}"));
}
