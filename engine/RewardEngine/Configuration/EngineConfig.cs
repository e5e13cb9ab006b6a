using System.Text.Json;
using System.Text.Json.Serialization;
using RewardEngine.Diagnostics;

namespace RewardEngine.Configuration;

/// <summary>
/// The one JSON config of a run: model files, router, judger and weights, knowledge base, sandbox limits.
/// Relative paths are resolved against the config file's folder.
/// </summary>
public sealed class EngineConfig
{
    /// <summary>verifiers-only, tiny or full. Decides which components are built.</summary>
    public string Profile { get; set; } = Profiles.VerifiersOnly;
    public int Seed { get; set; } = 42;
    /// <summary>deterministic (ask each verifier) or llm (the paper's planner prompt).</summary>
    public string Router { get; set; } = "deterministic";
    public JudgerOptions Judger { get; set; } = new();
    public LlmOptions Llm { get; set; } = new();
    public RewardModelOptions RewardModel { get; set; } = new();
    public ConstraintOptions Constraints { get; set; } = new();
    public FactualityOptions Factuality { get; set; } = new();
    public SandboxOptions Sandbox { get; set; } = new();

    /// <summary>The folder relative paths are resolved against.</summary>
    [JsonIgnore] public string BaseDirectory { get; set; } = Directory.GetCurrentDirectory();
    /// <summary>Where the config came from (a file path, or "profile:NAME").</summary>
    [JsonIgnore] public string Source { get; set; } = "defaults";

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Absolute form of a configured path (null stays null).</summary>
    public string? Resolve(string? path) =>
        string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(Path.Combine(BaseDirectory, path));

    public static EngineConfig Load(string file)
    {
        var full = Path.GetFullPath(file);
        if (!File.Exists(full)) throw new ConfigException($"{file}: config file not found");
        EngineConfig? cfg;
        try
        {
            cfg = JsonSerializer.Deserialize<EngineConfig>(File.ReadAllText(full), JsonOptions);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } p ? $" at {p}" : "";
            throw new ConfigException($"{file}{where}: {FirstLine(e.Message)}");
        }
        if (cfg is null) throw new ConfigException($"{file}: config is empty (null)");
        cfg.BaseDirectory = Path.GetDirectoryName(full)!;
        cfg.Source = full;
        return cfg;
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>
    /// Checks every configured path up front and reports all problems at once, each with its key,
    /// before any work starts.
    /// </summary>
    public void Validate()
    {
        var problems = new List<string>();
        if (!Profiles.All.Contains(Profile)) problems.Add($"profile: unknown '{Profile}' (expected {string.Join(", ", Profiles.All)})");
        if (Router is not ("deterministic" or "llm")) problems.Add($"router: unknown '{Router}' (expected deterministic or llm)");
        if (Judger.Kind is not ("weighted_sum" or "major_vote" or "llm"))
            problems.Add($"judger.kind: unknown '{Judger.Kind}' (expected weighted_sum, major_vote or llm)");
        if (Judger.MultiAnswer is not ("average" or "elo"))
            problems.Add($"judger.multiAnswer: unknown '{Judger.MultiAnswer}' (expected average or elo)");
        foreach (var (key, path, isDir) in RequiredPaths())
        {
            var full = Resolve(path);
            if (full is null) continue;
            bool exists = isDir ? Directory.Exists(full) : File.Exists(full);
            if (!exists) problems.Add($"{key}: {(isDir ? "folder" : "file")} not found: {full}");
            else if (!isDir)
            {
                try { using var _ = File.OpenRead(full); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                { problems.Add($"{key}: cannot read {full}: {e.Message}"); }
            }
        }
        if (problems.Count > 0)
            throw new ConfigException($"{Source}: " + string.Join("; ", problems));
    }

    /// <summary>Every path the enabled components will open: (config key, path, is a folder).</summary>
    public IEnumerable<(string Key, string? Path, bool IsDirectory)> RequiredPaths()
    {
        if (Profile == Profiles.VerifiersOnly) yield break;
        yield return ("llm.planner", Llm.Planner, false);
        yield return ("llm.coder", Llm.Coder, false);
        yield return ("llm.nativeLibraryPath", Llm.NativeLibraryPath, true);
        yield return ("rewardModel.config", RewardModel.Config, false);
        if (Factuality.Enabled) yield return ("factuality.knowledgeBase", Factuality.KnowledgeBase, false);
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}

/// <summary>Profile names.</summary>
public static class Profiles
{
    /// <summary>No model files: deterministic router and the deterministic verifiers.</summary>
    public const string VerifiersOnly = "verifiers-only";
    /// <summary>Test-sized models made by the project (<c>reward models make-tiny</c>).</summary>
    public const string Tiny = "tiny";
    /// <summary>Real models named by the config.</summary>
    public const string Full = "full";
    public static readonly IReadOnlyList<string> All = [VerifiersOnly, Tiny, Full];
}

/// <summary>How signals are merged into a verdict.</summary>
public sealed class JudgerOptions
{
    /// <summary>weighted_sum, major_vote or llm.</summary>
    public string Kind { get; set; } = "weighted_sum";
    /// <summary>Weight per signal kind (preference, constraint, factuality). Missing kinds take the judger's default.</summary>
    public Dictionary<string, double>? Weights { get; set; }
    /// <summary>Multi-answer judging (best-of-n): average or elo.</summary>
    public string MultiAnswer { get; set; } = "average";
}
