using RewardEngine.Evaluation;

namespace RewardEngine.Jobs;

/// <summary>How the <see cref="JobRunner"/> runs a job: where, how wide, which shard, and what it may replace.</summary>
public sealed record JobRunOptions
{
    /// <summary>The output folder: locked for the run; holds run.db and the job's output files.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Items in flight at once.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>This process's shard; null runs every item.</summary>
    public ShardSpec? Shard { get; init; }

    /// <summary>
    /// Replace a run of other settings held in the output folder (refused otherwise, RWD211): the user's --overwrite, or
    /// always for a job whose records are cheap to rebuild (best-of-n and annotate keep their work in a signal cache).
    /// </summary>
    public bool Overwrite { get; init; }

    /// <summary>
    /// Most items committed in one transaction. Small enough that a transaction is a small part of a run: when the
    /// workers outrun the committer (fast items), what finished is still saved in steps, so a disk that fills up or a
    /// kill loses at most one step's worth, and what was saved before is resumed.
    /// </summary>
    public int CommitBatch { get; init; } = 64;

    /// <summary>Where the runner says what it resumes or replaces.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>Progress of the items (done counts resumed ones).</summary>
    public ProgressReporter? Progress { get; init; }
}
