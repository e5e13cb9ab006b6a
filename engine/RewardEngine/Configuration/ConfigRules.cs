using System.Globalization;
using RewardEngine.Agent;

namespace RewardEngine.Configuration;

/// <summary>
/// The allowed range of every numeric config value, checked when a config is loaded (and again before a run, for
/// configs built in code). A value outside is reported with its key, the value and the range; nothing is clamped.
/// Thread counts are bounded so that a typo cannot start a hundred thousand threads (llama.cpp and ONNX Runtime
/// allocate per thread; ggml refuses more than 512).
/// </summary>
public static class ConfigRules
{
    /// <summary>The most threads a native backend is given.</summary>
    public const int MaxThreads = 512;

    /// <summary>
    /// Every problem with the values of <paramref name="c"/>, each as "key: value is ... (allowed ...)"; the verifiers'
    /// own options are checked by their providers in <paramref name="catalog"/> (default: the config's).
    /// </summary>
    public static IReadOnlyList<string> Problems(EngineConfig c, VerifierCatalog? catalog = null)
    {
        catalog ??= c.Catalog;
        var p = new List<string>();
        void Range(string key, long value, long min, long max, string? note = null) => ConfigRules.Range(p, key, value, min, max, note);
        void RangeD(string key, double value, double min, double max) => ConfigRules.Range(p, key, value, min, max);

        var llm = c.Llm;
        Range("llm.contextSize", llm.ContextSize, 256, 1 << 20);
        Range("llm.batchSize", llm.BatchSize, 32, 1 << 16);
        Range("llm.threads", llm.Threads, 0, MaxThreads, "; 0: half the cores");
        Range("llm.batchThreads", llm.BatchThreads, 0, MaxThreads, "; 0: all cores");
        Range("llm.gpuLayers", llm.GpuLayers, 0, 100_000, "; a number above the model's layer count offloads every layer");
        Range("llm.maxSequences", llm.MaxSequences, 1, 64);
        RangeD("llm.temperature", llm.Temperature, 0, 10);
        Range("llm.openAi.timeoutSeconds", llm.OpenAi.TimeoutSeconds, 1, 86_400);
        void Url(string key, string? url)
        {
            if (url is { Length: > 0 } && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
                p.Add($"{key}: '{url}' is not an http(s) URL");
        }
        Url("llm.openAi.baseUrl", llm.OpenAi.BaseUrl);
        foreach (var (role, options) in llm.Roles?.Given() ?? [])
            Url($"llm.roles.{ConfigNames.Of(role)}.baseUrl", options.BaseUrl);

        foreach (var provider in catalog.Providers) provider.ReadOptions(c, p);
        foreach (var name in (c.Verifiers ?? new Dictionary<string, System.Text.Json.JsonElement>()).Keys)
            if (!catalog.Providers.Any(v => v.Name == name))
                p.Add($"verifiers.{name}: no verifier of that name (known: {ConfigNames.Phrase([.. catalog.Providers.Select(v => v.Name)])})");

        var s = c.Sandbox;
        if (string.IsNullOrWhiteSpace(s.Python)) p.Add("sandbox.python: empty (give the interpreter's path)");
        Range("sandbox.timeoutMs", s.TimeoutMs, 1, 3_600_000);
        Range("sandbox.cpuSeconds", s.CpuSeconds, 1, 3600);
        Range("sandbox.memoryMb", s.MemoryMb, 64, 1 << 20);
        Range("sandbox.maxFileSizeKb", s.MaxFileSizeKb, 0, 1 << 24);
        Range("sandbox.maxOpenFiles", s.MaxOpenFiles, 16, 65_536);
        Range("sandbox.maxProcesses", s.MaxProcesses, 4, 4096);
        Range("sandbox.maxOutputBytes", s.MaxOutputBytes, 0, 1 << 30);
        Range("sandbox.tmpfsMb", s.TmpfsMb, 1, 65_536);
        Range("sandbox.workers", s.Workers, 0, 256, "; 0: one per core");
        foreach (var path in s.ReadOnlyPaths ?? [])
            if (string.IsNullOrWhiteSpace(path) || !Path.IsPathRooted(path))
                p.Add($"sandbox.readOnlyPaths: '{path}' is not an absolute path");

        foreach (var (kind, weight) in c.Judger.Weights ?? new Dictionary<string, double>())
        {
            if (!catalog.TryResolveWeightKey(kind, out _))
                p.Add($"judger.weights: unknown signal kind '{kind}' (expected {catalog.WeightKeyPhrase})");
            else RangeD($"judger.weights.{kind}", weight, 0, 1000);
        }
        return p;
    }

    /// <summary>Adds "key: value is out of range (allowed min to max)" to <paramref name="problems"/> when it is.</summary>
    public static void Range(ICollection<string> problems, string key, long value, long min, long max, string? note = null)
    {
        if (value < min || value > max)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: {value} is out of range (allowed {min} to {max}{note})"));
    }

    /// <summary>The same for a real value; NaN and infinities are out of every range.</summary>
    public static void Range(ICollection<string> problems, string key, double value, double min, double max)
    {
        if (!double.IsFinite(value) || value < min || value > max)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: {value} is out of range (allowed {min} to {max})"));
    }
}
