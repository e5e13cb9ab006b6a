namespace RewardEngine.Configuration;

/// <summary>The profiles by name, for code that reads better with them than with <see cref="EngineProfile"/>.</summary>
public static class Profiles
{
    /// <summary>No model files: deterministic router and the deterministic verifiers.</summary>
    public const EngineProfile VerifiersOnly = EngineProfile.VerifiersOnly;
    /// <summary>Test-sized models made by the project (<c>reward models make-tiny</c>).</summary>
    public const EngineProfile Tiny = EngineProfile.Tiny;
    /// <summary>Real models named by the config.</summary>
    public const EngineProfile Full = EngineProfile.Full;
    /// <summary>Real models named by the config, run as the original system runs them (<see cref="PaperProfile"/>).</summary>
    public const EngineProfile Paper = EngineProfile.Paper;
    /// <summary>Every profile's name, as in configs and <c>--profile</c>.</summary>
    public static IReadOnlyList<string> All => ConfigNames.All<EngineProfile>();
}
