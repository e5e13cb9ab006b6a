using System.Globalization;
using RewardEngine.Diagnostics;

namespace RewardEngine.Jobs;

/// <summary>
/// Shard K of N (0-based) of a run: the items at positions K, K+N, K+2N, ... of the run's item list. Interleaving
/// keeps the N slices balanced in size (at most one apart) and in cost (every dataset is spread over every shard),
/// and is a pure function of the item list, so every shard process picks its slice alone.
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    /// <summary>Kubernetes Indexed Jobs set it in every pod: the pod's index, 0-based.</summary>
    public const string KubernetesVariable = "JOB_COMPLETION_INDEX";
    /// <summary>Slurm job arrays set it in every task: the task's index (from the array's first index).</summary>
    public const string SlurmVariable = "SLURM_ARRAY_TASK_ID";
    /// <summary>The array's first index (<c>--array=1-4</c> starts at 1): subtracted from the task id.</summary>
    public const string SlurmMinVariable = "SLURM_ARRAY_TASK_MIN";

    /// <summary>Whether the item at <paramref name="position"/> of the run's list belongs to this shard.</summary>
    public bool Holds(int position) => position % Count == Index;

    /// <summary>"K/N".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>Parses "K/N" with 0 &lt;= K &lt; N; a usage error (RWD001) otherwise.</summary>
    public static ShardSpec Parse(string text, string option = "--shard")
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && k < n)
            return new ShardSpec(k, n);
        throw new UsageException($"{option} '{text}': expected K/N with 0 <= K < N (shard 0/4 is the first of four)");
    }

    /// <summary>
    /// The shard a process runs: <paramref name="shard"/> (<c>--shard K/N</c>) when given; else with
    /// <paramref name="shards"/> (<c>--shards N</c>), K from <see cref="KubernetesVariable"/> or
    /// <see cref="SlurmVariable"/> (minus <see cref="SlurmMinVariable"/>); null (the whole run) when neither is given.
    /// </summary>
    public static ShardSpec? Resolve(string? shard, int? shards, Func<string, string?> environment)
    {
        if (shard is not null && shards is not null)
            throw new UsageException("--shard K/N and --shards N: give one (--shards takes K from JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID)");
        if (shard is not null) return Parse(shard);
        if (shards is not { } n) return null;
        if (n < 1) throw new UsageException($"--shards {n}: expected a count >= 1");
        int k;
        if (environment(KubernetesVariable) is { Length: > 0 } kube) k = ParseIndex(kube, KubernetesVariable);
        else if (environment(SlurmVariable) is { Length: > 0 } slurm)
            k = ParseIndex(slurm, SlurmVariable) - (environment(SlurmMinVariable) is { Length: > 0 } min ? ParseIndex(min, SlurmMinVariable) : 0);
        else throw new UsageException($"--shards {n}: neither {KubernetesVariable} (Kubernetes Indexed Job) nor {SlurmVariable} (Slurm array) is set; give --shard K/{n}");
        if (k < 0 || k >= n)
            throw new UsageException($"--shards {n}: the scheduler's index {k} is not in 0..{n - 1} (does the job's completions or array size match --shards?)");
        return new ShardSpec(k, n);
    }

    private static int ParseIndex(string value, string variable) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v : throw new UsageException($"{variable}='{value}': expected a whole number");
}
