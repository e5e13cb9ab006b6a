using System.CommandLine;
using RewardEngine.Diagnostics;
using RewardEngine.Sandbox;

namespace RewardEngine.Cli.Commands.Sandbox;

/// <summary><c>reward sandbox probe</c>: whether generated code can run isolated here, and how.</summary>
internal sealed class SandboxProbeCommand : CliCommand
{
    private readonly Option<string> _config = CliOptions.Config();

    public override string Name => "sandbox probe";
    public override string Summary => "tell whether the sandbox can isolate generated code on this machine";
    public override string? Details => "Exit code 0 when isolated, 1 when only unsandboxed runs are possible.";
    public override IEnumerable<Symbol> Symbols => [_config];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        // Probing must not fail; it reports instead.
        var options = SandboxCommandOptions.Load(parse, _config) with { AllowUnsandboxed = true, Workers = 1 };
        await using var runner = SandboxRunner.Create(options, TextWriter.Null);
        await runner.StartAsync(cancellationToken);
        var check = await runner.RunOneAsync(
            "import os, socket\ndef check_following(response):\n    try:\n        socket.create_connection(('127.0.0.1', 9), 1)\n        return False\n    except OSError:\n        return not os.path.exists('/etc/hostname')\n",
            "", cancellationToken);
        Console.WriteLine($"isolation: {runner.Isolation}");
        if (runner.IsolationProblem is { } p) Console.WriteLine($"problem: {p}");
        Console.WriteLine($"uid {Environment.UserName}: network and host files {(check.Passed == true ? "not reachable" : "REACHABLE")}");
        return runner.Isolation == SandboxIsolation.Isolated && check.Passed == true ? 0 : 1;
    }
}
