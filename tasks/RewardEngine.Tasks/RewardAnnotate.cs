using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace RewardEngine.Tasks;

/// <summary>Runs <c>reward annotate</c>: preference pairs for DPO.</summary>
public sealed class RewardAnnotate : RewardJobTask
{
    [Required] public string Input { get; set; } = "";
    [Required] public string Output { get; set; } = "";
    /// <summary>trl (default), openrlhf or original.</summary>
    public string? Format { get; set; }
    public string? MinMargin { get; set; }
    /// <summary>best-worst (default) or all.</summary>
    public string? Pairs { get; set; }
    public string? Threads { get; set; }

    protected override string Command => "annotate";

    protected override void AppendArguments(CommandLineBuilder b)
    {
        b.AppendSwitchIfNotNull("--input ", Input);
        b.AppendSwitchIfNotNull("--out ", Output);
        if (!string.IsNullOrWhiteSpace(Format)) b.AppendSwitchIfNotNull("--format ", Format);
        if (!string.IsNullOrWhiteSpace(MinMargin)) b.AppendSwitchIfNotNull("--min-margin ", MinMargin);
        if (!string.IsNullOrWhiteSpace(Pairs)) b.AppendSwitchIfNotNull("--pairs ", Pairs);
        if (!string.IsNullOrWhiteSpace(Threads)) b.AppendSwitchIfNotNull("--threads ", Threads);
    }
}
