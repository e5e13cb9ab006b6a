using System.Text.Json;
using System.Text.Json.Nodes;
using RewardEngine.Diagnostics;
using RewardEngine.Evaluation;

namespace RewardEngine.Reporting;

/// <summary>
/// An output folder of <c>reward eval</c> as <c>reward diff</c> and <c>reward report</c> read it: every pair with its
/// result (scores.jsonl), the accuracies the run reported (results_grouped.json) and what produced them (run.json).
/// </summary>
public sealed class RunOutput
{
    public const string ScoresFile = "scores.jsonl";
    public const string GroupedFile = "results_grouped.json";
    public const string RunFile = "run.json";

    private RunOutput(string directory, RunProvenance provenance, IReadOnlyDictionary<string, double> grouped,
        double? overall, IReadOnlyList<ScoredPair> pairs)
    {
        Directory = directory;
        Provenance = provenance;
        ReportedAccuracy = grouped;
        ReportedOverall = overall;
        Pairs = pairs;
    }

    public string Directory { get; }
    public RunProvenance Provenance { get; }
    /// <summary>Per-subset accuracy as results_grouped.json holds it.</summary>
    public IReadOnlyDictionary<string, double> ReportedAccuracy { get; }
    /// <summary>results_grouped.json's "overall".</summary>
    public double? ReportedOverall { get; }
    /// <summary>The pairs in scores.jsonl order.</summary>
    public IReadOnlyList<ScoredPair> Pairs { get; }

    /// <summary>A short name for headings: the folder's name.</summary>
    public string Name => Path.GetFileName(Directory.TrimEnd(Path.DirectorySeparatorChar)) is { Length: > 0 } n ? n : Directory;

    /// <summary>Reads an eval output folder; every problem is one <see cref="RunOutputException"/> line.</summary>
    public static RunOutput Load(string directory)
    {
        var dir = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(dir)) throw new RunOutputException($"{directory}: no such output folder");
        var scores = Path.Combine(dir, ScoresFile);
        if (!File.Exists(scores))
        {
            var hint = System.IO.Directory.EnumerateFiles(dir, "results_best_of_*.jsonl").Any()
                ? " (a best-of-n folder: reward diff compares eval folders; reward report shows a best-of-n folder on its own)"
                : " (is it an output folder of reward eval, and did the run finish?)";
            throw new RunOutputException($"{directory}: no {ScoresFile}{hint}");
        }
        var (grouped, overall) = ReadGrouped(Path.Combine(dir, GroupedFile));
        var runFile = Path.Combine(dir, RunFile);
        var provenance = File.Exists(runFile) ? RunProvenance.Parse(ParseFile(runFile), runFile) : new RunProvenance();
        return new RunOutput(dir, provenance, grouped, overall, ReadScores(scores));
    }

    private static (IReadOnlyDictionary<string, double>, double?) ReadGrouped(string file)
    {
        if (!File.Exists(file)) throw new RunOutputException($"{file}: not found (the run did not finish?)");
        if (ParseFile(file) is not JsonObject o) throw new RunOutputException($"{file}: expected a JSON object {{subset: accuracy}}");
        var subsets = new Dictionary<string, double>(StringComparer.Ordinal);
        double? overall = null;
        foreach (var (name, value) in o)
        {
            // Other tools put strings (model, chat_template) beside the numbers; only numbers are accuracies.
            if (value is not JsonValue v || !v.TryGetValue<double>(out var acc)) continue;
            if (name == "overall") overall = acc; else subsets[name] = acc;
        }
        return (subsets, overall);
    }

    private static List<ScoredPair> ReadScores(string file)
    {
        var pairs = new List<ScoredPair>();
        int line = 0;
        foreach (var text in File.ReadLines(file))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            JsonNode? node;
            try { node = JsonNode.Parse(text); }
            catch (JsonException e) { throw new RunOutputException($"{file}: line {line}: not JSON ({FirstLine(e.Message)})"); }
            if (node is not JsonObject o) throw new RunOutputException($"{file}: line {line}: expected a JSON object");
            foreach (var field in (string[])["id", "subset", "dataset", "record", "games", "result"])
                if (o[field] is null) throw new RunOutputException($"{file}: line {line}, field '{field}': missing");
            if (o["result"] is not JsonValue rv || !rv.TryGetValue<double>(out var result) || result is < 0 or > 1 || double.IsNaN(result))
                throw new RunOutputException($"{file}: line {line}, field 'result': expected a number in [0, 1], got {o["result"]!.ToJsonString()}");
            PairRecord record;
            try { record = o.Deserialize<PairRecord>(Jobs.RunStore.Json)!; }
            catch (JsonException e)
            {
                var field = e.Path is { Length: > 2 } p ? $", field '{p[2..]}'" : "";
                throw new RunOutputException($"{file}: line {line}{field}: {FirstLine(e.Message)}");
            }
            if (record.Games is null || record.Games.Count == 0)
                throw new RunOutputException($"{file}: line {line}, field 'games': the pair has no games");
            foreach (var g in record.Games)
                if (g.Order is not (GameRecord.ChosenFirst or GameRecord.RejectedFirst))
                    throw new RunOutputException($"{file}: line {line}, field 'games.order': expected {GameRecord.ChosenFirst} or {GameRecord.RejectedFirst}, got '{g.Order}'");
            pairs.Add(new ScoredPair(new PairKey(record.Dataset, record.Record, record.Id), record with { Llm = record.Llm ?? new LlmCost(0, 0, 0) }, result));
        }
        return pairs;
    }

    private static JsonNode ParseFile(string file)
    {
        try { return JsonNode.Parse(File.ReadAllText(file)) ?? throw new RunOutputException($"{file}: empty (null)"); }
        catch (JsonException e) { throw new RunOutputException($"{file}: not JSON ({FirstLine(e.Message)})"); }
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
