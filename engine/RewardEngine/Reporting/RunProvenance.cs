using System.Text.Json.Nodes;

namespace RewardEngine.Reporting;

/// <summary>A data file a run read, as run.json records it.</summary>
public sealed record DatasetProvenance(string File, string Sha256, int Pairs)
{
    public string FileName => Path.GetFileName(File);
}

/// <summary>A model file a run loaded, as run.json records it.</summary>
public sealed record ModelProvenance(string Key, string Path, string Sha256);

/// <summary>
/// What produced a run's results, read from its run.json: engine version, config, data and model hashes and the
/// evaluation settings. Fields a run.json lacks stay null, so folders written by older engines still compare.
/// </summary>
public sealed record RunProvenance
{
    public string? Version { get; init; }
    public string? RunKey { get; init; }
    public string? ConfigSource { get; init; }
    public string? Profile { get; init; }
    public string? ConfigSha256 { get; init; }
    public IReadOnlyList<DatasetProvenance> Datasets { get; init; } = [];
    public IReadOnlyList<ModelProvenance> Models { get; init; } = [];
    public int? Seed { get; init; }
    public string? Ties { get; init; }
    public string? Order { get; init; }
    public int? Limit { get; init; }
    public double? PairsPerSecond { get; init; }

    /// <summary>Reads run.json; <paramref name="file"/> names it in errors.</summary>
    internal static RunProvenance Parse(JsonNode root, string file)
    {
        if (root is not JsonObject o) throw new Diagnostics.RunOutputException($"{file}: expected a JSON object");
        var config = o["config"] as JsonObject;
        return new RunProvenance
        {
            Version = Text(o["version"]),
            RunKey = Text(o["runKey"]),
            ConfigSource = Text(config?["source"]),
            Profile = Text(config?["profile"]),
            ConfigSha256 = Text(config?["sha256"]),
            Datasets = (o["datasets"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(d => new DatasetProvenance(Text(d["file"]) ?? "?", Text(d["sha256"]) ?? "", Int(d["pairs"]) ?? 0)).ToList(),
            Models = (o["models"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(m => new ModelProvenance(Text(m["key"]) ?? "?", Text(m["path"]) ?? "", Text(m["sha256"]) ?? "")).ToList(),
            Seed = Int(o["seed"]),
            Ties = Text(o["ties"]),
            Order = Text(o["order"]),
            Limit = Int(o["limit"]),
            PairsPerSecond = (o["summary"] as JsonObject)?["pairsPerSecond"] is JsonValue v && v.TryGetValue<double>(out var pps) ? pps : null,
        };
    }

    private static string? Text(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    private static int? Int(JsonNode? n) => n is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;
}
