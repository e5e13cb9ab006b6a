using System.Reflection;

namespace RewardEngine.Diagnostics;

/// <summary>What produced a result: recorded in every output.</summary>
public static class EngineInfo
{
    public static string Version { get; } =
        typeof(EngineInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(EngineInfo).Assembly.GetName().Version?.ToString() ?? "0";
}
