using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace RewardEngine.Tasks;

/// <summary>Runs <c>reward bon</c>: best-of-n selections for every n, their accuracy table and plot.</summary>
public sealed class RewardBestOfN : RewardJobTask
{
    [Required] public string Input { get; set; } = "";
    [Required] public string OutputDirectory { get; set; } = "";
    /// <summary>The n values, comma-separated (MSBuild lists with ';' are accepted too).</summary>
    [Required] public string N { get; set; } = "";
    public string? Selectors { get; set; }
    public string? Games { get; set; }
    public string? Threads { get; set; }

    protected override string Command => "bon";

    protected override void AppendArguments(CommandLineBuilder b)
    {
        b.AppendSwitchIfNotNull("--input ", Input);
        b.AppendSwitchIfNotNull("--n ", N.Replace(';', ','));
        b.AppendSwitchIfNotNull("--out ", OutputDirectory);
        if (!string.IsNullOrWhiteSpace(Selectors)) b.AppendSwitchIfNotNull("--selectors ", Selectors.Replace(';', ','));
        if (!string.IsNullOrWhiteSpace(Games)) b.AppendSwitchIfNotNull("--games ", Games);
        if (!string.IsNullOrWhiteSpace(Threads)) b.AppendSwitchIfNotNull("--threads ", Threads);
    }
}
