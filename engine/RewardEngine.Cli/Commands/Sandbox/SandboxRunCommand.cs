using System.Text.Json;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Sandbox;

namespace RewardEngine.Cli.Commands.Sandbox;

/// <summary><c>reward sandbox run</c>: one checker on one response, in the sandbox.</summary>
public sealed class SandboxRunCommand : ICliCommand
{
    public string Name => "sandbox run";
    public string Summary => "Run a check_following(response) file on a response in the sandbox";
    public string Usage => """
        reward sandbox run --code FILE --response-file FILE [--timeout-ms N] [--config FILE]

        Prints {"passed": true|false|null, "error": string|null, "elapsedMs": n}.
        passed is null when the checker gave no verdict (exception, timeout, crash, kill).
        Exit code: 0 when passed is true, 1 when false or null.
        """;

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var codeFile = args.Required("code");
        var responseFile = args.Required("response-file");
        var timeout = args.OptionalInt("timeout-ms", min: 1, max: 600_000);
        var options = SandboxCommandOptions.Load(args);
        args.EnsureAllUsed();
        var code = ReadFile(codeFile, "--code");
        var response = ReadFile(responseFile, "--response-file");

        await using var runner = SandboxRunner.Create(options, Console.Error);
        await runner.StartAsync(cancellationToken); // elapsedMs is the check's, not the worker's start
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = await runner.RunOneAsync(code, response, cancellationToken, timeout);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Console.WriteLine(JsonSerializer.Serialize(new { passed = outcome.Passed, error = outcome.Error, elapsedMs = Math.Round(elapsed, 1) }));
        return outcome.Passed == true ? 0 : 1;
    }

    private static string ReadFile(string path, string option) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new UsageException($"{option}: file not found: {path}");
}

/// <summary>The sandbox section of --config, or the defaults.</summary>
internal static class SandboxCommandOptions
{
    public static SandboxOptions Load(CliArgs args) =>
        args.String("config") is { } file ? EngineConfig.Load(file).Sandbox : new SandboxOptions();
}
