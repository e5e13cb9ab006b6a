namespace RewardEngine.Data.Catalog;

/// <summary>How downloads retry and when a stalled one is given up.</summary>
/// <param name="MaxAttempts">Tries per file, the first included; each retry resumes where the last one stopped.</param>
/// <param name="FirstDelay">The wait before the first retry; it doubles on each later one, up to <paramref name="MaxDelay"/>.</param>
/// <param name="IdleTimeout">A response that sends nothing for this long is dropped and retried.</param>
public sealed record DownloadPolicy(int MaxAttempts, TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan IdleTimeout)
{
    public static DownloadPolicy Default { get; } = new(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60));

    public TimeSpan DelayBefore(int retry) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks * (1L << Math.Min(retry - 1, 20))));
}
