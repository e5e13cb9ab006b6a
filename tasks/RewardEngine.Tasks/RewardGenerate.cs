using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace RewardEngine.Tasks;

/// <summary>Runs <c>reward generate</c>: N responses per prompt from the policy model.</summary>
public sealed class RewardGenerate : RewardJobTask
{
    [Required] public string Input { get; set; } = "";
    [Required] public string Output { get; set; } = "";
    public string? N { get; set; }
    public string? Temperature { get; set; }
    public string? TopP { get; set; }
    public string? MaxTokens { get; set; }

    protected override string Command => "generate";

    protected override void AppendArguments(CommandLineBuilder b)
    {
        b.AppendSwitchIfNotNull("--input ", Input);
        b.AppendSwitchIfNotNull("--out ", Output);
        if (!string.IsNullOrWhiteSpace(N)) b.AppendSwitchIfNotNull("--n ", N);
        if (!string.IsNullOrWhiteSpace(Temperature)) b.AppendSwitchIfNotNull("--temperature ", Temperature);
        if (!string.IsNullOrWhiteSpace(TopP)) b.AppendSwitchIfNotNull("--top-p ", TopP);
        if (!string.IsNullOrWhiteSpace(MaxTokens)) b.AppendSwitchIfNotNull("--max-tokens ", MaxTokens);
    }
}
