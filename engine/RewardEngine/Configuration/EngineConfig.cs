using System.Text.Json;
using System.Text.Json.Serialization;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;

namespace RewardEngine.Configuration;

/// <summary>
/// The one JSON config of a run: model files, router, judger and weights, knowledge base, sandbox limits.
/// Immutable and typed: names are parsed into enums once, at load, and every value is checked there against its
/// allowed range (<see cref="ConfigRules"/>); a problem is reported with its key (RWD200), nothing is clamped.
/// Relative paths are resolved against the config file's folder.
/// </summary>
public sealed record EngineConfig
{
    /// <summary>verifiers-only, tiny, full or paper. Decides which components are built (paper: also the defaults, <see cref="PaperProfile"/>).</summary>
    public EngineProfile Profile { get; init; } = EngineProfile.VerifiersOnly;
    /// <summary>The default seed where a command is given none (<c>reward eval --seed</c> overrides it).</summary>
    public int Seed { get; init; } = 42;
    /// <summary>deterministic (ask each verifier) or llm (the paper's planner prompt).</summary>
    public RouterKind Router { get; init; } = RouterKind.Deterministic;
    /// <summary>The LLM role the llm router asks: planner (default) or coder (the original's local-model setup).</summary>
    public Models.Llm.LlmRole RouterRole { get; init; } = Models.Llm.LlmRole.Planner;
    /// <summary>
    /// The llm router's safety net (default on): an unparsable plan falls back to the deterministic router, and
    /// constraints the parser finds are checked even when the planner says no. Off: the plan alone, as the original.
    /// </summary>
    public bool RouterFallback { get; init; } = true;
    public JudgerOptions Judger { get; init; } = new();
    public LlmOptions Llm { get; init; } = new();
    public RewardModelOptions RewardModel { get; init; } = new();
    public ConstraintOptions Constraints { get; init; } = new();
    public FactualityOptions Factuality { get; init; } = new();
    public SandboxOptions Sandbox { get; init; } = new();
    /// <summary>
    /// Options of verifiers added to the engine, one object per verifier name (<c>"verifiers": {"NAME": {...}}</c>),
    /// each read and checked at load by its provider in <see cref="Catalog"/>. The engine's own verifiers keep their
    /// sections above.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement>? Verifiers { get; init; }

    /// <summary>The verifiers this config was read against (default: the engine's); the agent is built from them.</summary>
    [JsonIgnore] public Agent.VerifierCatalog Catalog { get; init; } = Agent.VerifierCatalog.Default;

    /// <summary>The folder relative paths are resolved against.</summary>
    [JsonIgnore] public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();
    /// <summary>Where the config came from (a file path, or "profile:NAME").</summary>
    [JsonIgnore] public string Source { get; init; } = "defaults";

    /// <summary>The largest config file read (configs are a few KB; this only stops a device or a huge file).</summary>
    private const long MaxConfigBytes = 16 << 20;

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // "llm": null is an error naming the key, not a NullReferenceException later.
        RespectNullableAnnotations = true,
        AllowDuplicateProperties = false,
        Converters = { new ConfigEnumConverter() },
        WriteIndented = true,
    };

    // ToJson's: the same options with the generated code (ConfigJsonContext). Reading stays on reflection, which keeps
    // an init property's default when its key is absent (the generated reader sets it to null).
    private static readonly JsonSerializerOptions WriteOptions = new(JsonOptions)
    {
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            ConfigJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    /// <summary>Absolute form of a configured path (null stays null).</summary>
    public string? Resolve(string? path) =>
        string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(Path.Combine(BaseDirectory, path));

    /// <summary>Reads and checks a config file: JSON, keys, types, enum names and value ranges (not yet the paths: <see cref="Validate"/>).</summary>
    /// <param name="profile">The profile to use whatever the file says (<c>--profile</c>); paper brings its own defaults.</param>
    /// <param name="catalog">The verifiers whose options, weight keys and router questions the config may use (default: the engine's).</param>
    public static EngineConfig Load(string file, EngineProfile? profile = null, Agent.VerifierCatalog? catalog = null)
    {
        var full = Path.GetFullPath(file);
        var bytes = InputFile.ReadAllBytes(full, problem => new ConfigException($"{file}: config {problem}"), maxBytes: MaxConfigBytes);
        var cfg = Parse(bytes, file, profile) with { BaseDirectory = Path.GetDirectoryName(full)!, Source = full, Catalog = catalog ?? Agent.VerifierCatalog.Default };
        cfg.ValidateValues();
        return cfg;
    }

    /// <summary>Config JSON into a config (values not yet checked); <paramref name="label"/> names it in errors.</summary>
    internal static EngineConfig Parse(byte[] bytes, string label, EngineProfile? profile = null)
    {
        var file = label;
        EngineConfig? cfg;
        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            cfg = document.RootElement.Deserialize<EngineConfig>(JsonOptions);
            // The file's own values were read (and their errors reported) above; a paper config reads them again
            // over the paper defaults, so a key the file leaves out takes the paper's value, not the engine's.
            if (cfg is not null && (profile ?? cfg.Profile) == EngineProfile.Paper)
                cfg = PaperProfile.Overlay(document.RootElement).Deserialize<EngineConfig>(JsonOptions);
            if (cfg is not null && profile is { } p) cfg = cfg with { Profile = p };
        }
        catch (JsonException e)
        {
            throw new ConfigException($"{file}: {(document is null ? "invalid JSON: " + e.Message.Split('\n')[0] : ConfigJsonError.Describe(e, document))}");
        }
        catch (InvalidOperationException e) when (document is not null)
        {
            // A string holding an escaped lone surrogate ("\ud800") is no text: System.Text.Json says so this way.
            throw new ConfigException($"{file}: a string is not valid text ({e.Message.Split('\n')[0]})");
        }
        finally
        {
            document?.Dispose();
        }
        return cfg ?? throw new ConfigException($"{file}: config is empty (null)");
    }

    /// <summary>
    /// The config as JSON: what run keys and signal-cache keys are made of. A verifier the engine does not have
    /// (<see cref="Catalog"/>) is named in <c>verifiers</c> ({} when the config gives it no options), so a run with it
    /// is another run than one without it; the JSON reads back into the same config with the same catalog.
    /// </summary>
    public string ToJson()
    {
        var builtIn = Agent.VerifierCatalog.Default.Providers.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var added = Catalog.Providers.Where(p => !builtIn.Contains(p.Name) && Verifiers?.ContainsKey(p.Name) != true).ToList();
        if (added.Count == 0) return JsonSerializer.Serialize(this, WriteOptions);
        using var empty = JsonDocument.Parse("{}");
        var sections = new Dictionary<string, JsonElement>(Verifiers ?? new Dictionary<string, JsonElement>());
        foreach (var p in added) sections[p.Name] = empty.RootElement.Clone();
        return JsonSerializer.Serialize(this with { Verifiers = sections }, WriteOptions);
    }

    /// <summary>Every value against its range (<see cref="ConfigRules"/>), all problems in one error.</summary>
    public void ValidateValues()
    {
        var problems = ConfigRules.Problems(this);
        if (problems.Count > 0) throw new ConfigException($"{Source}: " + string.Join("; ", problems));
    }

    /// <summary>
    /// Checks every value and every configured path up front and reports all problems at once, each with its key,
    /// before any work starts.
    /// </summary>
    public void Validate()
    {
        var problems = new List<string>(ConfigRules.Problems(this));
        foreach (var (key, path, isDir) in RequiredPaths())
        {
            var full = Resolve(path);
            if (full is null) continue;
            var kind = InputFile.KindOf(full);
            if (isDir)
            {
                if (kind != PathKind.Directory) problems.Add($"{key}: folder not found: {full}");
            }
            else if (kind == PathKind.Missing) problems.Add($"{key}: file not found: {full}");
            else if (InputFile.NotAFile(full) is { } notAFile) problems.Add($"{key}: {full} {notAFile}");
            else
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
        if (Profile == EngineProfile.VerifiersOnly) yield break;
        yield return ("llm.planner", Llm.Planner, false);
        yield return ("llm.coder", Llm.Coder, false);
        yield return ("llm.policy", Llm.Policy, false);
        foreach (var (role, options) in Llm.Roles?.Given() ?? [])
            yield return ($"llm.roles.{ConfigNames.Of(role)}.path", options.Path, false);
        yield return ("llm.nativeLibraryPath", Llm.NativeLibraryPath, true);
        yield return ("rewardModel.config", RewardModel.Config, false);
        if (Factuality.Enabled) yield return ("factuality.knowledgeBase", Factuality.KnowledgeBase, false);
    }
}
