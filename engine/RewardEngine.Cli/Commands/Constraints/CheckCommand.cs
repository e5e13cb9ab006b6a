using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;
using RewardEngine.Verifiers.Constraints;

namespace RewardEngine.Cli.Commands.Constraints;

/// <summary><c>reward check</c>: run the deterministic checkers, strict and loose, on responses.</summary>
public sealed class CheckCommand : ICliCommand
{
    public string Name => "check";
    public string Summary => "Check responses against constraints (IFEval ids and kwargs), strict and loose";
    public string Usage => """
        reward check --input F.jsonl [--out F.jsonl]
            lines {"key","response","instruction_id_list","kwargs"[,"prompt"]} -> one line per input:
            {"key","follow_all_strict","follow_all_loose","results":[{"instruction_id","kwargs","strict","loose","score","reason"}]}
        reward check --instruction-file F --response-file F [--json]
            parses the instruction, prints the constraints found and each verdict;
            exit code 1 when a constraint is not met (strict)
        """;

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var input = args.String("input");
        var output = args.String("out");
        var instructionFile = args.String("instruction-file");
        var responseFile = args.String("response-file");
        var json = args.Flag("json");
        args.EnsureAllUsed();
        if (input is not null)
        {
            if (instructionFile is not null || responseFile is not null) throw new UsageException("--input cannot be combined with --instruction-file/--response-file");
            await CheckFileAsync(input, output, cancellationToken);
            return ExitCodes.Success;
        }
        if (instructionFile is null || responseFile is null) throw new UsageException("give --input F.jsonl, or both --instruction-file and --response-file");
        var instruction = ReadText(instructionFile);
        var response = ReadText(responseFile);
        var constraints = new ConstraintParser().Parse(instruction);
        var verdicts = constraints.Select(c => ConstraintCheckers.Check(c, response)).ToList();
        if (json)
        {
            var obj = ResultObject(null, verdicts);
            Console.WriteLine(obj.ToJsonString(ConstraintJson.Options));
        }
        else if (verdicts.Count == 0) Console.WriteLine("no checkable constraint found in the instruction");
        else
        {
            Console.WriteLine($"{verdicts.Count} constraint(s) found:");
            foreach (var v in verdicts)
                Console.WriteLine($"  {(v.Strict.Passed ? "PASS" : v.Loose.Passed ? "LOOSE" : "FAIL"),-5} {v.Constraint.Describe()}\n        strict: {v.Strict.Reason}; score {v.Strict.Score.ToString("0.00", CultureInfo.InvariantCulture)}");
            Console.WriteLine($"all met: strict {verdicts.All(v => v.Strict.Passed)}, loose {verdicts.All(v => v.Loose.Passed)}");
        }
        return verdicts.All(v => v.Strict.Passed) ? 0 : 1;
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static string ReadText(string file)
    {
        var bytes = InputFile.ReadAllBytes(file, problem => new DatasetException(file, null, null, problem));
        try { return StrictUtf8.GetString(bytes).TrimStart('\uFEFF'); }
        catch (System.Text.DecoderFallbackException e) { throw new DatasetException(file, null, null, $"invalid UTF-8 at byte {e.Index}"); }
    }

    private static async Task CheckFileAsync(string input, string? output, CancellationToken cancellationToken)
    {
        // Read and validate every line before writing anything, so bad input leaves no partial output.
        var items = ConstraintCheckFile.Read(input, cancellationToken).ToList();
        await OutputText.WriteLinesAsync(output, items.Select(item =>
        {
            var verdicts = item.Constraints.Select(c => ConstraintCheckers.Check(c, item.Response)).ToList();
            return ResultObject(item.Key, verdicts).ToJsonString(ConstraintJson.Options);
        }), cancellationToken);
    }

    private static JsonObject ResultObject(JsonNode? key, IReadOnlyList<ConstraintVerdict> verdicts) => new()
    {
        ["key"] = key,
        ["follow_all_strict"] = verdicts.All(v => v.Strict.Passed),
        ["follow_all_loose"] = verdicts.All(v => v.Loose.Passed),
        ["results"] = new JsonArray(verdicts.Select(v => (JsonNode)new JsonObject
        {
            ["instruction_id"] = v.Constraint.InstructionId,
            ["kwargs"] = JsonSerializer.SerializeToNode(v.Constraint.Args, ConstraintJson.Options),
            ["strict"] = v.Strict.Passed,
            ["loose"] = v.Loose.Passed,
            ["score"] = Math.Round(v.Strict.Score, 4),
            ["reason"] = v.Strict.Reason,
        }).ToArray()),
    };
}
