using System.Text.Json.Nodes;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Evaluation;

namespace RewardEngine.Jobs;

/// <summary>
/// run.json's description of a job over one file of prompt rows (<c>bon</c>, <c>annotate</c>): engine, run key, kind,
/// config, input, models, seed (the job adds its settings). A merge of the job's shards reads the input back from it.
/// </summary>
internal static class PromptRunDescription
{
    public static JsonObject Of(string kind, string runKey, EngineConfig config, string input, string inputHash, int prompts,
        IReadOnlyList<ModelFileHash> models, int seed, ShardSpec? shard)
    {
        var description = new JsonObject
        {
            ["engine"] = "RewardEngine",
            ["version"] = EngineInfo.Version,
            ["runKey"] = runKey,
            ["kind"] = kind,
            ["config"] = new JsonObject { ["source"] = config.Source, ["profile"] = ConfigNames.Of(config.Profile), ["sha256"] = FileHashes.Sha256OfText(config.ToJson()) },
            ["input"] = new JsonObject { ["file"] = Path.GetFullPath(input), ["sha256"] = inputHash, ["prompts"] = prompts },
            ["models"] = new JsonArray(models.Select(m => (JsonNode)new JsonObject { ["key"] = m.Key, ["path"] = m.Path, ["sha256"] = m.Sha256 }).ToArray()),
            ["seed"] = seed,
        };
        if (shard is { } k) description["shard"] = k.ToString();
        return description;
    }

    /// <summary>
    /// The rows of the input a run's description names, for a merge of its shards: refused when the file is gone, has
    /// changed since the shards read it, or does not hold the shards' prompts.
    /// </summary>
    public static IReadOnlyList<ResponseRow> ReadInput<TRecord>(JsonObject description, ShardMerge.Merged<TRecord> merged, CancellationToken cancellationToken)
        where TRecord : class, IJobRecord
    {
        var input = description["input"]?["file"]?.GetValue<string>() ?? throw new DatasetException(merged.Shards[0].Folder, null, null, "run.json names no input file");
        if (!File.Exists(input))
            throw new DatasetException(input, null, null, "is missing: the shards' input is read again to write the merged files; put it back where the shards read it");
        if (FileHashes.Sha256(input) != description["input"]?["sha256"]?.GetValue<string>())
            throw new DatasetException(input, null, null, "has changed since the shards read it: merge with the input they ran on, or run the shards again");
        var rows = ResponseRow.Read(input, cancellationToken);
        if (merged.Records.Count != rows.Count || merged.Records[^1].Index != rows.Count - 1)
            throw new DatasetException(merged.Shards[0].Folder, null, null, $"the shards hold {merged.Records.Count} prompt(s), the input {rows.Count}");
        return rows;
    }
}
