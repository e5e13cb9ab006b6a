using System.Text.Json.Serialization;

namespace RewardEngine.Agent;

/// <summary>
/// The kind of a signal, by name ("preference", "constraint", "factuality"): what judgers weigh it by and the key of
/// its weight. Open: a verifier provider added outside the engine brings a kind of its own
/// (<see cref="IVerifierProvider.Kind"/>); the built-in kinds are the three below.
/// </summary>
[JsonConverter(typeof(SignalKindJsonConverter))]
public readonly record struct SignalKind
{
    /// <param name="name">Lower-case letters, digits and '_' (it is a config key and a JSON value).</param>
    public SignalKind(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_') || name[0] is >= '0' and <= '9')
            throw new ArgumentException($"a signal kind is lower-case letters, digits and '_': '{name}'", nameof(name));
        _name = name;
    }

    /// <summary>The kind's name, as written to scores.jsonl and matched by the weight keys.</summary>
    public string Name => _name ?? "";

    private readonly string? _name;

    /// <summary>Human-preference reward model.</summary>
    public static SignalKind Preference { get; } = new("preference");
    /// <summary>Instruction-following constraints checked by code.</summary>
    public static SignalKind Constraint { get; } = new("constraint");
    /// <summary>Factual correctness checked against evidence.</summary>
    public static SignalKind Factuality { get; } = new("factuality");

    public override string ToString() => Name;
}
