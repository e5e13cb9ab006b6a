using RewardEngine.Diagnostics;
using RewardEngine.Evaluation;
using RewardEngine.Jobs;

namespace RewardEngine.Tests.Jobs;

public class JobRunnerTests
{
    /// <summary>A record of the test job: the item's square and a made-up LLM cost.</summary>
    public sealed record SquareRecord(int Index, long Square, LlmCost Llm) : IJobRecord
    {
        [System.Text.Json.Serialization.JsonIgnore] public LlmCost Cost => Llm;
    }

    /// <summary>Squares numbers; counts what it runs; can fail on one item (a run stopped part way).</summary>
    private sealed class SquareJob(int? failAt = null) : IJob<int, SquareRecord>
    {
        public int Runs;
        public int Starts;
        public string Name => "square";
        public string Noun => "number";
        public ValueTask StartAsync(CancellationToken ct) { Starts++; return ValueTask.CompletedTask; }
        public async Task<SquareRecord> RunAsync(int item, int index, CancellationToken ct)
        {
            if (index == failAt) throw new InvalidOperationException("stopped");
            await Task.Yield();
            Interlocked.Increment(ref Runs);
            return new SquareRecord(index, (long)item * item, new LlmCost(1, item % 5, 0));
        }
    }

    private static List<JobItem<int>> Items(int n) => [.. Enumerable.Range(0, n).Select(i => new JobItem<int>(i, i + 1))];

    private static RunKeyParts Key(string config = "{}") => new(config, ["x"], 42, ["data"], []);

    private static JobRun<SquareRecord> Run(SquareJob job, string dir, int n = 100, int threads = 4, ShardSpec? shard = null, bool overwrite = false,
        string config = "{}", Action<JobRun<SquareRecord>, RewardEngine.Storage.OutputSet>? summarise = null) =>
        JobRunner.RunAsync(job, Items(n), Key(config), new JobRunOptions { OutputDirectory = dir, Threads = threads, Shard = shard, Overwrite = overwrite },
            summarise, default).GetAwaiter().GetResult();

    [Fact]
    public void Records_come_back_in_input_order_with_their_cost_at_any_thread_count()
    {
        var one = Run(new SquareJob(), TestPaths.NewTempDirectory(), threads: 1);
        var many = Run(new SquareJob(), TestPaths.NewTempDirectory(), threads: 16);
        Assert.Equal(Enumerable.Range(0, 100), one.Records.Select(r => r.Index));
        Assert.Equal(one.Records, many.Records);
        Assert.Equal(one.RunKey, many.RunKey);
        Assert.Equal(100, one.Cost.Calls);
        Assert.Equal(Enumerable.Range(1, 100).Sum(i => i % 5), one.Cost.GeneratedTokens);
    }

    [Fact]
    public void A_stopped_run_resumes_without_redoing_committed_items_and_a_finished_one_starts_nothing()
    {
        var dir = TestPaths.NewTempDirectory();
        var failing = new SquareJob(failAt: 60);
        Assert.Throws<InvalidOperationException>(() => Run(failing, dir, threads: 1));
        Assert.Equal(60, failing.Runs); // items 0..59 finished and were committed before the failure surfaced

        var rest = new SquareJob();
        var run = Run(rest, dir);
        Assert.Equal(60, run.Resumed);
        Assert.Equal(40, rest.Runs);
        Assert.Equal(Run(new SquareJob(), TestPaths.NewTempDirectory()).Records, run.Records);

        var again = new SquareJob();
        Assert.Equal(100, Run(again, dir).Resumed);
        Assert.Equal(0, again.Starts); // nothing to do: no models loaded
    }

    [Fact]
    public void Shards_are_balanced_disjoint_and_merge_to_the_whole_run()
    {
        var whole = Run(new SquareJob(), TestPaths.NewTempDirectory(), n: 103);
        var dirs = Enumerable.Range(0, 4).Select(_ => TestPaths.NewTempDirectory()).ToList();
        var shards = Enumerable.Range(0, 4).Select(k => Run(new SquareJob(), dirs[k], n: 103, shard: new ShardSpec(k, 4))).ToList();
        Assert.All(shards, s => Assert.InRange(s.Records.Count, 25, 26));
        Assert.All(shards, s => Assert.Equal(whole.RunKey, s.RunKey));
        Assert.Equal(103, shards.SelectMany(s => s.Records).Select(r => r.Index).Distinct().Count());

        var merged = ShardMerge.Load<SquareRecord>(dirs, _ => true, "number");
        Assert.Equal(whole.Records, merged.Records);
        var missing = Assert.Throws<UsageException>(() => ShardMerge.Load<SquareRecord>(dirs[..3], _ => true, "number"));
        Assert.Contains("3/4 missing", missing.Message);
        var twice = Assert.Throws<DatasetException>(() => ShardMerge.Load<SquareRecord>([.. dirs, dirs[1]], _ => true, "number"));
        Assert.Contains("again", twice.Message);

        // A shard folder is one shard's: the same folder for another shard is another run.
        Assert.Throws<OutputFolderInUseException>(() => Run(new SquareJob(), dirs[0], n: 103, shard: new ShardSpec(1, 4)));
    }

    [Fact]
    public void A_folder_holding_another_run_is_refused_unless_overwrite()
    {
        var dir = TestPaths.NewTempDirectory();
        Run(new SquareJob(), dir, n: 10);
        var e = Assert.Throws<OutputFolderInUseException>(() => Run(new SquareJob(), dir, n: 10, config: "{\"other\":1}"));
        Assert.Equal("RWD211", e.Code);
        Assert.Equal(ExitCodes.Usage, e.ExitCode);
        var replaced = new SquareJob();
        Assert.Equal(0, Run(replaced, dir, n: 10, config: "{\"other\":1}", overwrite: true).Resumed);
        Assert.Equal(10, replaced.Runs);
    }

    [Fact]
    public void The_summary_hook_writes_files_as_one_set()
    {
        var dir = TestPaths.NewTempDirectory();
        Run(new SquareJob(), dir, n: 5, summarise: (run, set) => set.Add("squares.txt", string.Join(",", run.Records.Select(r => r.Square))));
        Assert.Equal("1,4,9,16,25", File.ReadAllText(Path.Combine(dir, "squares.txt")));
    }

    [Theory]
    [InlineData("1/4", null, null, null, 1)]
    [InlineData(null, 4, "3", null, 3)]
    [InlineData(null, 4, null, "2", 2)]
    [InlineData(null, 4, null, "3;1", 2)] // Slurm array 1-4: task 3 is the third shard (index 2)
    public void The_shard_comes_from_the_flag_or_the_scheduler(string? shard, int? shards, string? kube, string? slurm, int expected)
    {
        string? Env(string name) => name switch
        {
            ShardSpec.KubernetesVariable => kube,
            ShardSpec.SlurmVariable => slurm?.Split(';')[0],
            ShardSpec.SlurmMinVariable => slurm?.Split(';') is [_, var min] ? min : null,
            _ => null,
        };
        Assert.Equal(expected, ShardSpec.Resolve(shard, shards, Env)!.Value.Index);
    }

    [Theory]
    [InlineData("4/4")]
    [InlineData("-1/4")]
    [InlineData("1")]
    [InlineData("a/b")]
    public void A_bad_shard_is_a_usage_error(string shard) =>
        Assert.Equal(ExitCodes.Usage, Assert.Throws<UsageException>(() => ShardSpec.Parse(shard)).ExitCode);

    [Fact]
    public void Shards_without_a_scheduler_index_is_a_usage_error() =>
        Assert.Contains("JOB_COMPLETION_INDEX", Assert.Throws<UsageException>(() => ShardSpec.Resolve(null, 4, _ => null)).Message);
}
