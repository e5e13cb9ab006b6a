using RewardEngine.Configuration;

namespace RewardEngine.Agent;

/// <summary>
/// One verifier, everything about it in one place: its signal kind and weight keys, its default weights, the LLM
/// router's question about it, its options (read from the config and checked at load), and how it is built.
/// Listed in a <see cref="VerifierCatalog"/>; adding a verifier is adding a provider.
/// </summary>
public interface IVerifierProvider
{
    /// <summary>The verifier's name, and the key of its options section under the config's <c>verifiers</c>.</summary>
    string Name { get; }

    /// <summary>The kind of the signal it returns; <see cref="SignalKind.Name"/> is its weight key in <c>judger.weights</c>.</summary>
    SignalKind Kind { get; }

    /// <summary>Other weight keys meaning <see cref="Kind"/> ("rm" for preference), matched without regard to case.</summary>
    IReadOnlyList<string> WeightAliases => [];

    /// <summary>The weight of <see cref="Kind"/> where <c>judger.weights</c> gives none.</summary>
    SignalWeightDefaults DefaultWeights => SignalWeightDefaults.One;

    /// <summary>The LLM router's question about this verifier; null: it is not asked about, it always runs.</summary>
    RouterQuestion? Question => null;

    /// <summary>Whether its score means something for one answer alone (pointwise rewards, best-of-n's per-response signals).</summary>
    bool Pointwise => false;

    /// <summary>
    /// Reads this verifier's options from <paramref name="config"/> into its typed record, adding each problem as
    /// "key: problem" to <paramref name="problems"/>. Called when a config is loaded (so a bad value is an error
    /// before any work) and when the verifier is built. Null: it has no options.
    /// </summary>
    object? ReadOptions(EngineConfig config, ICollection<string> problems) => null;

    /// <summary>
    /// Starts the verifier's one-time setup that no run changes (compiled patterns, tables read from disk) on another
    /// thread, so that it overlaps the caller's own start-up (opening its store, reading data) instead of delaying the
    /// first item; <see cref="Create"/> still builds the verifier, and finds the setup done or waits for it. Never
    /// throws. Default: nothing to prepare.
    /// </summary>
    void Prepare(EngineConfig config) { }

    /// <summary>Builds the verifier, or returns null when the config or profile leaves it out.</summary>
    IVerifier? Create(AgentContext context);
}
