using System.Globalization;

namespace RewardEngine.Reporting;

/// <summary>
/// Compares two eval runs pair by pair. Pairs are matched by dataset file name, record number and id, so runs over
/// different data, limits or configs are compared on what they share and the rest is counted per subset. A shared
/// pair is grouped under A's subset (the baseline's grouping).
/// </summary>
public static class RunComparer
{
    private const double Same = 1e-12;

    public static RunDiff Compare(RunOutput a, RunOutput b)
    {
        var warnings = new List<string>();
        var indexA = Index(a, "A", warnings);
        var indexB = Index(b, "B", warnings);
        foreach (var (run, label) in new[] { (a, "A"), (b, "B") }) CheckReported(run, label, warnings);

        var shared = indexA.Values.Where(p => indexB.ContainsKey(p.Key)).Select(p => (A: p, B: indexB[p.Key])).ToList();
        var onlyA = indexA.Values.Where(p => !indexB.ContainsKey(p.Key)).ToList();
        var onlyB = indexB.Values.Where(p => !indexA.ContainsKey(p.Key)).ToList();

        var subsets = shared.Select(s => s.A.Subset).Concat(onlyA.Select(p => p.Subset)).Concat(onlyB.Select(p => p.Subset))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var rows = subsets.Select(s => Row(s,
            shared.Where(x => x.A.Subset == s).ToList(),
            onlyA.Count(p => p.Subset == s), onlyB.Count(p => p.Subset == s),
            a.ReportedAccuracy.TryGetValue(s, out var ra) ? ra : null,
            b.ReportedAccuracy.TryGetValue(s, out var rb) ? rb : null)).ToList();
        var overall = Row("overall", shared, onlyA.Count, onlyB.Count, a.ReportedOverall, b.ReportedOverall);

        var changed = shared.Where(x => Math.Abs(x.B.Result - x.A.Result) > Same)
            .Select(x => new ChangedPair(x.A.Key, x.A.Subset, x.A.Result, x.B.Result,
                ChangeAttribution.Explain(x.A, x.B, a.Provenance, b.Provenance), PairViews.From(x.A.Record), PairViews.From(x.B.Record)))
            .OrderBy(c => c.ResultB > c.ResultA)
            .ThenByDescending(c => Math.Abs(c.ResultB - c.ResultA))
            .ThenBy(c => c.Key)
            .ToList();

        if (shared.Count == 0)
            warnings.Add("the runs share no pair (pairs match by dataset file name, record and id): nothing to compare");
        return new RunDiff
        {
            A = new RunIdentity(a.Directory, a.Provenance.RunKey, a.Provenance.Version, a.Pairs.Count, onlyA.Count),
            B = new RunIdentity(b.Directory, b.Provenance.RunKey, b.Provenance.Version, b.Pairs.Count, onlyB.Count),
            SharedPairs = shared.Count,
            Settings = Settings(a.Provenance, b.Provenance),
            Subsets = rows,
            Overall = overall,
            Changed = changed,
            Warnings = warnings,
        };
    }

    private static SubsetComparison Row(string subset, IReadOnlyList<(ScoredPair A, ScoredPair B)> shared, int onlyA, int onlyB,
        double? reportedA, double? reportedB)
    {
        int n = shared.Count;
        double? accA = n == 0 ? null : shared.Sum(x => x.A.Result) / n;
        double? accB = n == 0 ? null : shared.Sum(x => x.B.Result) / n;
        int improved = shared.Count(x => x.B.Result - x.A.Result > Same);
        int regressed = shared.Count(x => x.A.Result - x.B.Result > Same);
        double p = McNemarTest.ExactPValue(improved, regressed);
        return new SubsetComparison(subset, n, onlyA, onlyB, accA, accB, accB - accA, improved, regressed, p, p < RunDiff.Alpha,
            reportedA, reportedB);
    }

    private static Dictionary<PairKey, ScoredPair> Index(RunOutput run, string label, List<string> warnings)
    {
        var index = new Dictionary<PairKey, ScoredPair>();
        int duplicates = 0;
        PairKey? first = null;
        foreach (var p in run.Pairs)
            if (!index.TryAdd(p.Key, p)) { duplicates++; first ??= p.Key; }
        if (duplicates > 0)
            warnings.Add($"{label} ({run.Directory}): {duplicates} pair(s) repeat a key already seen (first: {first}), e.g. two data files of the same name; only the first of each is compared");
        return index;
    }

    /// <summary>scores.jsonl and results_grouped.json are written together; say so when they disagree.</summary>
    private static void CheckReported(RunOutput run, string label, List<string> warnings)
    {
        foreach (var g in run.Pairs.GroupBy(p => p.Subset))
        {
            var acc = g.Average(p => p.Result);
            if (run.ReportedAccuracy.TryGetValue(g.Key, out var reported) && Math.Abs(reported - acc) > 1e-6)
                warnings.Add(string.Format(CultureInfo.InvariantCulture,
                    "{0}: results_grouped.json reports {1} {2:0.000000}, its scores.jsonl gives {3:0.000000}", label, g.Key, reported, acc));
        }
    }

    private static List<SettingChange> Settings(RunProvenance a, RunProvenance b)
    {
        var changes = new List<SettingChange>();
        void Add(string name, string? x, string? y) { if (x != y) changes.Add(new SettingChange(name, x, y)); }
        Add("engine version", a.Version, b.Version);
        if (a.ConfigSha256 != b.ConfigSha256)
            changes.Add(new SettingChange("config", Config(a), Config(b)));
        Add("seed", a.Seed?.ToString(CultureInfo.InvariantCulture), b.Seed?.ToString(CultureInfo.InvariantCulture));
        Add("ties", a.Ties, b.Ties);
        Add("order", a.Order, b.Order);
        Add("limit", a.Limit?.ToString(CultureInfo.InvariantCulture), b.Limit?.ToString(CultureInfo.InvariantCulture));
        var files = a.Datasets.Select(d => d.FileName).Union(b.Datasets.Select(d => d.FileName)).Order(StringComparer.Ordinal);
        foreach (var f in files)
            Add("data " + f, Dataset(a, f), Dataset(b, f));
        var models = a.Models.Select(m => m.Key).Union(b.Models.Select(m => m.Key)).Order(StringComparer.Ordinal);
        foreach (var k in models)
            Add("model " + k, Model(a, k), Model(b, k));
        return changes;
    }

    private static string? Config(RunProvenance p) =>
        p.ConfigSha256 is null ? null : $"{p.ConfigSource ?? p.Profile} (sha256 {Short(p.ConfigSha256)})";

    private static string? Dataset(RunProvenance p, string fileName) =>
        p.Datasets.FirstOrDefault(d => d.FileName == fileName) is { } d ? $"{d.Pairs} pairs, sha256 {Short(d.Sha256)}" : null;

    private static string? Model(RunProvenance p, string key) =>
        p.Models.FirstOrDefault(m => m.Key == key) is { } m ? $"{Path.GetFileName(m.Path)} (sha256 {Short(m.Sha256)})" : null;

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
