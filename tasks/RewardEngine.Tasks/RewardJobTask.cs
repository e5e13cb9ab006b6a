using System.Text.Json;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace RewardEngine.Tasks;

/// <summary>
/// The base of the job tasks (<see cref="RewardGenerate"/>, <see cref="RewardBestOfN"/>, <see cref="RewardAnnotate"/>):
/// runs one <c>reward</c> job out of the MSBuild node with <c>--summary FILE</c>, streams its progress into the build
/// log, turns its <c>error RWDnnn:</c> lines into coded build errors, and returns the JSON report the CLI wrote to
/// FILE (never scraped from its console output) as the metadata of <see cref="Summary"/>.
/// </summary>
public abstract partial class RewardJobTask : ToolTask
{
    /// <summary>The reward executable (from source builds).</summary>
    public string? RewardCli { get; set; }
    /// <summary>reward.dll, run by <see cref="DotnetHost"/> (from the package).</summary>
    public string? RewardCliDll { get; set; }
    public string DotnetHost { get; set; } = "dotnet";
    public string? Profile { get; set; }
    public string? ConfigFile { get; set; }
    public string? Seed { get; set; }
    /// <summary>Where the CLI writes its JSON report (default: a temporary file, deleted after reading).</summary>
    public string? SummaryFile { get; set; }

    /// <summary>The report: ItemSpec is the job's output; metadata are the report's numbers and strings, by their JSON names.</summary>
    [Output] public ITaskItem? Summary { get; private set; }

    /// <summary>The CLI command, e.g. "bon".</summary>
    protected abstract string Command { get; }

    /// <summary>The job's own arguments.</summary>
    protected abstract void AppendArguments(CommandLineBuilder builder);

    protected override string ToolName => "reward";
    protected override string GenerateFullPathToTool() => string.IsNullOrEmpty(RewardCliDll) ? RewardCli ?? "reward" : DotnetHost;
    protected override MessageImportance StandardOutputLoggingImportance => MessageImportance.High;
    protected override MessageImportance StandardErrorLoggingImportance => MessageImportance.High;

    private string _summaryPath = "";

    protected override string GenerateCommandLineCommands()
    {
        var b = new CommandLineBuilder();
        if (!string.IsNullOrEmpty(RewardCliDll)) b.AppendFileNameIfNotNull(RewardCliDll);
        b.AppendSwitch(Command);
        AppendArguments(b);
        if (!string.IsNullOrWhiteSpace(Profile)) b.AppendSwitchIfNotNull("--profile ", Profile);
        if (!string.IsNullOrWhiteSpace(ConfigFile)) b.AppendSwitchIfNotNull("--config ", ConfigFile);
        if (!string.IsNullOrWhiteSpace(Seed)) b.AppendSwitchIfNotNull("--seed ", Seed);
        b.AppendSwitchIfNotNull("--summary ", _summaryPath);
        return b.ToString();
    }

    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        CliOutputLog.Line(Log, singleLine);
    }

    protected override bool HandleTaskExecutionErrors() => Log.HasLoggedErrors ? false : base.HandleTaskExecutionErrors();

    public override bool Execute()
    {
        EnvironmentVariables = [.. EnvironmentVariables ?? [], "CI=1"]; // plain progress lines, no terminal bar
        var temporary = string.IsNullOrWhiteSpace(SummaryFile);
        _summaryPath = temporary ? Path.Combine(Path.GetTempPath(), $"reward-{Command}-{Guid.NewGuid():N}.json") : Path.GetFullPath(SummaryFile!);
        try
        {
            if (!base.Execute() || Log.HasLoggedErrors) return false;
            if (!File.Exists(_summaryPath))
            {
                Log.LogError(null, "RWD901", null, _summaryPath, 0, 0, 0, 0, $"reward {Command} finished without writing its summary");
                return false;
            }
            using var doc = JsonDocument.Parse(File.ReadAllText(_summaryPath));
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            string? output = null;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                // The output path is the item itself (and "Output" is a name MSBuild keeps for itself).
                if (p.Name is "output" or "outputDirectory") { output = p.Value.GetString(); continue; }
                if (p.Value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False) metadata[Capitalize(p.Name)] = p.Value.GetRawText();
                else if (p.Value.ValueKind == JsonValueKind.String) metadata[Capitalize(p.Name)] = p.Value.GetString()!;
            }
            Summary = new TaskItem(output ?? _summaryPath, metadata);
            Log.LogMessage(MessageImportance.High, $"reward {Command}: {string.Join(", ", metadata.Select(kv => $"{kv.Key} {kv.Value}"))}");
            return true;
        }
        finally
        {
            if (temporary && File.Exists(_summaryPath)) File.Delete(_summaryPath);
        }
    }

    private static string Capitalize(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];

}
