using System.CommandLine;
using RewardEngine.Verifiers.Constraints;

namespace RewardEngine.Cli.Commands.Constraints;

/// <summary><c>reward constraints eval-parser</c>: the parser's per-id precision/recall against gold annotations.</summary>
internal sealed class EvalParserCommand : CliCommand
{
    private readonly Option<string> _input = CliOptions.Text("--input", "lines {\"key\",\"prompt\",\"instruction_id_list\",\"kwargs\"} (e.g. IFEval's input_data.jsonl, or the fetched set: ifeval); rows with a \"family\" (data/dev/freeform.jsonl) are scored on every kind and reported per family", "F.jsonl", required: true);
    private readonly Option<int> _errors = CliOptions.Int("--errors", "also print the first N prompts where parser and gold differ", 0, min: 0);

    public override string Name => "constraints eval-parser";
    public override string Summary => "score the constraint parser against IFEval-style gold ids and kwargs";
    public override IEnumerable<Symbol> Symbols => [_input, _errors];

    public override Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var input = RewardEngine.Data.Catalog.DatasetResolver.SingleFile(parse.GetValue(_input)!, RewardEngine.Data.DataKind.Prompts);
        var errors = parse.GetValue(_errors);
        var eval = ParserEvaluation.Run(input, new ConstraintParser());
        Console.Write(eval.FormatTable());
        foreach (var m in eval.Mismatches.Take(errors))
        {
            Console.WriteLine($"\n--- key {m.Key}: {m.Prompt.Replace('\n', ' ')}");
            foreach (var g in m.Gold.Except(m.Parsed)) Console.WriteLine($"  missed: {g}");
            foreach (var p in m.Parsed.Except(m.Gold)) Console.WriteLine($"  extra:  {p}");
        }
        return Task.FromResult(0);
    }
}
