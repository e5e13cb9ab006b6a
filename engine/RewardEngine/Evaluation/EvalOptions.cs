using RewardEngine.Jobs;

namespace RewardEngine.Evaluation;

/// <summary>What to evaluate and how: <c>reward eval</c>'s flags.</summary>
public sealed record EvalOptions
{
    public required IReadOnlyList<string> Datasets { get; init; }
    public required string OutputDirectory { get; init; }
    /// <summary>The run's seed (<c>--seed</c>, else the config's): passed to the agent, never written into the config.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>The first N pairs of each dataset file.</summary>
    public int? Limit { get; init; }
    public TiePolicy Ties { get; init; } = TiePolicy.Half;
    public OrderMode Order { get; init; } = OrderMode.Random;
    /// <summary>Pairs in flight at once.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>This process's shard of the pairs; null evaluates them all.</summary>
    public ShardSpec? Shard { get; init; }
    /// <summary>Replace another run held in the output folder instead of refusing (RWD211).</summary>
    public bool Overwrite { get; init; }

    /// <summary>The runner's settings for this evaluation: its folder, threads, shard and overwrite flag.</summary>
    internal JobRunOptions RunOptions(TextWriter log, ProgressReporter? progress) => new()
    {
        OutputDirectory = OutputDirectory, Threads = Threads, Shard = Shard, Overwrite = Overwrite, Log = log, Progress = progress,
    };
}
