using RewardEngine.Evaluation;

namespace RewardEngine.Jobs;

/// <summary>
/// What a run's results depend on: the config, the job's own settings, the seed, the data and the model files.
/// The run key hashes them (model files by content, cached in the store): change any and it is another run.
/// A shard split is not part of the key (the shards of one run share it; the store records the shard beside it).
/// </summary>
/// <param name="Config">The config as canonical JSON.</param>
/// <param name="Settings">The job's settings that change results (e.g. eval's order), in a fixed order.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="DataHashes">SHA-256 of each input file, in order.</param>
/// <param name="ModelFiles">Model files by config key.</param>
public sealed record RunKeyParts(
    string Config,
    IReadOnlyList<string> Settings,
    int Seed,
    IReadOnlyList<string> DataHashes,
    IReadOnlyList<(string Key, string Path)> ModelFiles)
{
    /// <summary>A key known already: the run merged from its shards keeps their key.</summary>
    public string? Known { get; init; }

    /// <summary>The parts of a run whose key is known (<see cref="ShardMerge"/>).</summary>
    public static RunKeyParts OfKnown(string runKey) => new("", [], 0, [], []) { Known = runKey };

    /// <summary>The key: 16 hex digits of SHA-256 over the parts, models as key=sha256.</summary>
    public string KeyOf(IReadOnlyList<ModelFileHash> models) => Known ??
        FileHashes.Sha256OfText(string.Join("\n",
            [Config, .. Settings, $"seed={Seed}", .. DataHashes, .. models.Select(m => m.Key + "=" + m.Sha256)]))[..16];
}

/// <summary>A model file of a run and its content hash (run.json's provenance).</summary>
public sealed record ModelFileHash(string Key, string Path, string Sha256);
