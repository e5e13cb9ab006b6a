using System.Text.Json.Serialization;
using RewardEngine.Evaluation;

namespace RewardEngine.Jobs.Annotation;

/// <summary>
/// One prompt of <c>reward annotate</c> as committed to the run store: the signals of every one of its responses, each
/// response's reward (the weighted mean of its signals, by the config's weights) and what the signals cost (wherever
/// they were computed). The pairs are made from these at the end, so --format, --min-margin and --pairs change no
/// record (a rerun with another of them resumes every prompt), and shards merge without the config.
/// </summary>
internal sealed record AnnotateRecord(int Index, IReadOnlyList<ResponseSignals> Signals, IReadOnlyList<double> Rewards, LlmCost Llm) : IJobRecord
{
    /// <inheritdoc />
    [JsonIgnore] public LlmCost Cost => Llm ?? LlmCost.Zero;
}
