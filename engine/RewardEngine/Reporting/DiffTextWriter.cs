using System.Globalization;

namespace RewardEngine.Reporting;

/// <summary>
/// <c>reward diff</c>'s text: the settings that differ, a per-subset table with McNemar's p-value, and the changed
/// pairs with both runs' signals side by side (the first <c>maxPairs</c>; <c>--json</c> has them all).
/// </summary>
internal static class DiffTextWriter
{
    private static readonly CultureInfo Ci = CultureInfo.InvariantCulture;
    private const int RationaleChars = 160;

    public static void Write(RunDiff d, TextWriter o, int maxPairs)
    {
        o.WriteLine($"A: {d.A.Directory} (run {d.A.RunKey ?? "?"}, {d.A.Pairs} pairs)");
        o.WriteLine($"B: {d.B.Directory} (run {d.B.RunKey ?? "?"}, {d.B.Pairs} pairs)");
        o.WriteLine($"compared on {d.SharedPairs} shared pair(s); only in A: {d.A.NotShared}, only in B: {d.B.NotShared}");
        foreach (var w in d.Warnings) o.WriteLine("warning: " + w);
        if (d.Settings.Count == 0) o.WriteLine("settings: the same config, data, models and settings");
        else
        {
            o.WriteLine("settings that differ:");
            foreach (var s in d.Settings) o.WriteLine($"  {s.Setting}: {s.A ?? "(none)"} -> {s.B ?? "(none)"}");
        }
        o.WriteLine();

        int width = Math.Max(8, d.Subsets.Select(s => s.Subset.Length).DefaultIfEmpty(0).Max());
        o.WriteLine($"{"subset".PadRight(width)}  {"shared",6}  {"A",6}  {"B",6}  {"change",7}  {"better",6}  {"worse",6}  {"p",8}  (McNemar exact, 2-sided)");
        foreach (var s in d.Subsets.Append(d.Overall))
        {
            var extra = s.OnlyInA + s.OnlyInB > 0 ? $"  +{s.OnlyInA} only in A, {s.OnlyInB} only in B" : "";
            o.WriteLine(string.Format(Ci, "{0}  {1,6}  {2,6}  {3,6}  {4,7}  {5,6}  {6,6}  {7,8}  {8}{9}",
                s.Subset.PadRight(width), s.Shared, A(s.AccuracyA, "0.0000"), A(s.AccuracyB, "0.0000"), A(s.Change, "+0.0000;-0.0000;0.0000"),
                s.Improved, s.Regressed, s.Shared == 0 ? "n/a" : P(s.PValue),
                s.Shared == 0 ? "not shared" : s.Improved + s.Regressed == 0 ? "no change" : s.BeyondNoise ? "beyond noise" : "within noise", extra));
        }
        o.WriteLine();

        int improved = d.Changed.Count(c => c.ResultB > c.ResultA);
        o.WriteLine($"{d.Changed.Count} pair(s) changed result: {d.Changed.Count - improved} regressed, {improved} improved" +
            (d.Changed.Count == 0 ? "" : $"; by cause: {string.Join(", ", d.Changed.GroupBy(c => c.Cause.Signal ?? c.Cause.Kind.ToString().ToLowerInvariant()).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"))}"));
        foreach (var c in d.Changed.Take(maxPairs)) WritePair(c, o);
        if (d.Changed.Count > maxPairs)
            o.WriteLine($"... {d.Changed.Count - maxPairs} more: --pairs all lists every one, --json writes them all with full rationales");
    }

    private static void WritePair(ChangedPair c, TextWriter o)
    {
        o.WriteLine();
        o.WriteLine(string.Format(Ci, "{0} {1} [{2}]: {3:0.###} -> {4:0.###}", c.Direction, c.Key, c.Subset, c.ResultA, c.ResultB));
        o.WriteLine($"  why: {c.Cause.Explanation}");
        foreach (var (label, side) in new[] { ("A", c.InA), ("B", c.InB) })
            foreach (var g in side.Games)
                o.WriteLine($"  {label} {Order(g.Order)}: picked {g.Picked} ({g.Judger}: chosen {N(g.JudgeChosen)}, rejected {N(g.JudgeRejected)}) {Clip(g.Rationale)}");
        var names = c.InA.Games.Concat(c.InB.Games).SelectMany(g => g.Signals).Select(s => s.Name).Distinct().ToList();
        foreach (var name in names)
        {
            o.WriteLine($"  {name}:");
            foreach (var (label, side) in new[] { ("A", c.InA), ("B", c.InB) })
                foreach (var g in side.Games)
                {
                    var s = g.Signals.FirstOrDefault(x => x.Name == name);
                    var err = g.Errors.FirstOrDefault(e => e.Name == name);
                    o.WriteLine(s is not null
                        ? $"    {label} {Order(g.Order)}: chosen {N(s.Chosen)}, rejected {N(s.Rejected)} -> {s.Prefers.Word()}  {Clip(s.Rationale)}"
                        : $"    {label} {Order(g.Order)}: {(err is not null ? "failed: " + Clip(err.Message) : "did not run")}");
                }
        }
        foreach (var (label, side) in new[] { ("A", c.InA), ("B", c.InB) })
            if (side.Games.SelectMany(g => g.Errors).FirstOrDefault(e => !names.Contains(e.Name)) is { } e)
                o.WriteLine($"  {label}: {e.Name} failed: {Clip(e.Message)}");
    }

    private static string Order(string order) => order == Evaluation.GameRecord.ChosenFirst ? "chosen-first  " : "rejected-first";
    private static string A(double? x, string format) => x is { } v ? v.ToString(format, Ci) : "n/a";
    private static string N(double? x) => x is { } v ? v.ToString("0.###", Ci) : "n/a";
    private static string P(double p) => p < 1e-4 ? "<0.0001" : p.ToString("0.0000", Ci);

    private static string Clip(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return "";
        var one = string.Join(' ', s.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return "\"" + (one.Length <= RationaleChars ? one : one[..RationaleChars] + "...") + "\"";
    }
}
