using System.CommandLine;
using System.Text.Json;
using RewardEngine.Configuration;
using RewardEngine.Evaluation;
using RewardEngine.Jobs;
using RewardEngine.Jobs.Annotation;
using RewardEngine.Serialization;

namespace RewardEngine.Cli.Commands.Responses;

/// <summary><c>reward annotate</c>: preference pairs for DPO from N responses per prompt.</summary>
internal sealed class AnnotateCommand : CliCommand
{
    private readonly Option<string> _input = CliOptions.Text("--input", "responses: {\"prompt\",\"responses\":[...]} lines (reward generate's output)", "F.jsonl", required: true);
    private readonly Option<string> _out = CliOptions.Text("--out", "preference pairs, JSON lines; OUT.run/ holds the run store and the computed signals", "F.jsonl", required: true);
    private readonly Option<string> _profile = CliOptions.Text("--profile", "verifiers-only (default), tiny, full", "NAME");
    private readonly Option<string> _config = CliOptions.Config();
    private readonly Option<string> _format = CliOptions.Choice("--format", "trl (conversational prompt/chosen/rejected, margin, signals), openrlhf (prompt/chosen/rejected text) or original (the row plus scores per signal per \"Answer k\")", "trl", "trl", "openrlhf", "original");
    private readonly Option<double> _minMargin = CliOptions.Double("--min-margin", "leave out pairs whose normalized score gap is below M (scores in [0, 1])", 0, 0, 1);
    private readonly Option<string> _pairs = CliOptions.Choice("--pairs", "best-worst: the best against the worst response; all: every pair whose gap reaches the margin", "best-worst", "best-worst", "all");
    private readonly Option<int?> _seed = CliOptions.OptionalInt("--seed", "seed of seeded verifier steps (default: the config's)");
    private readonly Option<int> _threads = CliOptions.Int("--threads", "prompts scored at once", Environment.ProcessorCount, 1, 256);
    private readonly Option<string> _shard = CliOptions.Text("--shard", "annotate shard K of N (0-based): every Nth prompt from the Kth; --out holds that shard's pairs", "K/N");
    private readonly Option<int?> _shards = CliOptions.OptionalInt("--shards", "split into N shards, K read from JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or SLURM_ARRAY_TASK_ID (Slurm array)", min: 1);
    private readonly Option<string> _summary = CliOptions.Text("--summary", "also write the report as JSON to FILE (what the MSBuild tasks read)", "FILE");
    private readonly Option<bool> _json = CliOptions.Json();

    public override string Name => "annotate";
    public override string Summary => "preference pairs for DPO: chosen = the agent's best response, rejected = its worst (resumable)";
    public override string? Details => """
        A resumable job: OUT.run/run.db holds each finished prompt's signals (a killed run continues where it stopped;
        --format, --min-margin and --pairs change no stored result), OUT.run/signals.db every signal computed there, so
        another input sharing responses computes only the new ones.
        """;
    public override IEnumerable<Symbol> Symbols => [_input, _out, _profile, _config, _format, _minMargin, _pairs, _seed, _threads, _shard, _shards, _summary, _json];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var config = ConfigResolver.Resolve(parse.GetValue(_profile), parse.GetValue(_config), TinyProfile.Make);
        var format = parse.GetValue(_format) switch { "openrlhf" => PairFormat.OpenRlhf, "original" => PairFormat.Original, _ => PairFormat.Trl };
        var options = new AnnotateOptions(parse.GetValue(_input)!, parse.GetValue(_out)!, format, parse.GetValue(_minMargin),
            parse.GetValue(_pairs) == "all", parse.GetValue(_seed) ?? config.Seed, parse.GetValue(_threads))
        {
            Shard = ShardSpec.Resolve(parse.GetValue(_shard), parse.GetValue(_shards), Environment.GetEnvironmentVariable),
        };
        var report = await new AnnotateJob(config, options, Console.Error, ProgressReporter.ForConsole("prompts")).RunAsync(cancellationToken);
        await JobSummary.WriteAsync(parse.GetValue(_summary), report);
        if (parse.GetValue(_json)) Console.WriteLine(JsonSerializer.Serialize(report, OutputJson.Indented));
        else
        {
            Console.WriteLine($"prompts: {report.Prompts}; pairs: {report.Pairs} ({report.Format}); ties (no pair): {report.Ties}; below --min-margin: {report.BelowMargin}");
            Console.WriteLine($"signal computations: {report.SignalsComputed} made, {report.SignalsReused} reused ({report.Resumed} prompt(s) resumed); llm calls: {report.Cost.Calls}; responses with a failed verifier: {report.SignalErrors}");
            if (report.Shard is { } shard) Console.WriteLine($"shard: {shard}");
            Console.WriteLine($"results: {report.Output}");
        }
        return 0;
    }
}
