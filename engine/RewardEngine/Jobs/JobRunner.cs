using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;

namespace RewardEngine.Jobs;

/// <summary>
/// Runs a job resumably. In order: takes the output folder's exclusive lock (a second process is refused, RWD600);
/// completes or clears an interrupted output commit; opens OUT/run.db and keys the run (<see cref="RunKeyParts"/>);
/// refuses a folder holding another run unless told to overwrite (RWD211); loads the stored records; runs the rest of
/// this shard's items in parallel, committing finished ones in batched transactions (so a SIGKILL loses at most the
/// batch being written, and the store is never the bottleneck); then hands every record, in input order, to the
/// job's summary hook, whose files are committed as one <see cref="OutputSet"/> (all or nothing) before the lock goes.
/// </summary>
public static class JobRunner
{
    /// <summary>The store's file in the output folder.</summary>
    public const string StoreFile = "run.db";

    /// <param name="job">What to do with each item.</param>
    /// <param name="items">Every item of the run with its stable index (the shard filter is applied here).</param>
    /// <param name="key">What the results depend on.</param>
    /// <param name="options">Folder, threads, shard, overwrite, progress.</param>
    /// <param name="summarise">The summary hook: adds the job's output files to the set (committed after it returns).</param>
    public static async Task<JobRun<TRecord>> RunAsync<TItem, TRecord>(
        IJob<TItem, TRecord> job,
        IReadOnlyList<JobItem<TItem>> items,
        RunKeyParts key,
        JobRunOptions options,
        Action<JobRun<TRecord>, OutputSet>? summarise,
        CancellationToken cancellationToken)
        where TRecord : class, IJobRecord
    {
        job.Prepare();
        var folder = Path.GetFullPath(options.OutputDirectory);
        // Held for the whole run: a second process on this folder is refused instead of taking over its store.
        using var folderLock = ExclusiveLock.ForFolder(folder);
        OutputSet.Recover(folder);
        using var store = RunStore.Open(Path.Combine(folder, StoreFile));
        var models = key.ModelFiles.Select(m => new ModelFileHash(m.Key, m.Path, store.HashFile(m.Path))).ToList();
        var runKey = key.KeyOf(models);
        var shardText = options.Shard?.ToString() ?? "";
        RefuseAnotherRun(store, folder, runKey, shardText, options.Overwrite, job.Noun);
        var discarded = store.StartRun(runKey, shardText);
        if (discarded > 0)
            options.Log.WriteLine($"replaced another run held in {folder}: dropped its {discarded} {job.Noun} record(s)");

        var selected = options.Shard is { } shard ? items.Where((_, position) => shard.Holds(position)).ToList() : items;
        var wanted = selected.Select(i => i.Index).ToHashSet();
        var stored = store.Load<TRecord>((r, index) => r.Index == index && job.IsWhole(r), job.Noun, cancellationToken);
        var done = new Dictionary<int, TRecord>(stored.Where(s => wanted.Contains(s.Key)));
        var todo = selected.Where(i => !done.ContainsKey(i.Index)).ToList();
        int resumed = done.Count;
        if (resumed > 0)
            options.Log.WriteLine($"resuming run {runKey}{(shardText.Length > 0 ? " shard " + shardText : "")}: {resumed}/{selected.Count} {job.Noun}(s) already done");

        var clock = Stopwatch.StartNew();
        if (todo.Count > 0)
        {
            options.Progress?.Report(resumed, selected.Count);
            await job.StartAsync(cancellationToken);
            await RunItemsAsync(job, todo, store, done, resumed, selected.Count, options, cancellationToken);
        }
        var elapsed = clock.Elapsed;

        var run = new JobRun<TRecord>(runKey, options.Shard, selected.Select(i => done[i.Index]).ToList(), resumed, todo.Count, elapsed, models);
        if (summarise is not null)
        {
            var set = new OutputSet(folder);
            summarise(run, set);
            set.Commit();
        }
        return run;
    }

    private static async Task RunItemsAsync<TItem, TRecord>(IJob<TItem, TRecord> job, List<JobItem<TItem>> todo, RunStore store,
        Dictionary<int, TRecord> done, int resumed, int total, JobRunOptions options, CancellationToken cancellationToken)
        where TRecord : class, IJobRecord
    {
        using var finished = new BlockingCollection<(TRecord Record, string Json)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // One committer on its own thread: the workers keep every pool thread busy on a small machine, and a committer
        // waiting for the pool would commit nothing until the pool grew (half a second), so a kill in that time lost
        // everything finished. Whatever finished while the last transaction was written goes into the next.
        var committer = Task.Factory.StartNew(() =>
        {
            var batch = new List<(TRecord Record, string Json)>(options.CommitBatch);
            int count = resumed;
            try
            {
                while (finished.TryTake(out var first, Timeout.Infinite))
                {
                    batch.Add(first);
                    while (batch.Count < options.CommitBatch && finished.TryTake(out var f)) batch.Add(f);
                    store.SaveBatch(batch.Select(b => (b.Record.Index, b.Json)).ToList());
                    lock (done) foreach (var b in batch) done[b.Record.Index] = b.Record;
                    count += batch.Count;
                    batch.Clear();
                    options.Progress?.Report(count, total);
                }
            }
            catch
            {
                stop.Cancel(); // the store cannot take more: stop the workers
                throw;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        ExceptionDispatchInfo? workFailure = null;
        try
        {
            await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads), CancellationToken = stop.Token },
                async (item, ct) =>
                {
                    var record = await job.RunAsync(item.Value, item.Index, ct);
                    if (record.Index != item.Index)
                        throw new InvalidOperationException($"job {job.Name} returned the record of {job.Noun} {record.Index} for {job.Noun} {item.Index}");
                    finished.Add((record, RunStore.Serialize(record)), CancellationToken.None);
                });
        }
        catch (Exception e) { workFailure = ExceptionDispatchInfo.Capture(e); }
        finished.CompleteAdding();
        await committer; // what finished is committed even when the run is cancelled or an item failed; a store fault wins
        workFailure?.Throw();
    }

    /// <summary>A folder holding another run's results is never taken over silently.</summary>
    private static void RefuseAnotherRun(RunStore store, string folder, string runKey, string shard, bool overwrite, string noun)
    {
        if (overwrite) return;
        var (heldKey, heldShard, heldItems) = store.Identity();
        string? other = null;
        if (heldKey is not null && heldItems > 0 && (heldKey != runKey || heldShard != shard))
            other = $"run.db holds {heldItems} {noun}(s) of run {heldKey}{(heldShard.Length > 0 ? " shard " + heldShard : "")}";
        else if (heldItems == 0 && RunKeyInRunJson(folder) is { } written && written != runKey)
            other = $"run.json holds the results of run {written}";
        if (other is null) return;
        var shardNote = heldKey == runKey ? $" (this is shard {(shard.Length > 0 ? shard : "all")})" : " (other settings, data or models)";
        throw new OutputFolderInUseException(folder,
            $"{other}, not this run {runKey}{shardNote}; choose another --out, or pass --overwrite to replace it");
    }

    private static string? RunKeyInRunJson(string folder)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "run.json")));
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("runKey", out var k)
                && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException) { return null; }
    }
}
