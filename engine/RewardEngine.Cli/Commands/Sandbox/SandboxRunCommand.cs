using System.CommandLine;
using System.Text.Json;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Sandbox;

namespace RewardEngine.Cli.Commands.Sandbox;

/// <summary><c>reward sandbox run</c>: one checker on one response, in the sandbox.</summary>
internal sealed class SandboxRunCommand : CliCommand
{
    private readonly Option<string> _code = CliOptions.Text("--code", "a Python file defining check_following(response)", "FILE", required: true);
    private readonly Option<string> _responseFile = CliOptions.Text("--response-file", "the response to check", "FILE", required: true);
    private readonly Option<int?> _timeout = CliOptions.OptionalInt("--timeout-ms", "wall-clock limit of the check (default: the config's)", 1, 600_000);
    private readonly Option<string> _config = CliOptions.Config();

    public override string Name => "sandbox run";
    public override string Summary => "run a check_following(response) file on a response in the sandbox";
    public override string? Details => """
        Prints {"passed": true|false|null, "error": string|null, "elapsedMs": n}; passed is null when the checker gave no
        verdict (exception, timeout, crash, kill). Exit code 0 when passed is true, 1 when false or null.
        """;
    public override IEnumerable<Symbol> Symbols => [_code, _responseFile, _timeout, _config];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var codeFile = parse.GetValue(_code)!;
        var responseFile = parse.GetValue(_responseFile)!;
        var timeout = parse.GetValue(_timeout);
        var options = SandboxCommandOptions.Load(parse, _config);
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
