using System.Text.Json.Nodes;
using RewardEngine.Evaluation;
using RewardEngine.Serialization;
using RewardEngine.Storage;

namespace RewardEngine.Jobs.Annotation;

/// <summary>
/// What an annotate run writes, made from its records alone (so a run, a resumed run, a shard and a merge of shards
/// write it the same way): the pairs, one JSON line each in input order, and the run folder's <c>run.json</c> (what
/// made the run, and its summary: what <c>reward merge</c> reads back).
/// </summary>
internal static class AnnotateOutputs
{
    /// <summary>What this process did, for the summary (the records say the rest).</summary>
    public sealed record Work(CacheCounts Signals, int Resumed, double Seconds);

    /// <summary>run.json's <c>"kind"</c> of an annotate run.</summary>
    public const string Kind = "annotate";

    /// <summary>Adds run.json to <paramref name="set"/>; returns the output file's lines and the report.</summary>
    public static (List<string> Lines, AnnotateReport Report) Add(OutputSet set, IReadOnlyList<ResponseRow> rows, IReadOnlyList<AnnotateRecord> records,
        AnnotateOptions options, JsonObject description, Work work, string output)
    {
        int ties = 0, belowMargin = 0, pairs = 0;
        var lines = new List<string>();
        foreach (var record in records)
        {
            var chosen = PreferencePairs.Of(record.Rewards, options.MinMargin, options.AllPairs, out var tie, out var below);
            if (tie) ties++;
            belowMargin += below;
            pairs += chosen.Count;
            lines.AddRange(PairRows.For(options.Format, rows[record.Index], record.Signals, chosen).Select(r => r.ToJsonString(OutputJson.Options)));
        }
        var signals = records.Sum(r => r.Signals.Count);
        var report = new AnnotateReport(records.Count, pairs, ties, belowMargin, work.Signals.Computed, signals - work.Signals.Computed,
            records.Sum(r => r.Signals.Count(s => s.Errors.Count > 0)), FormatName(options.Format), work.Seconds, output)
        {
            RunKey = description["runKey"]?.GetValue<string>() ?? "",
            Resumed = work.Resumed,
            Cost = LlmCost.Sum(records.Select(r => r.Cost)),
            Shard = options.Shard?.ToString(),
        };
        var run = (JsonObject)description.DeepClone();
        run["format"] = report.Format;
        run["minMargin"] = options.MinMargin;
        run["pairs"] = options.AllPairs ? "all" : "best-worst";
        run["output"] = output;
        run["summary"] = new JsonObject
        {
            ["prompts"] = report.Prompts,
            ["resumed"] = report.Resumed,
            ["pairs"] = report.Pairs,
            ["ties"] = report.Ties,
            ["belowMargin"] = report.BelowMargin,
            ["signalsComputed"] = report.SignalsComputed,
            ["signalsReused"] = report.SignalsReused,
            ["signalErrors"] = report.SignalErrors,
            ["llmCalls"] = report.Cost.Calls,
            ["generatedTokens"] = report.Cost.GeneratedTokens,
            ["llmParseFailures"] = report.Cost.ParseFailures,
        };
        set.Add(Reporting.RunOutput.RunFile, run.ToJsonString(OutputJson.Indented) + "\n");
        return (lines, report);
    }

    public static string FormatName(PairFormat format) => format.ToString().ToLowerInvariant();
}
