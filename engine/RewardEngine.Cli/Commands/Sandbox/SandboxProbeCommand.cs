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
        var results = await runner.RunAsync(
        [
            "import os\ndef check_following(response):\n    return not any(os.path.exists(p) for p in ('/etc/hostname', '/etc/passwd', '/home', '/root'))\n",
            "import socket\ndef check_following(response):\n    socket.create_connection(('127.0.0.1', 9), 1)\n    return True\n",
        ], [""], cancellationToken);
        var files = results[0][0];
        var socket = results[1][0];
        Console.WriteLine($"isolation: {runner.Isolation}");
        if (runner.IsolationProblem is { } p) Console.WriteLine($"problem: {p}");
        Console.WriteLine($"uid {Environment.UserName}: host files {(files.Passed == true ? "not visible" : "VISIBLE")}; " +
                          $"a socket {(socket.Passed is null ? $"is refused ({socket.Error})" : "WAS OPENED")}");
        if (runner.Guards is { } g)
            Console.WriteLine($"checker processes: uid {g.CheckerUid} (harness {g.HarnessUid}), syscall filter {(g.SyscallFilter ? "on" : "OFF")}, " +
                              $"scratch {(g.FreshTmpfs ? "a new tmpfs after each use" : "a folder emptied after each use")}");
        return runner.Isolation == SandboxIsolation.Isolated && files.Passed == true && socket.Passed is null ? 0 : 1;
    }
}
