using RewardEngine.Diagnostics;
using RewardEngine.Sandbox;

namespace RewardEngine.Cli.Commands.Sandbox;

/// <summary><c>reward sandbox probe</c>: whether generated code can run isolated here, and how.</summary>
public sealed class SandboxProbeCommand : ICliCommand
{
    public string Name => "sandbox probe";
    public string Summary => "Tell whether the sandbox can isolate generated code on this machine";
    public string Usage => "reward sandbox probe [--config FILE]\n\nExit code 0 when isolated, 1 when only unsandboxed runs are possible.";

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        // Probing must not fail; it reports instead.
        var options = SandboxCommandOptions.Load(args) with { AllowUnsandboxed = true, Workers = 1 };
        args.EnsureAllUsed();
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
