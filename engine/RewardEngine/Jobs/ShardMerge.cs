using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;

namespace RewardEngine.Jobs;

/// <summary>
/// Reads the run stores of a sharded run's N output folders and checks that together they are the whole run: one
/// run key, one shard count, every shard 0..N-1 exactly once, no item in two shards. A shard folder that is not
/// finished, or of another run, is named (RWD100, exit 2) before anything is written.
/// </summary>
public static class ShardMerge
{
    /// <summary>One shard's folder and records.</summary>
    public sealed record Shard<TRecord>(string Folder, ShardSpec Spec, IReadOnlyDictionary<int, TRecord> Records);

    /// <summary>The shards, ordered by K, and every record by index.</summary>
    public sealed record Merged<TRecord>(string RunKey, IReadOnlyList<Shard<TRecord>> Shards, IReadOnlyList<TRecord> Records)
        where TRecord : class, IJobRecord;

    public static Merged<TRecord> Load<TRecord>(IReadOnlyList<string> folders, Func<TRecord, bool> isWhole, string noun)
        where TRecord : class, IJobRecord
    {
        if (folders.Count == 0) throw new UsageException("reward merge: give the shard folders to merge");
        var shards = new List<Shard<TRecord>>();
        string? runKey = null;
        foreach (var folder in folders.Select(Path.GetFullPath))
        {
            var db = Path.Combine(folder, JobRunner.StoreFile);
            if (!File.Exists(db)) throw new DatasetException(folder, null, null, $"holds no {JobRunner.StoreFile}: not the output folder of a shard");
            // The shard's own process may still run: its lock says so (RWD600) instead of merging half a shard.
            using var held = ExclusiveLock.ForFolder(folder, "shard folder", "wait for the shard to finish");
            using var store = RunStore.Open(db);
            var (key, shardText, _) = store.Identity();
            if (key is null || shardText.Length == 0)
                throw new DatasetException(folder, null, null, key is null ? "holds no run" : $"holds run {key} unsharded: merge the folders of --shard K/N runs");
            var spec = ShardSpec.Parse(shardText, "the stored shard");
            if (runKey is not null && key != runKey)
                throw new DatasetException(folder, null, null, $"holds run {key}, the other shards run {runKey} (other settings, data or models)");
            runKey = key;
            shards.Add(new Shard<TRecord>(folder, spec, store.Load<TRecord>((r, i) => r.Index == i && isWhole(r), noun)));
        }
        var count = shards[0].Spec.Count;
        if (shards.FirstOrDefault(s => s.Spec.Count != count) is { } odd)
            throw new DatasetException(odd.Folder, null, null, $"is shard {odd.Spec} but {shards[0].Folder} is shard {shards[0].Spec}: one run split {count} ways is merged");
        if (shards.GroupBy(s => s.Spec.Index).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new DatasetException(twice.Last().Folder, null, null, $"is shard {twice.Key}/{count} again (also {twice.First().Folder})");
        var missing = Enumerable.Range(0, count).Where(k => shards.All(s => s.Spec.Index != k)).ToList();
        if (missing.Count > 0)
            throw new UsageException($"reward merge: shard(s) {string.Join(", ", missing.Select(k => $"{k}/{count}"))} missing: give all {count} shard folders");
        shards.Sort((a, b) => a.Spec.Index.CompareTo(b.Spec.Index));
        var all = new SortedDictionary<int, TRecord>();
        foreach (var s in shards)
            foreach (var (index, record) in s.Records)
                if (!all.TryAdd(index, record))
                    throw new DatasetException(s.Folder, null, null, $"holds {noun} {index}, which another shard holds too");
        return new Merged<TRecord>(runKey!, shards, [.. all.Values]);
    }

    /// <summary>
    /// The job that wrote a shard folder, from its run.json's <c>"kind"</c> ("listwise", "bon", "annotate"; null for a
    /// pairwise eval, which names none, and for a folder without a readable run.json: that merge says what is wrong).
    /// </summary>
    public static string? KindOf(string folder)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(Path.Combine(folder, RunJson))) is JsonObject run && run["kind"] is JsonValue kind
                   && kind.TryGetValue<string>(out var text) ? text : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException) { return null; }
    }

    /// <summary>
    /// Checks that every shard finished (its run.json is of this run and shard, and its summary's
    /// <paramref name="countField"/> counts every record its store holds) and returns the description the shards
    /// share: the first one's run.json without its summary, results and shard.
    /// </summary>
    public static JsonObject FinishedDescription<TRecord>(Merged<TRecord> merged, string countField, string noun)
        where TRecord : class, IJobRecord
    {
        JsonObject? description = null;
        foreach (var shard in merged.Shards)
        {
            var run = ReadRunJson(shard.Folder);
            var count = run["summary"]?[countField] is JsonValue v && v.TryGetValue<int>(out var c) ? c : (int?)null;
            if (run["runKey"]?.GetValue<string>() != merged.RunKey || run["shard"]?.GetValue<string>() != shard.Spec.ToString() || count != shard.Records.Count)
                throw new DatasetException(shard.Folder, null, null,
                    $"shard {shard.Spec} has not finished ({shard.Records.Count} {noun}(s) stored, run.json of {(count is null ? "no finished run" : $"{count} {noun}(s)")}): run the same command again to finish it, then merge");
            description ??= run;
        }
        description = (JsonObject)description!.DeepClone();
        foreach (var k in new[] { "summary", "results", "accuracy", "shard" }) description.Remove(k);
        return description;
    }

    private const string RunJson = "run.json";

    private static JsonObject ReadRunJson(string folder)
    {
        var file = Path.Combine(folder, RunJson);
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(file)) as JsonObject
                   ?? throw new DatasetException(file, null, null, "is not a JSON object: not the run.json of a shard");
        }
        catch (FileNotFoundException)
        {
            throw new DatasetException(folder, null, null, "holds no run.json: the shard has not finished; run the same command again to finish it, then merge");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new DatasetException(file, null, null, $"is not the run.json of a shard ({e.Message.Split('.')[0]})");
        }
    }

    /// <summary>
    /// Writes the merged run into <paramref name="options"/>' folder as if one process had run it: its run store
    /// (unsharded, the shards' run key: the same command rerun there resumes every item) and the job's files.
    /// </summary>
    public static Task<JobRun<TRecord>> CommitAsync<TRecord>(Merged<TRecord> merged, JobRunOptions options,
        Action<JobRun<TRecord>, OutputSet> summarise, CancellationToken cancellationToken)
        where TRecord : class, IJobRecord =>
        JobRunner.RunAsync(new CopyJob<TRecord>(), merged.Records.Select(r => new JobItem<TRecord>(r.Index, r)).ToList(),
            RunKeyParts.OfKnown(merged.RunKey), options with { Shard = null }, summarise, cancellationToken);

    /// <summary>Stores records already made.</summary>
    private sealed class CopyJob<TRecord> : IJob<TRecord, TRecord> where TRecord : class, IJobRecord
    {
        public string Name => "merge";
        public string Noun => "item";
        public Task<TRecord> RunAsync(TRecord item, int index, CancellationToken cancellationToken) => Task.FromResult(item);
    }
}
