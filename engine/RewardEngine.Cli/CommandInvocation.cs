using RewardEngine.Diagnostics;

namespace RewardEngine.Cli;

/// <summary>
/// Runs a command and turns every failure into one line on stderr and an exit code
/// (<see cref="ExitCodes"/>): no exception reaches the user as a stack trace.
/// </summary>
internal static class CommandInvocation
{
    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> run, CancellationToken cancellationToken)
    {
        try
        {
            return await run(cancellationToken);
        }
        catch (RewardEngineException e)
        {
            Console.Error.WriteLine($"error {e.Code}: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine("reward: cancelled");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error RWD800: {e.Message}");
            return ExitCodes.RunFailed;
        }
        catch (Exception e)
        {
            // A bug, not the user's fault: one line that names it, the trace only on request.
            Console.Error.WriteLine($"error RWD999: internal error ({e.GetType().Name}: {e.Message}); set REWARD_DEBUG=1 for the stack trace and please report it");
            if (Environment.GetEnvironmentVariable("REWARD_DEBUG") == "1") Console.Error.WriteLine(e);
            return ExitCodes.RunFailed;
        }
    }
}
