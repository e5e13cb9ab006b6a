using System.Text.Json.Nodes;
using RewardEngine.Data;
using RewardEngine.Diagnostics;
using RewardEngine.Scoring;
using RewardEngine.Verifiers.Constraints;

namespace RewardEngine.Jobs;

/// <summary>
/// One prompt with its candidate responses: a line of <c>reward generate</c>'s output (the original's
/// <c>{"prompt", "responses": [...], "generator"}</c>) and the fields carried with it. Where the row carries IFEval's
/// <c>instruction_id_list</c> and <c>kwargs</c> its responses can be scored by IFEval; where it carries
/// <c>answers</c> (TriviaQA style), by exact match.
/// </summary>
public sealed record ResponseRow(string Prompt, IReadOnlyList<string> Responses, JsonObject Row, IfEvalPrompt? IfEval, IReadOnlyList<string>? Answers)
{
    public static IReadOnlyList<ResponseRow> Read(string file, CancellationToken cancellationToken = default)
    {
        var rows = new List<ResponseRow>();
        foreach (var (line, obj) in JsonLines.ReadObjects(file, cancellationToken))
        {
            DatasetException Bad(string field, string problem) => new(file, line, field, problem, "line");
            var prompt = JsonStrings.TryRead(obj["prompt"], out var p, out var problem) ? p : throw Bad("prompt", problem ?? "missing or not a string");
            if (obj["responses"] is not JsonArray array || array.Count == 0) throw Bad("responses", "missing, empty or not an array");
            var responses = new List<string>();
            for (int i = 0; i < array.Count; i++)
                responses.Add(JsonStrings.TryRead(array[i], out var r, out var rp) ? r : throw Bad($"responses[{i}]", rp ?? "not a string"));
            IfEvalPrompt? ifeval = null;
            if (obj["instruction_id_list"] is not null)
            {
                var item = ConstraintCheckFile.ReadLine(file, line, obj, responseRequired: false);
                ifeval = new IfEvalPrompt(item.Key, prompt, item.Constraints);
            }
            List<string>? answers = null;
            if (obj["answers"] is JsonNode a)
            {
                if (a is not JsonArray list) throw Bad("answers", "not an array of strings");
                answers = [];
                for (int i = 0; i < list.Count; i++)
                    answers.Add(JsonStrings.TryRead(list[i], out var s, out var ap) ? s : throw Bad($"answers[{i}]", ap ?? "not a string"));
            }
            rows.Add(new ResponseRow(prompt, responses, obj, ifeval, answers));
        }
        if (rows.Count == 0) throw new DatasetException(file, null, null, "holds no prompt");
        return rows;
    }
}
