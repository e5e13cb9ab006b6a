using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Data;
using RewardEngine.Diagnostics;
using RewardEngine.Serialization;
using RewardEngine.Storage;

namespace RewardEngine.Scoring;

/// <summary>What <c>reward ifeval score</c> found.</summary>
/// <param name="Unanswered">Prompts of the input data that no response line answers (left out of the accuracies).</param>
public sealed record IfEvalReport(IfEvalAccuracy Accuracy, int Unanswered, string OutputDirectory);

/// <summary>
/// IFEval's own evaluation of a response file: responses are matched to the input data's prompts by prompt text,
/// each gold instruction is checked strictly and loosely, and <c>eval_results_strict.jsonl</c> and
/// <c>eval_results_loose.jsonl</c> are written with IFEval's fields, in input-data order.
/// </summary>
public static class IfEvalEvaluation
{
    public const string StrictFile = "eval_results_strict.jsonl", LooseFile = "eval_results_loose.jsonl";

    public static IfEvalReport Run(string inputData, string responses, string outputDirectory, CancellationToken cancellationToken = default)
    {
        var prompts = IfEvalPrompt.Read(inputData, cancellationToken);
        var byPrompt = prompts.ToDictionary(p => p.Prompt, StringComparer.Ordinal);
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (line, obj) in JsonLines.ReadObjects(responses, cancellationToken))
        {
            string Field(string name) => JsonStrings.TryRead(obj[name], out var s, out var problem) ? s
                : throw new DatasetException(responses, line, name, problem ?? "missing or not a string", "line");
            var prompt = Field("prompt");
            if (!byPrompt.ContainsKey(prompt)) throw new DatasetException(responses, line, "prompt", $"matches no prompt of {inputData}", "line");
            // IFEval keeps the last response given for a prompt.
            answers[prompt] = Field("response");
        }
        var scored = prompts.Where(p => answers.ContainsKey(p.Prompt))
            .Select(p => (Prompt: p, Response: answers[p.Prompt], Verdict: IfEvalVerdict.Of(p, answers[p.Prompt]))).ToList();
        var full = Path.GetFullPath(outputDirectory);
        using (ExclusiveLock.ForFolder(full))
        {
            OutputSet.Recover(full);
            new OutputSet(full)
                .Add(StrictFile, Lines(scored.Select(s => Row(s.Prompt, s.Response, s.Verdict.Strict))))
                .Add(LooseFile, Lines(scored.Select(s => Row(s.Prompt, s.Response, s.Verdict.Loose))))
                .Commit();
        }
        return new IfEvalReport(IfEvalAccuracy.Of(scored.Select(s => s.Verdict).ToList()), prompts.Count - scored.Count, full);
    }

    private static string Lines(IEnumerable<JsonObject> rows) => string.Concat(rows.Select(r => r.ToJsonString(OutputJson.Options) + "\n"));

    private static JsonObject Row(IfEvalPrompt prompt, string response, IReadOnlyList<bool> follows) => new()
    {
        ["instruction_id_list"] = new JsonArray(prompt.Constraints.Select(c => (JsonNode)JsonValue.Create(c.InstructionId)).ToArray()),
        ["prompt"] = prompt.Prompt,
        ["response"] = response,
        ["follow_all_instructions"] = follows.All(f => f),
        ["follow_instruction_list"] = new JsonArray(follows.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()),
    };
}
