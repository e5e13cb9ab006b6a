using System.Text.Json;
using System.Text.Json.Serialization;

namespace RewardEngine.Jobs;

/// <summary>
/// Serialization code for the records the jobs store, generated at compile time: a run's first record is then
/// written without building reflection metadata (tens of milliseconds in a short run), and every record faster.
/// Same options as <see cref="RunStore.Json"/> (web defaults), so the JSON is the same text.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Evaluation.PairRecord))]
[JsonSerializable(typeof(Evaluation.ListwiseRecord))]
[JsonSerializable(typeof(Evaluation.EvalSummary))]
[JsonSerializable(typeof(BestOfN.BestOfNRecord))]
[JsonSerializable(typeof(Annotation.AnnotateRecord))]
[JsonSerializable(typeof(Generation.GenerateRecord))]
internal sealed partial class RunStoreJsonContext : JsonSerializerContext;
