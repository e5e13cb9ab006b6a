namespace RewardEngine.Jobs;

/// <summary>
/// A job on the <see cref="JobRunner"/>: turns one input item into one durable record. The runner does everything
/// else (store, run key, resume, shards, parallelism, batched commits, progress, the output set); a job is a class
/// with this method and a record type. Items must be independent and each one deterministic given its index and the
/// run's seed, so that results never depend on thread count, commit order or shard split.
/// </summary>
/// <typeparam name="TItem">An input item (a pair, a prompt, a listwise row).</typeparam>
/// <typeparam name="TRecord">What is committed for it (System.Text.Json round-trippable).</typeparam>
public interface IJob<TItem, TRecord> where TRecord : class, IJobRecord
{
    /// <summary>The job's name in logs ("eval").</summary>
    string Name { get; }

    /// <summary>What one item is, singular, for messages and progress ("pair").</summary>
    string Noun { get; }

    /// <summary>
    /// Starts setup that no item changes on another thread, so it overlaps the caller's start-up. Returns at once;
    /// must not throw; idempotent: a caller that reads its data first calls it before that, and the runner's own call,
    /// before it opens its store, then does nothing.
    /// </summary>
    void Prepare() { }

    /// <summary>
    /// Called once before the first item runs (never when every item is already stored): load models here,
    /// so a finished run's rerun loads nothing.
    /// </summary>
    ValueTask StartAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Runs one item. Called concurrently for different items.</summary>
    Task<TRecord> RunAsync(TItem item, int index, CancellationToken cancellationToken);

    /// <summary>Whether a record read back from the store is whole (beyond its index, which the runner checks).</summary>
    bool IsWhole(TRecord stored) => true;
}
