using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Diagnostics;
using RewardEngine.Jobs;
using RewardEngine.Storage;

namespace RewardEngine.Evaluation;

/// <summary>
/// Writes OUT/results_grouped.json (<c>{subset: accuracy, ..., "overall": x}</c>), OUT/scores.jsonl (one line per pair)
/// and OUT/run.json (what produced the results: engine version, hashes of config, data and models; the summary).
/// The three are added to one <see cref="OutputSet"/> and replaced together: a failed write leaves the previous set whole.
/// </summary>
public static class ResultWriter
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>run.json's description of the run (everything before its summary): engine, key, config, data, models, settings.</summary>
    public static JsonObject Describe(EvalOptions options, EngineConfig config, IReadOnlyList<Dataset> datasets, IReadOnlyList<ModelFileHash> models, string runKey)
    {
        var run = new JsonObject
        {
            ["engine"] = "RewardEngine",
            ["version"] = EngineInfo.Version,
            ["runKey"] = runKey,
            ["config"] = new JsonObject
            {
                ["source"] = config.Source,
                ["profile"] = ConfigNames.Of(config.Profile),
                ["sha256"] = FileHashes.Sha256OfText(config.ToJson()),
            },
            ["datasets"] = new JsonArray(datasets.Select(d => (JsonNode)new JsonObject
            {
                ["file"] = Path.GetFullPath(d.File), ["sha256"] = d.Sha256, ["pairs"] = d.Pairs.Count,
            }).ToArray()),
            ["models"] = new JsonArray(models.Select(m => (JsonNode)new JsonObject
            {
                ["key"] = m.Key, ["path"] = m.Path, ["sha256"] = m.Sha256,
            }).ToArray()),
            ["seed"] = options.Seed,
            ["ties"] = options.Ties.ToString().ToLowerInvariant(),
            ["order"] = options.Order.ToString().ToLowerInvariant(),
            ["limit"] = options.Limit,
        };
        if (options.Shard is { } shard) run["shard"] = shard.ToString();
        return run;
    }

    /// <summary>Adds the three files to <paramref name="set"/>; <paramref name="description"/> is from <see cref="Describe"/>.</summary>
    public static void Add(OutputSet set, EvalReport report, IReadOnlyList<PairRecord> records, TiePolicy ties, JsonObject description)
    {
        AddRecords(set, report, records, (r, node) => node["result"] = r.Result(ties), description);
    }

    /// <summary>
    /// The three files for any eval record type: results_grouped.json from the report, scores.jsonl (each record, plus
    /// what <paramref name="decorate"/> adds, plus the run key), run.json (<paramref name="description"/> + summary and results).
    /// </summary>
    public static void AddRecords<T>(OutputSet set, EvalReport report, IReadOnlyList<T> records, Action<T, JsonObject>? decorate, JsonObject description)
    {
        var grouped = new JsonObject();
        foreach (var s in report.Subsets) grouped[s.Subset] = Math.Round(s.Accuracy, 6);
        grouped["overall"] = Math.Round(report.Overall, 6);
        set.Add("results_grouped.json", grouped.ToJsonString(Indented) + "\n");

        set.Add("scores.jsonl", stream =>
        {
            using var w = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16, leaveOpen: true);
            foreach (var r in records)
            {
                var node = JsonSerializer.SerializeToNode(r, RunStore.Json)!.AsObject();
                decorate?.Invoke(r, node);
                node["run"] = report.RunKey;
                w.Write(node.ToJsonString());
                w.Write('\n');
            }
        });

        var run = (JsonObject)description.DeepClone();
        run["summary"] = JsonSerializer.SerializeToNode(report.Summary, RunStore.Json);
        run["results"] = grouped.DeepClone();
        // Unrounded, for gates: a threshold compares the exact value, not its 6-place rounding.
        run["accuracy"] = new JsonObject(report.Subsets.Select(s => KeyValuePair.Create(s.Subset, (JsonNode?)JsonValue.Create(s.Accuracy)))
            .Append(KeyValuePair.Create("overall", (JsonNode?)JsonValue.Create(report.Overall))));
        set.Add("run.json", run.ToJsonString(Indented) + "\n");
    }

    /// <summary>The model files a config names that exist, by config key: hashed into the run key and listed in run.json.</summary>
    public static IEnumerable<(string Key, string Path)> ModelFiles(EngineConfig config) =>
        config.RequiredPaths()
            .Where(p => !p.IsDirectory && config.Resolve(p.Path) is { } f && File.Exists(f))
            .Select(p => (p.Key, config.Resolve(p.Path)!))
            .DistinctBy(p => p.Item2);
}
