using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RewardEngine.Evaluation;

namespace RewardEngine.Jobs.Generation;

/// <summary>One answered prompt as committed to the run store: the output row and what sampling it cost.</summary>
public sealed record GenerateRecord(int Index, JsonObject Row, int PromptTokens, long Evaluated, long Saved, long Generated) : IJobRecord
{
    /// <summary>None: a policy model's tokens are never reward cost.</summary>
    [JsonIgnore] public LlmCost Cost => LlmCost.Zero;
}
