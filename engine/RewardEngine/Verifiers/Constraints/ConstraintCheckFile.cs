using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Data;
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
    public static IReadOnlyList<ConstraintCheckItem> Read(string file, CancellationToken cancellationToken = default)
    {
        var lines = JsonLines.ReadObjects(file, cancellationToken);
        // Lines are read on every core; the first bad line in file order is the one reported, as in a serial read.
        var items = new ConstraintCheckItem[lines.Count];
        var errors = new Exception?[lines.Count];
        Parallel.For(0, lines.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            try { items[i] = ReadLine(file, lines[i].Line, lines[i].Value); }
            catch (Exception e) { errors[i] = e; }
        });
        foreach (var e in errors) if (e is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
        return items;
    }

    internal static ConstraintCheckItem ReadLine(string file, int lineNo, JsonObject obj)
    {
        DatasetException Bad(string? field, string problem) => new(file, lineNo, field, problem, "line");
        var response = JsonStrings.TryRead(obj["response"], out var r, out var responseProblem) ? r
            : throw Bad("response", responseProblem ?? "missing or not a string");
        if (obj["instruction_id_list"] is not JsonArray ids) throw Bad("instruction_id_list", "missing or not an array");
        var kwargs = obj["kwargs"] as JsonArray;
        if (obj["kwargs"] is not null and not JsonArray) throw Bad("kwargs", "not an array");
        if (kwargs is not null && kwargs.Count != ids.Count)
            throw Bad("kwargs", $"has {kwargs.Count} entries for {ids.Count} instruction ids");
        string? prompt = null;
        if (obj["prompt"] is not null)
            prompt = JsonStrings.TryRead(obj["prompt"], out var p, out var promptProblem) ? p
                : promptProblem is not null ? throw Bad("prompt", promptProblem) : null;

        var constraints = new List<Constraint>();
        for (int i = 0; i < ids.Count; i++)
        {
            var id = JsonStrings.TryRead(ids[i], out var s, out var idProblem) ? s
                : throw Bad($"instruction_id_list[{i}]", idProblem ?? "not a string");
            ConstraintArgs args;
            try { args = kwargs?[i] is JsonNode k ? k.Deserialize<ConstraintArgs>(ConstraintJson.Options) ?? ConstraintArgs.None : ConstraintArgs.None; }
            catch (JsonException e) { throw Bad($"kwargs[{i}]", e.Message.Split('.')[0]); }
            catch (InvalidOperationException) { throw Bad($"kwargs[{i}]", "holds an escaped lone UTF-16 surrogate, which is not text"); }
            if (id == InstructionIds.RepeatPrompt && string.IsNullOrEmpty(args.PromptToRepeat) && prompt is not null)
                args = args with { PromptToRepeat = ConstraintParser.RepeatedRequest(prompt) ?? prompt };
            var c = new Constraint(id, args);
            if (ConstraintCheckers.Validate(c) is { } problem)
                throw Bad(problem.StartsWith("unknown", StringComparison.Ordinal) ? $"instruction_id_list[{i}]" : $"kwargs[{i}]", problem);
            constraints.Add(c);
        }
        return new ConstraintCheckItem(obj["key"]?.DeepClone(), response, constraints, lineNo);
    }
}
