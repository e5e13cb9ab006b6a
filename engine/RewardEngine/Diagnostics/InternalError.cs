namespace RewardEngine.Diagnostics;

/// <summary>
/// The last net under every command: an exception no check turned into a coded error becomes RWD990 (exit code 3)
/// with its type and first line, and the rest of its trace when REWARD_DEBUG is set. A coded error found inside
/// (wrapped by a task or a parallel loop) is reported as itself.
/// </summary>
public static class InternalError
{
    public static RewardEngineException From(Exception e)
    {
        if (Unwrap(e) is RewardEngineException coded) return coded;
        var inner = Unwrap(e);
        var detail = Environment.GetEnvironmentVariable("REWARD_DEBUG") is { Length: > 0 } ? "\n" + inner : "";
        return new RunFailedException("RWD990",
            $"internal error: {inner.GetType().Name}: {inner.Message.Split('\n')[0]} (please report it; REWARD_DEBUG=1 shows where){detail}", inner);
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
        return e;
    }
}
