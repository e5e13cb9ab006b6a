using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Diagnostics;

namespace RewardEngine.Evaluation;

/// <summary>
/// Writes OUT/results_grouped.json (<c>{subset: accuracy, ..., "overall": x}</c>), OUT/scores.jsonl (one line per pair)
/// and OUT/run.json (what produced the results: engine version, hashes of config, data and models; the summary).
/// Files are replaced atomically.
/// </summary>
public static class ResultWriter
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Write(EvalOptions options, EngineConfig config, EvalReport report, IReadOnlyList<PairRecord> records,
        IReadOnlyList<Dataset> datasets, IReadOnlyList<(string Key, string Path, string Sha)> models)
    {
        var dir = options.OutputDirectory;
        var grouped = new JsonObject();
        foreach (var s in report.Subsets) grouped[s.Subset] = Math.Round(s.Accuracy, 6);
        grouped["overall"] = Math.Round(report.Overall, 6);
        WriteAtomic(Path.Combine(dir, "results_grouped.json"), grouped.ToJsonString(Indented) + "\n");

        using (var w = new StringWriter())
        {
            foreach (var r in records)
            {
                var node = JsonSerializer.SerializeToNode(r, RunStore.Json)!.AsObject();
                node["result"] = r.Result(options.Ties);
                node["run"] = report.RunKey;
                w.Write(node.ToJsonString());
                w.Write('\n');
            }
            WriteAtomic(Path.Combine(dir, "scores.jsonl"), w.ToString());
        }

        var run = new JsonObject
        {
            ["engine"] = "RewardEngine",
            ["version"] = EngineInfo.Version,
            ["runKey"] = report.RunKey,
            ["config"] = new JsonObject
            {
                ["source"] = config.Source,
                ["profile"] = config.Profile,
                ["sha256"] = FileHashes.Sha256OfText(config.ToJson()),
            },
            ["datasets"] = new JsonArray(datasets.Select(d => (JsonNode)new JsonObject
            {
                ["file"] = Path.GetFullPath(d.File), ["sha256"] = d.Sha256, ["pairs"] = d.Pairs.Count,
            }).ToArray()),
            ["models"] = new JsonArray(models.Select(m => (JsonNode)new JsonObject
            {
                ["key"] = m.Key, ["path"] = m.Path, ["sha256"] = m.Sha,
            }).ToArray()),
            ["seed"] = options.Seed,
            ["ties"] = options.Ties.ToString().ToLowerInvariant(),
            ["order"] = options.Order.ToString().ToLowerInvariant(),
            ["limit"] = options.Limit,
            ["summary"] = JsonSerializer.SerializeToNode(report.Summary, RunStore.Json),
            ["results"] = grouped.DeepClone(),
            // Unrounded, for gates: a threshold compares the exact value, not its 6-place rounding.
            ["accuracy"] = new JsonObject(report.Subsets.Select(s => KeyValuePair.Create(s.Subset, (JsonNode?)JsonValue.Create(s.Accuracy)))
                .Append(KeyValuePair.Create("overall", (JsonNode?)JsonValue.Create(report.Overall)))),
        };
        WriteAtomic(Path.Combine(dir, "run.json"), run.ToJsonString(Indented) + "\n");
    }

    private static void WriteAtomic(string path, string text)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }
}
