using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Evaluation;
using RewardEngine.Reporting;
using RewardEngine.Scoring;
using RewardEngine.Serialization;
using RewardEngine.Storage;

namespace RewardEngine.Jobs.BestOfN;

/// <summary>
/// The files of a best-of-n run, made from its records alone (so a run, a resumed run, a shard and a merge of shards
/// write them the same way): <c>results_best_of_{n}.jsonl</c> (the agent's picks, IFEval's response format, input
/// order), <c>selections.jsonl</c>, <c>accuracy.json</c>, the plot <c>best_of_n.png</c> / <c>.svg</c> when the rows can
/// be scored, and <c>run.json</c> (what made the run, and its summary).
/// </summary>
internal static class BestOfNOutputs
{
    /// <summary>What this process did, for the summary (the records say the rest).</summary>
    public sealed record Work(CacheCounts Signals, int GamesPlayed, int Resumed, double Seconds);

    /// <param name="rows">Every row of the input, by index.</param>
    /// <param name="records">The records to write (a shard's, or all), in input order.</param>
    /// <param name="description">run.json's description of the run (without its summary).</param>
    public static BestOfNReport Add(OutputSet set, IReadOnlyList<ResponseRow> rows, IReadOnlyList<BestOfNRecord> records, BestOfNOptions options,
        JsonObject description, Work work, TextWriter log)
    {
        var maxN = options.Ns.Max();
        var picks = new Dictionary<int, IReadOnlyDictionary<string, int[]>>();
        var selections = new List<JsonObject>();
        foreach (var n in options.Ns)
        {
            var byRule = options.Selectors.ToDictionary(s => s, _ => new int[records.Count]);
            for (int k = 0; k < records.Count; k++)
            {
                var picked = records[k].Picks.First(p => p.N == n).Picked;
                foreach (var s in options.Selectors) byRule[s][k] = picked[s];
                selections.Add(SelectionRow(records[k], rows[records[k].Index], n, options.Selectors, picked));
            }
            picks[n] = byRule;
        }
        var scored = records.Select(r => rows[r.Index]).ToList();
        var metricNames = scored.SelectMany(ResponseMetrics.For).Distinct().ToList();
        var metrics = scored.Select(r => (IReadOnlyList<IReadOnlyDictionary<string, MetricValue>>)r.Responses.Take(maxN).Select(resp => ResponseMetrics.Of(r, resp)).ToList()).ToList();
        var table = SelectionTable.Build(metrics, picks, metricNames);

        foreach (var n in options.Ns)
            set.Add(BestOfNJob.ResultsFile(n), Lines(scored.Select((r, k) => new JsonObject { ["prompt"] = r.Prompt, ["response"] = r.Responses[picks[n][options.Agent][k]] })));
        set.Add(BestOfNJob.SelectionsFile, Lines(selections));
        set.Add(BestOfNJob.AccuracyFile, JsonSerializer.Serialize(table, OutputJson.Indented) + "\n");
        if (metricNames.Count > 0)
        {
            var plot = BestOfNPlot.Build(table, metricNames[0], $"Best-of-n: {metricNames[0].Replace('_', ' ')} ({records.Count} prompts)");
            var png = BestOfNPlot.Png(plot);
            set.Add(BestOfNJob.PlotName + ".png", s => s.Write(png));
            set.Add(BestOfNJob.PlotName + ".svg", BestOfNPlot.Svg(plot));
        }
        else log.WriteLine("bon: the rows carry neither IFEval ids nor answers: no accuracy table, no plot");

        var signals = records.Sum(r => r.Signals.Count);
        var games = records.Sum(r => r.Games);
        var report = new BestOfNReport(records.Count, options.Ns, options.Agent, work.Signals.Computed, signals - work.Signals.Computed,
            work.GamesPlayed, games - work.GamesPlayed, records.Sum(r => r.Signals.Count(s => s.Errors.Count > 0)), table, work.Seconds, set.Folder)
        {
            RunKey = description["runKey"]?.GetValue<string>() ?? "",
            Resumed = work.Resumed,
            Cost = LlmCost.Sum(records.Select(r => r.Cost)),
            Shard = options.Shard?.ToString(),
        };
        var run = (JsonObject)description.DeepClone();
        run["summary"] = new JsonObject
        {
            ["prompts"] = report.Prompts,
            ["resumed"] = report.Resumed,
            ["signalsComputed"] = report.SignalsComputed,
            ["signalsReused"] = report.SignalsReused,
            ["gamesPlayed"] = report.GamesPlayed,
            ["gamesReused"] = report.GamesReused,
            ["signalErrors"] = report.SignalErrors,
            ["llmCalls"] = report.Cost.Calls,
            ["generatedTokens"] = report.Cost.GeneratedTokens,
            ["llmParseFailures"] = report.Cost.ParseFailures,
        };
        set.Add(RunOutput.RunFile, run.ToJsonString(OutputJson.Indented) + "\n");
        return report;
    }

    private static string Lines(IEnumerable<JsonObject> rows) => string.Concat(rows.Select(r => r.ToJsonString(OutputJson.Options) + "\n"));

    private static JsonObject SelectionRow(BestOfNRecord record, ResponseRow row, int n, IReadOnlyList<string> selectors, IReadOnlyDictionary<string, int> picked) => new()
    {
        ["prompt_index"] = record.Index,
        ["prompt"] = row.Prompt,
        ["n"] = n,
        ["picked"] = new JsonObject(selectors.Select(s => KeyValuePair.Create(s, (JsonNode?)picked[s]))),
        ["signals"] = new JsonArray(record.Signals.Take(n).Select(s => (JsonNode)new JsonObject(
            s.Signals.Select(x => KeyValuePair.Create(x.Name, (JsonNode?)Math.Round(x.Score, 6))))).ToArray()),
    };
}
