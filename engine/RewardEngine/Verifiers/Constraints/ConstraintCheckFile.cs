using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Diagnostics;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>One line of a check file: a response and its explicit constraints (IFEval field names).</summary>
public sealed record ConstraintCheckItem(JsonNode? Key, string Response, IReadOnlyList<Constraint> Constraints, int Line);

/// <summary>
/// Reads <c>{"key","response","instruction_id_list","kwargs"}</c> lines (and optionally <c>"prompt"</c>, used for
/// <c>combination:repeat_prompt</c> when its kwargs lack <c>prompt_to_repeat</c>). Bad input throws
/// <see cref="DatasetException"/> naming the file, line and field.
/// </summary>
public static class ConstraintCheckFile
{
    public static IEnumerable<ConstraintCheckItem> Read(string file)
    {
        if (!File.Exists(file)) throw new DatasetException(file, null, null, "file not found");
        int lineNo = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNo++;
            if (line.Trim().Length == 0) continue;
            yield return ReadLine(file, lineNo, line);
        }
    }

    internal static ConstraintCheckItem ReadLine(string file, int lineNo, string line)
    {
        JsonObject obj;
        try { obj = JsonNode.Parse(line) as JsonObject ?? throw new DatasetException(file, lineNo, null, "expected a JSON object"); }
        catch (JsonException e) { throw new DatasetException(file, lineNo, null, $"not valid JSON ({e.Message.Split('.')[0]})"); }
        var response = obj["response"] is JsonValue rv && rv.TryGetValue<string>(out var r) ? r
            : throw new DatasetException(file, lineNo, "response", "missing or not a string");
        if (obj["instruction_id_list"] is not JsonArray ids) throw new DatasetException(file, lineNo, "instruction_id_list", "missing or not an array");
        var kwargs = obj["kwargs"] as JsonArray;
        if (obj["kwargs"] is not null and not JsonArray) throw new DatasetException(file, lineNo, "kwargs", "not an array");
        if (kwargs is not null && kwargs.Count != ids.Count)
            throw new DatasetException(file, lineNo, "kwargs", $"has {kwargs.Count} entries for {ids.Count} instruction ids");
        string? prompt = obj["prompt"] is JsonValue pv && pv.TryGetValue<string>(out var p) ? p : null;

        var constraints = new List<Constraint>();
        for (int i = 0; i < ids.Count; i++)
        {
            var id = ids[i] is JsonValue iv && iv.TryGetValue<string>(out var s) ? s
                : throw new DatasetException(file, lineNo, $"instruction_id_list[{i}]", "not a string");
            ConstraintArgs args;
            try { args = kwargs?[i] is JsonNode k ? k.Deserialize<ConstraintArgs>(ConstraintJson.Options) ?? ConstraintArgs.None : ConstraintArgs.None; }
            catch (JsonException e) { throw new DatasetException(file, lineNo, $"kwargs[{i}]", e.Message.Split('.')[0]); }
            if (id == InstructionIds.RepeatPrompt && string.IsNullOrEmpty(args.PromptToRepeat) && prompt is not null)
                args = args with { PromptToRepeat = ConstraintParser.RepeatedRequest(prompt) ?? prompt };
            var c = new Constraint(id, args);
            if (ConstraintCheckers.Validate(c) is { } problem)
                throw new DatasetException(file, lineNo, problem.StartsWith("unknown", StringComparison.Ordinal) ? $"instruction_id_list[{i}]" : $"kwargs[{i}]", problem);
            constraints.Add(c);
        }
        return new ConstraintCheckItem(obj["key"]?.DeepClone(), response, constraints, lineNo);
    }
}
