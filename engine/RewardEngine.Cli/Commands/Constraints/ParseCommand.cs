using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Data;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;
using RewardEngine.Verifiers.Constraints;

namespace RewardEngine.Cli.Commands.Constraints;

/// <summary><c>reward constraints parse</c>: instructions to typed constraints in IFEval's vocabulary.</summary>
internal sealed class ParseCommand : CliCommand
{
    private readonly Option<string> _input = CliOptions.Text("--input", "lines {\"key\",\"prompt\"}; writes lines {\"key\",\"constraints\":[{\"instruction_id\",\"kwargs\"}]}", "F.jsonl");
    private readonly Option<string> _out = CliOptions.Text("--out", "output file (default: stdout)", "F.jsonl");
    private readonly Option<string> _text = CliOptions.Text("--text", "parse one instruction and print its constraints, one per line", "INSTRUCTION");

    public override string Name => "constraints parse";
    public override string Summary => "parse instructions into checkable constraints (IFEval ids and kwargs)";
    public override IEnumerable<Symbol> Symbols => [_input, _out, _text];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var text = parse.GetValue(_text);
        var input = parse.GetValue(_input);
        if (text is null && input is null) throw new UsageException("give --input F.jsonl or --text \"instruction\"");
        var output = parse.GetValue(_out);
        var parser = new ConstraintParser();
        if (text is not null)
        {
            var parsed = parser.ParseWithNotes(text);
            foreach (var c in parsed.Constraints) Console.WriteLine(c.Describe());
            foreach (var note in parsed.Notes) Console.Error.WriteLine("note: " + note);
            return 0;
        }
        // Read and check every line before writing anything: bad input leaves no partial output.
        var lines = JsonLines.ReadObjects(input!, cancellationToken);
        var results = new List<string>(lines.Count);
        foreach (var (lineNo, obj) in lines)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!JsonStrings.TryRead(obj["prompt"], out var prompt, out var problem))
                throw new DatasetException(input!, lineNo, "prompt", problem ?? "missing or not a string", "line");
            var parsed = parser.ParseWithNotes(prompt);
            var result = new JsonObject
            {
                ["key"] = obj["key"]?.DeepClone(),
                ["constraints"] = new JsonArray(parsed.Constraints.Select(c => (JsonNode)new JsonObject
                {
                    ["instruction_id"] = c.InstructionId,
                    ["kwargs"] = JsonSerializer.SerializeToNode(c.Args, ConstraintJson.Options),
                }).ToArray()),
            };
            if (parsed.Notes.Count > 0) result["notes"] = new JsonArray(parsed.Notes.Select(n => (JsonNode)n).ToArray());
            results.Add(result.ToJsonString(ConstraintJson.Options));
        }
        await OutputText.WriteLinesAsync(output, results, cancellationToken);
        return 0;
    }
}
