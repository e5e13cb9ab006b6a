using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace RewardEngine.Sandbox;

/// <summary>
/// The original's design, kept as the throughput baseline: a fresh interpreter per check, joined with a
/// timeout, the verdict read from what the process prints. Not isolated and not used by the engine.
/// </summary>
internal sealed class ProcessPerCheckRunner(string python, int timeoutMs = 5000)
{
    // The verdict line is the last thing printed; anything the checker prints before it is ignored.
    private const string Driver = """
        import sys
        src = sys.argv[1]
        g = {"__name__": "__checker__"}
        exec(compile(src, "<checker>", "exec"), g)
        r = g["check_following"](sys.stdin.read())
        print("RESULT", "true" if r is True else "false" if r is False else "none")
        """;

    public async Task<CheckOutcome> RunAsync(string checker, string answer, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeoutMs);
        try
        {
            var result = await Cli.Wrap(python)
                .WithArguments(["-I", "-S", "-c", Driver, checker])
                .WithStandardInputPipe(PipeSource.FromString(answer, Encoding.UTF8))
                .WithValidation(CommandResultValidation.None)
                .ExecuteBufferedAsync(Encoding.UTF8, Encoding.UTF8, CancellationToken.None, timeout.Token);
            var ms = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var last = result.StandardOutput.TrimEnd().Split('\n')[^1];
            return last switch
            {
                "RESULT true" => new CheckOutcome(true, null, ms),
                "RESULT false" => new CheckOutcome(false, null, ms),
                _ => new CheckOutcome(null, $"exit {result.ExitCode}: {result.StandardError.Trim().Split('\n')[^1]}", ms),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CheckOutcome(null, $"timed out after {timeoutMs} ms", timeoutMs);
        }
    }
}
