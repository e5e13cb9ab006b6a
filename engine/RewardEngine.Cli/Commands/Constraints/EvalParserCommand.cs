using RewardEngine.Verifiers.Constraints;

namespace RewardEngine.Cli.Commands.Constraints;

/// <summary><c>reward constraints eval-parser</c>: the parser's per-id precision/recall against gold annotations.</summary>
public sealed class EvalParserCommand : ICliCommand
{
    public string Name => "constraints eval-parser";
    public string Summary => "Score the constraint parser against IFEval-style gold ids and kwargs";
    public string Usage => """
        reward constraints eval-parser --input F.jsonl [--errors N]
          --input   lines {"key","prompt","instruction_id_list","kwargs"} (e.g. ../shared/data/ifeval/input_data.jsonl)
          --errors  also print the first N prompts where parser and gold differ (default 0)
        """;

    public Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var input = args.Required("input");
        var errors = args.Int("errors", 0, min: 0);
        args.EnsureAllUsed();
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
