using RewardEngine.Diagnostics;

namespace RewardEngine.Configuration;

/// <summary>Turns <c>--profile</c> and <c>--config</c> into one config.</summary>
public static class ConfigResolver
{
    /// <summary>Where the tiny profile lives when no config is given (made on first use).</summary>
    public static string DefaultTinyDirectory =>
        Environment.GetEnvironmentVariable("REWARD_TINY_DIR") is { Length: > 0 } d ? d
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "rewardengine", "tiny");

    /// <summary>
    /// A config file when given (its profile overridden by an explicit <paramref name="profile"/>); otherwise the
    /// profile's defaults: verifiers-only needs nothing, tiny uses (and makes) the default tiny folder, full and paper need a file.
    /// </summary>
    public static EngineConfig Resolve(string? profile, string? configPath, Func<string, string>? makeTiny = null)
    {
        EngineProfile? chosen = null;
        if (profile is not null)
            chosen = ConfigNames.TryParse<EngineProfile>(profile, out var p) ? p
                : throw new UsageException($"--profile: unknown '{profile}' (expected {ConfigNames.Expected<EngineProfile>()})");
        if (configPath is not null)
        {
            return EngineConfig.Load(configPath, chosen);
        }
        switch (chosen ?? EngineProfile.VerifiersOnly)
        {
            case EngineProfile.VerifiersOnly:
                return new EngineConfig { Profile = EngineProfile.VerifiersOnly, Source = "profile:verifiers-only" };
            case EngineProfile.Tiny:
                var file = Path.Combine(DefaultTinyDirectory, "tiny.json");
                if (!File.Exists(file))
                {
                    if (makeTiny is null)
                        throw new ConfigException($"profile tiny: {file} not found; run 'reward models make-tiny --out {DefaultTinyDirectory}' or pass --config");
                    file = makeTiny(DefaultTinyDirectory);
                }
                return EngineConfig.Load(file);
            default:
                throw new UsageException($"--profile {ConfigNames.Of(chosen!.Value)} needs --config FILE naming the models");
        }
    }
}
