using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Diagnostics;
using RewardEngine.Serialization;
using RewardEngine.Storage;
using RewardEngine.Verifiers.Constraints;

namespace RewardEngine.Cli.Commands.Constraints;

/// <summary><c>reward check</c>: run the deterministic checkers, strict and loose, on responses.</summary>
internal sealed class CheckCommand : CliCommand
{
    private readonly Option<string> _input = CliOptions.Text("--input", "JSON lines {\"key\",\"response\",\"instruction_id_list\",\"kwargs\"[,\"prompt\"]}", "F.jsonl");
    private readonly Option<string> _out = CliOptions.Text("--out", "output file for --input (default: stdout)", "F.jsonl");
    private readonly Option<string> _instructionFile = CliOptions.Text("--instruction-file", "an instruction to parse (with --response-file)", "FILE");
    private readonly Option<string> _responseFile = CliOptions.Text("--response-file", "the response to check (with --instruction-file)", "FILE");
    private readonly Option<bool> _json = CliOptions.Json();

    public override string Name => "check";
    public override string Summary => "check responses against constraints (IFEval ids and kwargs), strict and loose";
    public override string? Details => """
        --input writes one line per input: {"key","follow_all_strict","follow_all_loose","results":[{"instruction_id","kwargs","strict","loose","score","reason"}]}.
        --instruction-file/--response-file parse the instruction and print each constraint's verdict; exit code 1 when one is not met (strict).
        """;
    public override IEnumerable<Symbol> Symbols => [_input, _out, _instructionFile, _responseFile, _json];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var input = parse.GetValue(_input);
        var output = parse.GetValue(_out);
        var instructionFile = parse.GetValue(_instructionFile);
        var responseFile = parse.GetValue(_responseFile);
        var json = parse.GetValue(_json);
        if (input is not null)
        {
            if (instructionFile is not null || responseFile is not null) throw new UsageException("--input cannot be combined with --instruction-file/--response-file");
            if (json && output is null) throw new UsageException("--json prints a summary on stdout: give --out for the verdicts");
            var tally = await CheckFileAsync(input, output, cancellationToken);
            if (json) Console.WriteLine(JsonSerializer.Serialize(tally, OutputJson.Indented));
            else if (output is not null) Console.Error.WriteLine(tally.Describe());
            return 0;
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

    private static async Task<CheckCounts> CheckFileAsync(string input, string? output, CancellationToken cancellationToken)
    {
        // Read and validate every line before writing anything, so bad input leaves no partial output.
        var lines = CheckLines.Read(input, cancellationToken);
        CheckCounts counts = default;
        await OutputText.WriteBytesAsync(output, async stream => counts = await CheckLinesRun.RunAsync(lines, stream, cancellationToken));
        return counts;
    }

    /// <summary>One line of verdicts as a JSON object (the whole-file check, CheckLinesRun, writes the same bytes).</summary>
    internal static JsonObject ResultObject(JsonNode? key, IReadOnlyList<ConstraintVerdict> verdicts) => new()
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
