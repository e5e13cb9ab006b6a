using RewardEngine.Configuration;

namespace RewardEngine.Extensions.AI.DependencyInjection;

/// <summary>
/// What <c>AddRewardEngine</c> builds the evaluator from: the engine config, bound from the configuration section
/// given to it (the JSON config's keys), and where the engine resolves paths and keeps its caches.
/// </summary>
public sealed class RewardEngineOptions
{
    /// <summary>The engine config; bound from configuration unless set in the configure callback.</summary>
    public EngineConfig? Config { get; set; }

    /// <summary>The folder the config's relative paths resolve against; default: the current folder.</summary>
    public string? BaseDirectory { get; set; }

    /// <summary>The folder of the engine's caches (generated checkers); default: under the temporary directory.</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>Seed of sampling and orders; default: the config's.</summary>
    public int? Seed { get; set; }

    /// <summary>Where model loading and warnings are written; default: nowhere.</summary>
    public TextWriter? Log { get; set; }
}
