using System.Text.Json;
using RewardEngine.Verifiers.Constraints;

namespace RewardEngine.Service;

/// <summary>
/// Constraints an RL data set carries with each prompt, in IFEval's vocabulary: <c>{"instruction_id_list": [...],
/// "kwargs": [...]}</c> as an object or as a JSON string (verl's ground_truth, OpenRLHF's label), or a list of
/// <c>{"instruction_id", "kwargs"}</c>.
/// </summary>
internal static class ExplicitConstraints
{
    /// <summary>The constraints in <paramref name="value"/>, or null when it holds none (any other label).</summary>
    /// <param name="field">Named in the 400 of a malformed constraint.</param>
    /// <param name="instruction">For <c>combination:repeat_prompt</c> without its prompt_to_repeat.</param>
    public static IReadOnlyList<Constraint>? TryRead(JsonElement value, string field, string? instruction)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!.Trim();
            if (!(text.StartsWith('{') || text.StartsWith('['))) return null;
            try
            {
                using var doc = JsonDocument.Parse(text);
                return TryRead(doc.RootElement.Clone(), field, instruction);
            }
            catch (JsonException) { return null; }
        }
        var items = new List<(JsonElement Id, JsonElement Kwargs, string Where)>();
        if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty("instruction_id_list", out var ids))
        {
            if (ids.ValueKind != JsonValueKind.Array) throw JsonRequest.Wrong($"{field}.instruction_id_list", "an array of strings", ids);
            var kwargs = value.TryGetProperty("kwargs", out var k) && k.ValueKind == JsonValueKind.Array ? k : default;
            if (kwargs.ValueKind == JsonValueKind.Array && kwargs.GetArrayLength() != ids.GetArrayLength())
                throw RequestProblem.BadRequest($"{field}.kwargs: {kwargs.GetArrayLength()} entries for {ids.GetArrayLength()} instruction ids");
            int i = 0;
            foreach (var id in ids.EnumerateArray())
            {
                items.Add((id, kwargs.ValueKind == JsonValueKind.Array ? kwargs[i] : default, $"{field}.instruction_id_list[{i}]"));
                i++;
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0
                 && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("instruction_id", out _)))
        {
            int i = 0;
            foreach (var e in value.EnumerateArray())
            {
                items.Add((e.GetProperty("instruction_id"), e.TryGetProperty("kwargs", out var k) ? k : default, $"{field}[{i}]"));
                i++;
            }
        }
        else return null;

        var constraints = new List<Constraint>(items.Count);
        foreach (var (idElement, kwargsElement, where) in items)
        {
            if (idElement.ValueKind != JsonValueKind.String) throw JsonRequest.Wrong(where, "a string", idElement);
            ConstraintArgs args;
            try { args = ConstraintJson.ReadArgs(kwargsElement); }
            catch (JsonException e) { throw RequestProblem.BadRequest($"{where} kwargs: {e.Message.Split('.')[0]}"); }
            var id = idElement.GetString()!;
            if (id == InstructionIds.RepeatPrompt && string.IsNullOrEmpty(args.PromptToRepeat) && instruction is not null)
                args = args with { PromptToRepeat = ConstraintParser.RepeatedRequest(instruction) ?? instruction };
            var c = new Constraint(id, args);
            if (ConstraintCheckers.Validate(c) is { } problem) throw RequestProblem.BadRequest($"{where}: {problem}");
            constraints.Add(c);
        }
        return constraints;
    }
}
