using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace RewardEngine.Tasks;

/// <summary>
/// Runs <c>reward eval</c> out of the MSBuild node (so native model libraries and their memory go when it ends),
/// streams its progress into the build log, turns its <c>error RWDnnn:</c> lines into coded build errors,
/// and returns the accuracies as outputs. Optionally gates on a minimum overall accuracy.
/// </summary>
public sealed partial class RewardEval : ToolTask
{
    /// <summary>Pairwise data files.</summary>
    [Required] public ITaskItem[] Datasets { get; set; } = [];
    /// <summary>The built reward CLI.</summary>
    [Required] public string RewardCli { get; set; } = "";
    [Required] public string OutputDirectory { get; set; } = "";
    public string? Profile { get; set; }
    public string? ConfigFile { get; set; }
    public string? Seed { get; set; }
    public string? Limit { get; set; }
    public string? Ties { get; set; }
    public string? Order { get; set; }
    public string? Threads { get; set; }
    /// <summary>Fail the build (RWD900) when overall accuracy is below this.</summary>
    public string? MinAccuracy { get; set; }

    /// <summary>Overall accuracy, invariant culture.</summary>
    [Output] public string Overall { get; private set; } = "";
    /// <summary>One item per subset; metadata Accuracy.</summary>
    [Output] public ITaskItem[] Subsets { get; private set; } = [];

    protected override string ToolName => "reward";
    protected override string GenerateFullPathToTool() => RewardCli;
    protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.High;
    protected override MessageImportance StandardErrorLoggingImportance => MessageImportance.High;

    protected override string GenerateCommandLineCommands()
    {
        var b = new CommandLineBuilder();
        b.AppendSwitch("eval");
        foreach (var d in Datasets) b.AppendSwitchIfNotNull("--dataset ", d.ItemSpec);
        b.AppendSwitchIfNotNull("--out ", OutputDirectory);
        if (!string.IsNullOrWhiteSpace(Profile)) b.AppendSwitchIfNotNull("--profile ", Profile);
        if (!string.IsNullOrWhiteSpace(ConfigFile)) b.AppendSwitchIfNotNull("--config ", ConfigFile);
        if (!string.IsNullOrWhiteSpace(Seed)) b.AppendSwitchIfNotNull("--seed ", Seed);
        if (!string.IsNullOrWhiteSpace(Limit)) b.AppendSwitchIfNotNull("--limit ", Limit);
        if (!string.IsNullOrWhiteSpace(Ties)) b.AppendSwitchIfNotNull("--ties ", Ties);
        if (!string.IsNullOrWhiteSpace(Order)) b.AppendSwitchIfNotNull("--order ", Order);
        if (!string.IsNullOrWhiteSpace(Threads)) b.AppendSwitchIfNotNull("--threads ", Threads);
        return b.ToString();
    }

    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        var m = ErrorLine().Match(singleLine);
        if (m.Success) { Log.LogError(null, m.Groups[1].Value, null, null, 0, 0, 0, 0, m.Groups[2].Value); return; }
        if (singleLine.StartsWith("warning: ", StringComparison.Ordinal))
        {
            Log.LogWarning(null, "RWD010", null, null, 0, 0, 0, 0, singleLine["warning: ".Length..]);
            return;
        }
        Log.LogMessage(MessageImportance.High, singleLine);
    }

    protected override bool HandleTaskExecutionErrors() =>
        Log.HasLoggedErrors ? false : base.HandleTaskExecutionErrors();

    public override bool Execute()
    {
        EnvironmentVariables = [.. EnvironmentVariables ?? [], "CI=1"]; // plain progress lines, no terminal bar
        if (!base.Execute() || Log.HasLoggedErrors) return false;

        var file = Path.Combine(OutputDirectory, "results_grouped.json");
        if (!File.Exists(file)) { Log.LogError(null, "RWD901", null, file, 0, 0, 0, 0, "reward eval finished without writing results"); return false; }
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var subsets = new List<ITaskItem>();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            var acc = p.Value.GetDouble().ToString("0.0000", CultureInfo.InvariantCulture);
            if (p.Name == "overall") Overall = acc;
            else subsets.Add(new TaskItem(p.Name, new Dictionary<string, string> { ["Accuracy"] = acc }));
        }
        Subsets = [.. subsets];
        if (!string.IsNullOrWhiteSpace(MinAccuracy))
        {
            if (!double.TryParse(MinAccuracy, NumberStyles.Float, CultureInfo.InvariantCulture, out var min))
            { Log.LogError(null, "RWD902", null, null, 0, 0, 0, 0, $"MinAccuracy '{MinAccuracy}' is not a number"); return false; }
            var overall = double.Parse(Overall, CultureInfo.InvariantCulture);
            if (overall < min)
            {
                Log.LogError(null, "RWD900", null, null, 0, 0, 0, 0, $"overall accuracy {Overall} is below the gate MinAccuracy={MinAccuracy}");
                return false;
            }
        }
        return true;
    }

    [GeneratedRegex(@"^error (RWD\d{3}): (.*)$")] private static partial Regex ErrorLine();
}
