using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RewardEngine.Agent;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Evaluation;
using RewardEngine.Jobs;
using RewardEngine.Jobs.BestOfN;
using RewardEngine.Scoring;
using RewardEngine.Serialization;

namespace RewardEngine.Cli.Commands.Responses;

/// <summary><c>reward bon</c>: best-of-n selection for several n, scored and plotted.</summary>
internal sealed class BestOfNCommand : CliCommand
{
    private readonly Option<string> _input = CliOptions.Text("--input", "responses: {\"prompt\",\"responses\":[...]} lines (reward generate's output); IFEval ids or \"answers\" make them scorable", "F.jsonl", required: true);
    private readonly Option<string> _n = CliOptions.Text("--n", "the n values, comma-separated (e.g. 2,4,8,16,32)", "LIST", required: true);
    private readonly Option<string> _out = CliOptions.Text("--out", "output folder: results_best_of_{n}.jsonl, selections.jsonl, accuracy.json, best_of_n.png/.svg, signals.db", "DIR", required: true);
    private readonly Option<string> _profile = CliOptions.Text("--profile", "verifiers-only (default), tiny, full", "NAME");
    private readonly Option<string> _config = CliOptions.Config();
    private readonly Option<string> _selectors = CliOptions.Text("--selectors", "rules to compare, comma-separated: first, rm, weighted_sum, major_vote, llm (default: all but llm; llm too when judger.kind is llm)", "LIST");
    private readonly Option<int?> _games = CliOptions.OptionalInt("--games", "llm rule: games per prompt, sampled (default: every pair)", min: 1);
    private readonly Option<int?> _seed = CliOptions.OptionalInt("--seed", "seed of the llm rule's games (default: the config's)");
    private readonly Option<int> _threads = CliOptions.Int("--threads", "responses scored at once", Environment.ProcessorCount, 1, 256);
    private readonly Option<string> _summary = CliOptions.Text("--summary", "also write the report as JSON to FILE (what the MSBuild tasks read)", "FILE");
    private readonly Option<bool> _json = CliOptions.Json();

    public override string Name => "bon";
    public override string Summary => "best-of-n: pick the best of the first n responses for every n, score the picks, plot accuracy against n";
    public override string? Details => "Per-response signals are computed once and kept in DIR/signals.db: a larger n, a rerun or a resumed run computes only responses not seen before.";
    public override IEnumerable<Symbol> Symbols => [_input, _n, _out, _profile, _config, _selectors, _games, _seed, _threads, _summary, _json];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var config = ConfigResolver.Resolve(parse.GetValue(_profile), parse.GetValue(_config), TinyProfile.Make);
        var ns = ParseList(parse.GetValue(_n)!, "--n").Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n
            : throw new UsageException($"--n: '{s}' is not a whole number >= 1")).Distinct().Order().ToList();
        var agent = config.Judger.Kind switch { JudgerKind.MajorVote => "major_vote", JudgerKind.LlmJudge or JudgerKind.LlmAggregator => "llm", _ => "weighted_sum" };
        var selectors = parse.GetValue(_selectors) is { } list ? ParseList(list, "--selectors")
            : ResponseSelectors.Names.Where(s => s != "llm" || agent == "llm").ToList();
        if (!selectors.Contains(agent)) selectors = [.. selectors, agent];
        var options = new BestOfNOptions(parse.GetValue(_input)!, parse.GetValue(_out)!, ns, selectors.Distinct().ToList(), agent,
            parse.GetValue(_games), config.Judger.MultiAnswer, parse.GetValue(_seed) ?? config.Seed, parse.GetValue(_threads));
        var report = await new BestOfNJob(config, options, Console.Error, ProgressReporter.ForConsole("responses")).RunAsync(cancellationToken);
        await JobSummary.WriteAsync(parse.GetValue(_summary), report);
        if (parse.GetValue(_json)) Console.WriteLine(JsonSerializer.Serialize(report, OutputJson.Indented));
        else
        {
            Console.Write(SelectionTable.Format(report.Table));
            Console.WriteLine($"prompts: {report.Prompts}; agent: {report.Agent}; signal computations: {report.SignalsComputed} made, {report.SignalsReused} reused; llm games: {report.GamesPlayed} played ({report.GamesCost.Calls} calls, {report.GamesCost.PromptTokens} prompt and {report.GamesCost.GeneratedTokens} generated tokens), {report.GamesReused} reused; responses with a failed verifier: {report.SignalErrors}");
            Console.WriteLine($"results: {report.OutputDirectory}");
        }
        return 0;
    }

    private static List<string> ParseList(string value, string option)
    {
        var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return items.Count > 0 ? items : throw new UsageException($"{option}: give at least one value");
    }
}
