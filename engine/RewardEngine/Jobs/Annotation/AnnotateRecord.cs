using System.Text.Json.Serialization;
using RewardEngine.Evaluation;

namespace RewardEngine.Jobs.Annotation;

/// <summary>
/// One prompt of <c>reward annotate</c> as committed to the run store: the signals of every one of its responses and
/// what they cost (wherever they were computed). The pairs are made from these at the end, so --format, --min-margin
/// and --pairs change no record: a rerun with another of them resumes every prompt.
/// </summary>
internal sealed record AnnotateRecord(int Index, IReadOnlyList<ResponseSignals> Signals, LlmCost Llm) : IJobRecord
{
    /// <inheritdoc />
    [JsonIgnore] public LlmCost Cost => Llm ?? LlmCost.Zero;
}
