using System.Text.Json.Nodes;
using RewardEngine.Data;
using RewardEngine.Verifiers.Constraints;

namespace RewardEngine.Scoring;

/// <summary>One IFEval prompt with its gold constraints (<c>key</c>, <c>prompt</c>, <c>instruction_id_list</c>, <c>kwargs</c>).</summary>
public sealed record IfEvalPrompt(JsonNode? Key, string Prompt, IReadOnlyList<Constraint> Constraints)
{
    /// <summary>
    /// Reads IFEval's <c>input_data.jsonl</c>. Bad lines throw <see cref="Diagnostics.DatasetException"/> (RWD100)
    /// naming the file, line and field; so does a prompt given twice (responses are matched by prompt text).
    /// </summary>
    public static IReadOnlyList<IfEvalPrompt> Read(string file, CancellationToken cancellationToken = default)
    {
        var prompts = new List<IfEvalPrompt>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (line, obj) in JsonLines.ReadObjects(file, cancellationToken))
        {
            var prompt = JsonStrings.TryRead(obj["prompt"], out var p, out var problem) ? p
                : throw new Diagnostics.DatasetException(file, line, "prompt", problem ?? "missing or not a string", "line");
            if (!seen.Add(prompt)) throw new Diagnostics.DatasetException(file, line, "prompt", "the same prompt text is given twice; responses are matched by prompt text", "line");
            var item = ConstraintCheckFile.ReadLine(file, line, obj, responseRequired: false);
            prompts.Add(new IfEvalPrompt(item.Key, prompt, item.Constraints));
        }
        return prompts;
    }
}
