using System.CommandLine;
using RewardEngine.Configuration;
using RewardEngine.Sandbox;

namespace RewardEngine.Cli.Commands.Sandbox;

/// <summary>The sandbox section of --config, or the defaults.</summary>
internal static class SandboxCommandOptions
{
    public static SandboxOptions Load(ParseResult parse, Option<string> config) =>
        parse.GetValue(config) is { } file ? EngineConfig.Load(file).Sandbox : new SandboxOptions();
}
