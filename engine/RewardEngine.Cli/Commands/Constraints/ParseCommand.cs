using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Data;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;
using RewardEngine.Verifiers.Constraints;

namespace RewardEngine.Cli.Commands.Constraints;

/// <summary><c>reward constraints parse</c>: instructions to typed constraints in IFEval's vocabulary.</summary>
public sealed class ParseCommand : ICliCommand
{
    public string Name => "constraints parse";
    public string Summary => "Parse instructions into checkable constraints (IFEval ids and kwargs)";
    public string Usage => """
        reward constraints parse --input F.jsonl [--out F.jsonl]
        reward constraints parse --text "instruction..."
          --input  lines {"key","prompt"}; writes lines {"key","constraints":[{"instruction_id","kwargs"}]}
          --out    output file (default: stdout)
          --text   parse one instruction and print its constraints, one per line
        """;

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var text = args.String("text");
        var input = text is null ? args.Required("input") : args.String("input");
        var output = args.String("out");
        args.EnsureAllUsed();
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
