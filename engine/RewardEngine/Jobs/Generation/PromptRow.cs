using System.Text.Json.Nodes;
using RewardEngine.Data;
using RewardEngine.Diagnostics;

namespace RewardEngine.Jobs.Generation;

/// <summary>
/// One prompt to answer: a <c>{"prompt"}</c> line, or a line of IFEval's <c>input_data.jsonl</c>. Every other field
/// (<c>key</c>, <c>instruction_id_list</c>, <c>kwargs</c>, <c>answers</c>, ...) is carried to the output row.
/// </summary>
public sealed record PromptRow(string Prompt, JsonObject Carried)
{
    public static IReadOnlyList<PromptRow> Read(string file, CancellationToken cancellationToken = default)
    {
        var rows = new List<PromptRow>();
        foreach (var (line, obj) in JsonLines.ReadObjects(file, cancellationToken))
        {
            var prompt = JsonStrings.TryRead(obj["prompt"], out var p, out var problem) ? p
                : throw new DatasetException(file, line, "prompt", problem ?? "missing or not a string", "line");
            var carried = new JsonObject();
            foreach (var (name, value) in obj)
                if (name is not ("prompt" or "responses" or "generator")) carried[name] = value?.DeepClone();
            rows.Add(new PromptRow(prompt, carried));
        }
        if (rows.Count == 0) throw new DatasetException(file, null, null, "holds no prompt");
        return rows;
    }
}
