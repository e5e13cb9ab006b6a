using System.Globalization;
using System.Text.Json;

namespace RewardEngine.Tasks;

/// <summary>
/// What a finished run reports, read from the <c>run.json</c> the CLI writes in its output folder (never scraped
/// from its console output): accuracy per subset and overall, unrounded when the file carries them.
/// </summary>
internal sealed class RunResult
{
    public required string Directory { get; init; }
    public required IReadOnlyDictionary<string, double> Subsets { get; init; }
    public required double Overall { get; init; }
    /// <summary>Pairs no verifier applied to, and all pairs (when the run recorded them).</summary>
    public long? NoSignalPairs { get; init; }
    public long? Pairs { get; init; }

    /// <summary>More than half the pairs had no signal: the accuracy is the tie rate, not a measurement.</summary>
    public bool NothingMeasured => NoSignalPairs is { } n && Pairs is { } p && p > 0 && n * 2 > p;

    public static RunResult Read(string directory)
    {
        var file = Path.Combine(directory, "run.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        var root = doc.RootElement;
        // "accuracy" holds the unrounded values; "results" (results_grouped.json's copy) is rounded to 6 places.
        var block = root.TryGetProperty("accuracy", out var a) && a.ValueKind == JsonValueKind.Object ? a : root.GetProperty("results");
        var subsets = new Dictionary<string, double>(StringComparer.Ordinal);
        double overall = double.NaN;
        foreach (var p in block.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Number) continue;
            if (p.Name == "overall") overall = p.Value.GetDouble();
            else subsets[p.Name] = p.Value.GetDouble();
        }
        long? noSignal = null, pairs = null;
        if (root.TryGetProperty("summary", out var s) && s.ValueKind == JsonValueKind.Object)
        {
            if (s.TryGetProperty("noSignalPairs", out var n) && n.ValueKind == JsonValueKind.Number) noSignal = n.GetInt64();
            if (s.TryGetProperty("pairs", out var pp) && pp.ValueKind == JsonValueKind.Number) pairs = pp.GetInt64();
        }
        return new RunResult { Directory = directory, Subsets = subsets, Overall = overall, NoSignalPairs = noSignal, Pairs = pairs };
    }

    public static string Format(double x) => x.ToString("0.0000", CultureInfo.InvariantCulture);
}
