using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Evaluation;
using RewardEngine.Reporting;
using RewardEngine.Scoring;
using RewardEngine.Serialization;
using RewardEngine.Storage;

namespace RewardEngine.Jobs.BestOfN;

/// <summary>
/// <c>reward bon</c>: for every prompt and every n, each selection rule picks one of the first n responses. Every
/// per-response signal is computed once (<see cref="SignalCache"/>) and reused for every n, on reruns and after a
/// kill, so a larger n costs only the new responses. Writes, as one set: <c>results_best_of_{n}.jsonl</c> (the
/// agent's picks, IFEval's response format, input order), <c>selections.jsonl</c> (every rule's pick and every
/// response's signals per prompt and n), <c>accuracy.json</c> and the plot <c>best_of_n.png</c> / <c>.svg</c>.
/// </summary>
public sealed class BestOfNJob(EngineConfig config, BestOfNOptions options, TextWriter log, ProgressReporter progress)
{
    public const string SelectionsFile = "selections.jsonl", AccuracyFile = "accuracy.json", PlotName = "best_of_n", SignalsFile = "signals.db";

    public static string ResultsFile(int n) => $"results_best_of_{n}.jsonl";

    public async Task<BestOfNReport> RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rows = ResponseRow.Read(options.Input, cancellationToken);
        var maxN = options.Ns.Max();
        for (int p = 0; p < rows.Count; p++)
            if (rows[p].Responses.Count < maxN)
                throw new DatasetException(options.Input, p + 1, "responses", $"has {rows[p].Responses.Count} responses; --n asks for {maxN}", "line");
        var folder = Path.GetFullPath(options.OutputDirectory);
        using var _ = ExclusiveLock.ForFolder(folder);
        OutputSet.Recover(folder);
        using var store = SignalStore.Open(Path.Combine(folder, SignalsFile));
        await using var session = ScoringSession.Open(config, store, folder, options.Seed, log);
        var selectors = options.Selectors.Select(name => ResponseSelectors.Create(name, session, store, options)).ToList();

        var signals = await session.Signals.ScoreAllAsync(rows, maxN, options.Threads, (d, t) => progress.Report(d, t), cancellationToken);
        var counts = session.Signals.Counts;
        log.WriteLine($"bon: per-response signals: {counts.Computed} computed, {counts.Reused} reused");

        var picks = new Dictionary<int, IReadOnlyDictionary<string, int[]>>();
        var selections = new List<JsonObject>();
        foreach (var n in options.Ns)
        {
            var byRule = selectors.ToDictionary(s => s.Name, _ => new int[rows.Count]);
            for (int p = 0; p < rows.Count; p++)
            {
                var input = new SelectionInput(p, rows[p], signals[p]);
                var costs = new Dictionary<string, Evaluation.LlmCost>();
                foreach (var s in selectors)
                {
                    var pick = await s.SelectAsync(input, n, cancellationToken);
                    byRule[s.Name][p] = pick.Index;
                    if (pick.Cost.Calls > 0) costs[s.Name] = pick.Cost;
                }
                selections.Add(SelectionRow(p, rows[p], n, byRule.ToDictionary(kv => kv.Key, kv => kv.Value[p]), signals[p], costs));
            }
            picks[n] = byRule;
        }
        var metricNames = rows.SelectMany(ResponseMetrics.For).Distinct().ToList();
        var metrics = rows.Select(r => (IReadOnlyList<IReadOnlyDictionary<string, MetricValue>>)r.Responses.Take(maxN).Select(resp => ResponseMetrics.Of(r, resp)).ToList()).ToList();
        var table = SelectionTable.Build(metrics, picks, metricNames);

        var set = new OutputSet(folder);
        foreach (var n in options.Ns)
            set.Add(ResultsFile(n), Lines(rows.Select((r, p) => new JsonObject { ["prompt"] = r.Prompt, ["response"] = r.Responses[picks[n][options.Agent][p]] })));
        set.Add(SelectionsFile, Lines(selections));
        var games = selectors.OfType<LlmGamesSelector>().FirstOrDefault();
        var gameCounts = games?.Counts ?? new CacheCounts(0, 0);
        var report = new BestOfNReport(rows.Count, options.Ns, options.Agent, counts.Computed, counts.Reused, gameCounts.Computed, gameCounts.Reused,
            signals.Sum(r => r.Count(s => s.Errors.Count > 0)), table, clock.Elapsed.TotalSeconds, folder) { GamesCost = games?.PlayedCost ?? Evaluation.LlmCost.Zero };
        set.Add(AccuracyFile, JsonSerializer.Serialize(table, OutputJson.Indented) + "\n");
        if (metricNames.Count > 0)
        {
            var plot = BestOfNPlot.Build(table, metricNames[0], $"Best-of-n: {metricNames[0].Replace('_', ' ')} ({rows.Count} prompts)");
            var png = BestOfNPlot.Png(plot);
            set.Add(PlotName + ".png", s => s.Write(png));
            set.Add(PlotName + ".svg", BestOfNPlot.Svg(plot));
        }
        else log.WriteLine("bon: the rows carry neither IFEval ids nor answers: no accuracy table, no plot");
        set.Commit();
        return report;
    }

    private static string Lines(IEnumerable<JsonObject> rows) => string.Concat(rows.Select(r => r.ToJsonString(OutputJson.Options) + "\n"));

    // "llm": per rule that asked an LLM, the cost of the games behind its pick (as played, so a rerun writes the same).
    private static JsonObject SelectionRow(int p, ResponseRow row, int n, Dictionary<string, int> picks, IReadOnlyList<ResponseSignals> signals,
        Dictionary<string, Evaluation.LlmCost> costs)
    {
        var o = SelectionRow(p, row, n, picks, signals);
        if (costs.Count > 0)
            o["llm"] = new JsonObject(costs.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)new JsonObject
            {
                ["calls"] = kv.Value.Calls, ["prompt_tokens"] = kv.Value.PromptTokens,
                ["generated_tokens"] = kv.Value.GeneratedTokens, ["parse_failures"] = kv.Value.ParseFailures,
            })));
        return o;
    }

    private static JsonObject SelectionRow(int p, ResponseRow row, int n, Dictionary<string, int> picks, IReadOnlyList<ResponseSignals> signals) => new()
    {
        ["prompt_index"] = p,
        ["prompt"] = row.Prompt,
        ["n"] = n,
        ["picked"] = new JsonObject(picks.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        ["signals"] = new JsonArray(signals.Take(n).Select(s => (JsonNode)new JsonObject(
            s.Signals.Select(x => KeyValuePair.Create(x.Name, (JsonNode?)Math.Round(x.Score, 6))))).ToArray()),
    };
}
