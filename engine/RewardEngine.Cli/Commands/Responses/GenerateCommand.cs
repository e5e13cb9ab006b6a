using System.CommandLine;
using System.Text.Json;
using RewardEngine.Configuration;
using RewardEngine.Evaluation;
using RewardEngine.Jobs;
using RewardEngine.Jobs.Generation;
using RewardEngine.Serialization;

namespace RewardEngine.Cli.Commands.Responses;

/// <summary><c>reward generate</c>: N samples per prompt from the policy model (resumable).</summary>
internal sealed class GenerateCommand : CliCommand
{
    private readonly Option<string> _input = CliOptions.Text("--input", "prompts: {\"prompt\"} lines or IFEval's input_data.jsonl (other fields are carried)", "F.jsonl", required: true);
    private readonly Option<string> _out = CliOptions.Text("--out", "responses: {\"prompt\",\"responses\":[...],\"generator\"} lines plus the carried fields; OUT.run/ holds the run store", "F.jsonl", required: true);
    private readonly Option<int> _n = CliOptions.Int("--n", "samples per prompt", 8, 1, 256);
    private readonly Option<string> _profile = CliOptions.Text("--profile", "verifiers-only (default), tiny, full", "NAME");
    private readonly Option<string> _config = CliOptions.Config();
    private readonly Option<double> _temperature = CliOptions.Double("--temperature", "sampling temperature (0: greedy)", 1.0, 0, 10);
    private readonly Option<double> _topP = CliOptions.Double("--top-p", "nucleus sampling mass (1: off)", 1.0, 0.01, 1);
    private readonly Option<int> _maxTokens = CliOptions.Int("--max-tokens", "most tokens per response", 512, 1, 1 << 20);
    private readonly Option<int?> _seed = CliOptions.OptionalInt("--seed", "sampling seed; sample i of prompt p is seeded by (seed, p, i) (default: the config's)");
    private readonly Option<string> _summary = CliOptions.Text("--summary", "also write the report as JSON to FILE (what the MSBuild tasks read)", "FILE");
    private readonly Option<bool> _overwrite = CliOptions.Flag("--overwrite", "replace another run (other prompts or settings) held in OUT.run/ instead of refusing it");
    private readonly Option<bool> _json = CliOptions.Json();

    public override string Name => "generate";
    public override string Summary => "sample N responses per prompt from the policy model (llm.policy or the OpenAI backend; resumable)";
    public override string? Details => "The N samples of a prompt share its KV cache (decoded once, forked). A run killed at any point continues when started again with the same arguments; an OUT.run/ holding another run is refused (RWD211) unless --overwrite.";
    public override IEnumerable<Symbol> Symbols => [_input, _out, _n, _profile, _config, _temperature, _topP, _maxTokens, _seed, _summary, _overwrite, _json];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var config = ConfigResolver.Resolve(parse.GetValue(_profile), parse.GetValue(_config), TinyProfile.Make);
        var options = new GenerateOptions(parse.GetValue(_input)!, parse.GetValue(_out)!, parse.GetValue(_n), parse.GetValue(_maxTokens),
            (float)parse.GetValue(_temperature), (float)parse.GetValue(_topP), parse.GetValue(_seed) ?? config.Seed, parse.GetValue(_overwrite));
        var report = await GenerateJob.RunAsync(config, options, Console.Error, ProgressReporter.ForConsole("prompts"), cancellationToken);
        await JobSummary.WriteAsync(parse.GetValue(_summary), report);
        if (parse.GetValue(_json)) Console.WriteLine(JsonSerializer.Serialize(report, OutputJson.Indented));
        else
        {
            Console.WriteLine($"prompts: {report.Prompts} x {report.N} responses ({report.GeneratedNow} generated now, {report.Resumed} resumed), generator {report.Generator}");
            Console.WriteLine($"prompt tokens: {report.PromptTokensEvaluated} evaluated, {report.PromptTokensSaved} saved by sharing each prompt's KV cache; generated tokens: {report.GeneratedTokens}");
            Console.WriteLine($"results: {report.Output}");
        }
        return 0;
    }
}
