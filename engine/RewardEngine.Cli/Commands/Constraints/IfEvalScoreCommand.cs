using System.CommandLine;
using System.Text.Json;
using RewardEngine.Scoring;
using RewardEngine.Serialization;

namespace RewardEngine.Cli.Commands.Constraints;

/// <summary><c>reward ifeval score</c>: IFEval's evaluation of a response file, strict and loose.</summary>
internal sealed class IfEvalScoreCommand : CliCommand
{
    private readonly Option<string> _inputData = CliOptions.Text("--input-data", "IFEval's input_data.jsonl: {\"key\",\"prompt\",\"instruction_id_list\",\"kwargs\"}", "F.jsonl", required: true);
    private readonly Option<string> _responses = CliOptions.Text("--responses", "JSON lines {\"prompt\",\"response\"} (IFEval's response format; bon's results_best_of_N.jsonl)", "F.jsonl", required: true);
    private readonly Option<string> _out = CliOptions.Text("--out", "output folder: eval_results_strict.jsonl, eval_results_loose.jsonl", "DIR", required: true);
    private readonly Option<bool> _json = CliOptions.Json();

    public override string Name => "ifeval score";
    public override string Summary => "IFEval's evaluation: prompt- and instruction-level accuracy, strict and loose";
    public override string? Details => "Responses are matched to prompts by prompt text; prompts without a response are counted and left out.";
    public override IEnumerable<Symbol> Symbols => [_inputData, _responses, _out, _json];

    public override Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var report = IfEvalEvaluation.Run(parse.GetValue(_inputData)!, parse.GetValue(_responses)!, parse.GetValue(_out)!, cancellationToken);
        if (parse.GetValue(_json)) Console.WriteLine(JsonSerializer.Serialize(report, OutputJson.Indented));
        else
        {
            var a = report.Accuracy;
            var ci = System.Globalization.CultureInfo.InvariantCulture;
            Console.WriteLine(string.Format(ci, "prompt-level strict: {0:0.0000}", a.PromptStrict));
            Console.WriteLine(string.Format(ci, "instruction-level strict: {0:0.0000}", a.InstructionStrict));
            Console.WriteLine(string.Format(ci, "prompt-level loose: {0:0.0000}", a.PromptLoose));
            Console.WriteLine(string.Format(ci, "instruction-level loose: {0:0.0000}", a.InstructionLoose));
            Console.WriteLine($"prompts: {a.Prompts} scored, {report.Unanswered} without a response; instructions: {a.Instructions}");
            Console.WriteLine($"results: {Path.Combine(report.OutputDirectory, IfEvalEvaluation.StrictFile)}, {IfEvalEvaluation.LooseFile}");
        }
        return Task.FromResult(0);
    }
}
