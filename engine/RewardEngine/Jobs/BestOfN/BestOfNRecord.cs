using System.Text.Json.Serialization;
using RewardEngine.Evaluation;

namespace RewardEngine.Jobs.BestOfN;

/// <summary>
/// One prompt of <c>reward bon</c> as committed to the run store: the signals of its first max(n) responses, every
/// rule's pick for every n, and what the prompt's reward work cost (its signals and LLM games, wherever they were
/// computed: the same whether this run computed them or the signal store had them).
/// </summary>
/// <param name="Games">Distinct LLM games the picks used.</param>
internal sealed record BestOfNRecord(int Index, IReadOnlyList<ResponseSignals> Signals, IReadOnlyList<BestOfNPicks> Picks, int Games, LlmCost Llm) : IJobRecord
{
    /// <inheritdoc />
    [JsonIgnore] public LlmCost Cost => Llm ?? LlmCost.Zero;
}
