using RewardEngine.Diagnostics;

namespace RewardEngine.Cli;

/// <summary>Makes the tiny profile's models on first use.</summary>
internal static class TinyProfile
{
    public static string Make(string directory) =>
        throw new ConfigException($"profile tiny: no tiny models in {directory}; run 'reward models make-tiny --out {directory}'");
}
