using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Diagnostics;
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
            foreach (var c in parser.Parse(text)) Console.WriteLine(c.Describe());
            return 0;
        }
        if (!File.Exists(input)) throw new DatasetException(input!, null, null, "file not found");
        await using var writer = output is null ? Console.Out : new StreamWriter(output);
        int lineNo = 0;
        foreach (var line in File.ReadLines(input!))
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNo++;
            if (line.Trim().Length == 0) continue;
            JsonObject obj;
            try { obj = JsonNode.Parse(line) as JsonObject ?? throw new DatasetException(input!, lineNo, null, "expected a JSON object"); }
            catch (JsonException e) { throw new DatasetException(input!, lineNo, null, $"not valid JSON ({e.Message.Split('.')[0]})"); }
            if (obj["prompt"] is not JsonValue pv || !pv.TryGetValue<string>(out var prompt))
                throw new DatasetException(input!, lineNo, "prompt", "missing or not a string");
            var result = new JsonObject
            {
                ["key"] = obj["key"]?.DeepClone(),
                ["constraints"] = new JsonArray(parser.Parse(prompt).Select(c => (JsonNode)new JsonObject
                {
                    ["instruction_id"] = c.InstructionId,
                    ["kwargs"] = JsonSerializer.SerializeToNode(c.Args, ConstraintJson.Options),
                }).ToArray()),
            };
            await writer.WriteLineAsync(result.ToJsonString(ConstraintJson.Options));
        }
        return 0;
    }
}
