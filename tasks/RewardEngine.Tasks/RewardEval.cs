using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace RewardEngine.Tasks;

/// <summary>
/// Runs <c>reward eval</c> out of the MSBuild node (so native model libraries and their memory go when it ends),
/// once per group of datasets that share their Profile, Config and Limit metadata; streams its progress into the build
/// log, turns its <c>error RWDnnn:</c> and <c>warning:</c> lines into coded build errors and warnings, and returns
/// each run's folder and accuracies, read from the run.json the CLI writes.
/// </summary>
public sealed partial class RewardEval : ToolTask
{
    /// <summary>Datasets; metadata Profile, Config and Limit override the task's for that file.</summary>
    [Required] public ITaskItem[] Datasets { get; set; } = [];
    /// <summary>The reward executable (from source builds).</summary>
    public string? RewardCli { get; set; }
    /// <summary>reward.dll, run by <see cref="DotnetHost"/> (from the package, where NuGet drops exec bits).</summary>
    public string? RewardCliDll { get; set; }
    public string DotnetHost { get; set; } = "dotnet";
    /// <summary>Output folder (datasets with their own Profile/Config/Limit go to a subfolder named after them).</summary>
    [Required] public string OutputDirectory { get; set; } = "";
    public string? Profile { get; set; }
    public string? ConfigFile { get; set; }
    public string? Seed { get; set; }
    public string? Limit { get; set; }
    public string? Ties { get; set; }
    public string? Order { get; set; }
    public string? Threads { get; set; }
    /// <summary>
    /// Replace a run of other settings in the output folder (default true: the folder belongs to the project, and a
    /// changed property must rerun there, as MSBuild reruns any target whose inputs changed). False: refused (RWD211).
    /// </summary>
    public bool Overwrite { get; set; } = true;
    /// <summary>File listing every input of the runs (datasets, config, models), for the next build's up-to-date check.</summary>
    public string? InputsFile { get; set; }

    /// <summary>One item per run: the output folder; metadata Overall.</summary>
    [Output] public ITaskItem[] Runs { get; private set; } = [];
    /// <summary>One item per subset; metadata Accuracy and Run.</summary>
    [Output] public ITaskItem[] Subsets { get; private set; } = [];

    private Group? _current;

    protected override string ToolName => "reward";
    protected override string GenerateFullPathToTool() => string.IsNullOrEmpty(RewardCliDll) ? RewardCli ?? "reward" : DotnetHost;
    protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.High;
    protected override MessageImportance StandardErrorLoggingImportance => MessageImportance.High;

    private sealed record Group(string Profile, string Config, string Limit, string Out, IReadOnlyList<string> Files);

    protected override string GenerateCommandLineCommands()
    {
        var g = _current!;
        var b = new CommandLineBuilder();
        if (!string.IsNullOrEmpty(RewardCliDll)) b.AppendFileNameIfNotNull(RewardCliDll);
        b.AppendSwitch("eval");
        foreach (var d in g.Files) b.AppendSwitchIfNotNull("--dataset ", d);
        b.AppendSwitchIfNotNull("--out ", g.Out);
        if (g.Profile.Length > 0) b.AppendSwitchIfNotNull("--profile ", g.Profile);
        if (g.Config.Length > 0) b.AppendSwitchIfNotNull("--config ", g.Config);
        if (g.Limit.Length > 0) b.AppendSwitchIfNotNull("--limit ", g.Limit);
        if (!string.IsNullOrWhiteSpace(Seed)) b.AppendSwitchIfNotNull("--seed ", Seed);
        if (!string.IsNullOrWhiteSpace(Ties)) b.AppendSwitchIfNotNull("--ties ", Ties);
        if (!string.IsNullOrWhiteSpace(Order)) b.AppendSwitchIfNotNull("--order ", Order);
        if (!string.IsNullOrWhiteSpace(Threads)) b.AppendSwitchIfNotNull("--threads ", Threads);
        if (Overwrite) b.AppendSwitch("--overwrite");
        return b.ToString();
    }

    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        CliOutputLog.Line(Log, singleLine);
    }

    protected override bool HandleTaskExecutionErrors() =>
        Log.HasLoggedErrors ? false : base.HandleTaskExecutionErrors();

    public override bool Execute()
    {
        EnvironmentVariables = [.. EnvironmentVariables ?? [], "CI=1"]; // plain progress lines, no terminal bar
        var groups = GroupDatasets();
        var runs = new List<ITaskItem>();
        var subsets = new List<ITaskItem>();
        var inputs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var g in groups)
        {
            _current = g;
            if (!base.Execute() || Log.HasLoggedErrors) return false;
            if (!File.Exists(Path.Combine(g.Out, "run.json")))
            {
                Log.LogError(null, "RWD901", null, g.Out, 0, 0, 0, 0, "reward eval finished without writing run.json");
                return false;
            }
            var result = RunResult.Read(g.Out);
            runs.Add(new TaskItem(g.Out, new Dictionary<string, string> { ["Overall"] = RunResult.Format(result.Overall) }));
            foreach (var s in result.Subsets)
                subsets.Add(new TaskItem(s.Key, new Dictionary<string, string> { ["Accuracy"] = RunResult.Format(s.Value), ["Run"] = g.Out }));
            Log.LogMessage(MessageImportance.High, $"overall: {RunResult.Format(result.Overall)} ({g.Out})");
            foreach (var f in RecordedInputs(g.Out)) inputs.Add(f);
        }
        Runs = [.. runs];
        Subsets = [.. subsets];
        if (!string.IsNullOrEmpty(InputsFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(InputsFile))!);
            File.WriteAllLines(InputsFile, inputs);
        }
        return true;
    }

    /// <summary>Datasets sharing Profile, Config and Limit run together; the first group (the common case: none set) uses OutputDirectory.</summary>
    private List<Group> GroupDatasets()
    {
        string Meta(ITaskItem i, string name, string? fallback) { var v = i.GetMetadata(name); return string.IsNullOrWhiteSpace(v) ? fallback?.Trim() ?? "" : v.Trim(); }
        var groups = Datasets
            .GroupBy(d => (Profile: Meta(d, "Profile", Profile), Config: Meta(d, "Config", ConfigFile), Limit: Meta(d, "Limit", Limit)))
            .ToList();
        return groups.Select(g =>
        {
            var standard = g.Key == (Profile?.Trim() ?? "", ConfigFile?.Trim() ?? "", Limit?.Trim() ?? "");
            var name = string.Join("-", new[] { g.Key.Profile.Length > 0 ? g.Key.Profile : "default", g.Key.Config.Length > 0 ? Path.GetFileNameWithoutExtension(g.Key.Config) : "", g.Key.Limit.Length > 0 ? "limit" + g.Key.Limit : "" }.Where(s => s.Length > 0));
            var output = standard || groups.Count == 1 ? OutputDirectory : Path.Combine(OutputDirectory, name);
            return new Group(g.Key.Profile, g.Key.Config, g.Key.Limit, output, g.Select(d => d.ItemSpec).ToList());
        }).ToList();
    }

    /// <summary>The data, config and model files a run read, as its run.json records them.</summary>
    private static IEnumerable<string> RecordedInputs(string directory)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "run.json")));
        var root = doc.RootElement;
        if (root.TryGetProperty("datasets", out var ds) && ds.ValueKind == JsonValueKind.Array)
            foreach (var d in ds.EnumerateArray())
                if (d.TryGetProperty("file", out var f) && f.GetString() is { } file) yield return file;
        if (root.TryGetProperty("models", out var ms) && ms.ValueKind == JsonValueKind.Array)
            foreach (var m in ms.EnumerateArray())
                if (m.TryGetProperty("path", out var p) && p.GetString() is { } path) yield return path;
        if (root.TryGetProperty("config", out var c) && c.TryGetProperty("source", out var src) && src.GetString() is { } source && File.Exists(source))
            yield return Path.GetFullPath(source);
    }

}
