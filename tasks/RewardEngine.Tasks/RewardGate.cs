using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace RewardEngine.Tasks;

/// <summary>
/// The regression gate over finished runs, read from their run.json: a minimum overall accuracy (RWD900), each subset
/// against a committed baseline within a tolerance (RWD904, naming the subset, the drop and the tolerance), and a
/// refusal to gate on a run where no verifier applied to most pairs (RWD903: its accuracy is the tie rate). Values
/// are compared unrounded. <see cref="UpdateBaseline"/> rewrites the baseline from the runs instead.
/// </summary>
public sealed class RewardGate : Microsoft.Build.Utilities.Task
{
    /// <summary>The run folders (RewardEval's Runs output, or folders of earlier runs).</summary>
    [Required] public ITaskItem[] Runs { get; set; } = [];
    public string? MinAccuracy { get; set; }
    /// <summary>The property name the user set for <see cref="MinAccuracy"/>, for messages.</summary>
    public string MinAccuracyProperty { get; set; } = "MinAccuracy";
    /// <summary>baseline.json: <c>{"subsets": {name: accuracy}, "overall": x}</c>. Empty: no baseline comparison.</summary>
    public string? Baseline { get; set; }
    /// <summary>Largest allowed drop of a subset's accuracy below the baseline.</summary>
    public string Tolerance { get; set; } = "0";
    public string ToleranceProperty { get; set; } = "GateTolerance";
    public bool UpdateBaseline { get; set; }

    public override bool Execute()
    {
        var results = new List<RunResult>();
        foreach (var r in Runs)
        {
            var dir = r.ItemSpec;
            if (!File.Exists(Path.Combine(dir, "run.json")))
            {
                Log.LogError(null, "RWD901", null, dir, 0, 0, 0, 0, $"{dir}: no run.json (evaluate first: the Evaluate target)");
                return false;
            }
            results.Add(RunResult.Read(dir));
        }
        var subsets = Merge(results);
        var overall = results.Count == 1 ? results[0].Overall : results.Average(r => r.Overall);

        if (UpdateBaseline)
        {
            if (string.IsNullOrWhiteSpace(Baseline)) { Log.LogError(null, "RWD902", null, null, 0, 0, 0, 0, "UpdateBaseline=true needs a baseline file (RewardBaseline)"); return false; }
            var doc = new JsonObject { ["subsets"] = new JsonObject(subsets.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)JsonValue.Create(s.Value)))), ["overall"] = overall };
            File.WriteAllText(Baseline, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            Log.LogMessage(MessageImportance.High, $"baseline written: {Baseline} ({subsets.Count} subsets, overall {RunResult.Format(overall)})");
            return true;
        }

        foreach (var r in results.Where(r => r.NothingMeasured))
        {
            Log.LogError(null, "RWD903", null, r.Directory, 0, 0, 0, 0,
                $"no verifier applied to {r.NoSignalPairs:N0} of {r.Pairs:N0} pairs in {r.Directory}: the accuracy is the tie rate, not a measurement; the gate refuses it (run a profile with models)");
            return false;
        }

        bool ok = true;
        if (!string.IsNullOrWhiteSpace(MinAccuracy))
        {
            var min = double.Parse(MinAccuracy, CultureInfo.InvariantCulture); // validated by the targets before any work
            if (overall < min)
            {
                Log.LogError(null, "RWD900", null, null, 0, 0, 0, 0, $"overall accuracy {overall.ToString("R", CultureInfo.InvariantCulture)} is below the gate {MinAccuracyProperty}={MinAccuracy}; see which pairs changed: reward diff BASELINE_RUN {results[0].Directory}");
                ok = false;
            }
        }
        if (!string.IsNullOrWhiteSpace(Baseline)) ok &= CompareWithBaseline(subsets, results);
        return ok;
    }

    private bool CompareWithBaseline(IReadOnlyDictionary<string, double> subsets, List<RunResult> results)
    {
        if (!File.Exists(Baseline))
        {
            Log.LogError(null, "RWD905", null, Baseline, 0, 0, 0, 0, $"{Baseline}: no baseline yet; write one from the current results with -p:UpdateBaseline=true and commit it");
            return false;
        }
        Dictionary<string, double> baseline;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Baseline!));
            baseline = doc.RootElement.GetProperty("subsets").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            Log.LogError(null, "RWD905", null, Baseline, 0, 0, 0, 0, $"{Baseline}: not a baseline file ({e.Message.Split('\n')[0]}); expected {{\"subsets\": {{name: accuracy}}, \"overall\": x}}");
            return false;
        }
        var tolerance = double.Parse(Tolerance, CultureInfo.InvariantCulture);
        var dropped = new List<string>();
        foreach (var (name, before) in baseline.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!subsets.TryGetValue(name, out var now))
            {
                Log.LogWarning(null, "RWD011", null, Baseline, 0, 0, 0, 0, $"subset '{name}' is in the baseline but not in this run");
                continue;
            }
            var drop = before - now;
            if (drop > tolerance)
            {
                dropped.Add(name);
                Log.LogError(null, "RWD904", null, Baseline, 0, 0, 0, 0, string.Format(CultureInfo.InvariantCulture,
                    "subset '{0}' dropped from {1:0.0000} to {2:0.0000} ({3:+0.0000;-0.0000}; {4}={5}); see which pairs changed: reward diff BASELINE_RUN {6}",
                    name, before, now, now - before, ToleranceProperty, Tolerance, results[0].Directory));
            }
            else Log.LogMessage(MessageImportance.High, string.Format(CultureInfo.InvariantCulture, "gate: {0}: {1:0.0000} (baseline {2:0.0000})", name, now, before));
        }
        foreach (var name in subsets.Keys.Where(k => !baseline.ContainsKey(k)))
            Log.LogMessage(MessageImportance.High, $"gate: subset '{name}' is new (not in the baseline)");
        return dropped.Count == 0;
    }

    /// <summary>Subsets of all runs; a name two runs share is qualified by its run folder's name.</summary>
    private static Dictionary<string, double> Merge(List<RunResult> results)
    {
        var counts = results.SelectMany(r => r.Subsets.Keys).GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());
        var merged = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var r in results)
            foreach (var (name, acc) in r.Subsets)
                merged[counts[name] > 1 ? $"{Path.GetFileName(r.Directory.TrimEnd('/'))}:{name}" : name] = acc;
        return merged;
    }
}
