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
    /// profile's defaults: verifiers-only needs nothing, tiny uses (and makes) the default tiny folder, full needs a file.
    /// </summary>
    public static EngineConfig Resolve(string? profile, string? configPath, Func<string, string>? makeTiny = null)
    {
        if (profile is not null && !Profiles.All.Contains(profile))
            throw new UsageException($"--profile: unknown '{profile}' (expected {string.Join(", ", Profiles.All)})");
        if (configPath is not null)
        {
            var cfg = EngineConfig.Load(configPath);
            if (profile is not null) cfg.Profile = profile;
            return cfg;
        }
        switch (profile ?? Profiles.VerifiersOnly)
        {
            case Profiles.VerifiersOnly:
                return new EngineConfig { Profile = Profiles.VerifiersOnly, Source = "profile:verifiers-only" };
            case Profiles.Tiny:
                var file = Path.Combine(DefaultTinyDirectory, "tiny.json");
                if (!File.Exists(file))
                {
                    if (makeTiny is null)
                        throw new ConfigException($"profile tiny: {file} not found; run 'reward models make-tiny --out {DefaultTinyDirectory}' or pass --config");
                    file = makeTiny(DefaultTinyDirectory);
                }
                return EngineConfig.Load(file);
            default:
                throw new UsageException("--profile full needs --config FILE naming the model files");
        }
    }
}
