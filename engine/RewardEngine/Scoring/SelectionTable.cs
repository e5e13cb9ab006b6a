namespace RewardEngine.Scoring;

/// <summary>One cell of the best-of-n table: a selector's accuracy by one metric at one n.</summary>
public sealed record SelectionAccuracy(int N, string Selector, string Metric, double Accuracy);

/// <summary>
/// The best-of-n table: for every n and metric, each selection rule's accuracy over the prompts, plus two
/// references: <c>oracle</c> (the best of the first n responses by that metric: any correct response counts) and
/// <c>random</c> (the expected accuracy of picking one of the first n at random: their mean).
/// </summary>
public static class SelectionTable
{
    public const string Oracle = "oracle", Random = "random";

    /// <param name="metrics">Per prompt, per response: the metric values (<see cref="ResponseMetrics.Of"/>).</param>
    /// <param name="picks">Per n, per selector: the index picked for each prompt.</param>
    public static IReadOnlyList<SelectionAccuracy> Build(IReadOnlyList<IReadOnlyList<IReadOnlyDictionary<string, MetricValue>>> metrics,
        IReadOnlyDictionary<int, IReadOnlyDictionary<string, int[]>> picks, IReadOnlyList<string> metricNames)
    {
        var cells = new List<SelectionAccuracy>();
        foreach (var (n, bySelector) in picks.OrderBy(kv => kv.Key))
            foreach (var metric in metricNames)
            {
                double Aggregate(Func<int, IReadOnlyList<MetricValue>, double> valueOf)
                {
                    double sum = 0, weight = 0;
                    for (int p = 0; p < metrics.Count; p++)
                    {
                        var values = metrics[p].Take(n).Where(m => m.ContainsKey(metric)).Select(m => m[metric]).ToList();
                        if (values.Count == 0) continue;
                        sum += valueOf(p, values);
                        weight += values[0].Weight;
                    }
                    return weight == 0 ? 0 : sum / weight;
                }
                foreach (var (selector, indices) in bySelector)
                    cells.Add(new(n, selector, metric, Aggregate((p, values) => values[Math.Min(indices[p], values.Count - 1)].Value)));
                cells.Add(new(n, Oracle, metric, Aggregate((_, values) => values.Max(v => v.Value))));
                cells.Add(new(n, Random, metric, Aggregate((_, values) => values.Average(v => v.Value))));
            }
        return cells;
    }

    /// <summary>A text table per metric: one row per selector, one column per n.</summary>
    public static string Format(IReadOnlyList<SelectionAccuracy> cells)
    {
        var sb = new System.Text.StringBuilder();
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var ns = cells.Select(c => c.N).Distinct().Order().ToList();
        foreach (var metric in cells.Select(c => c.Metric).Distinct())
        {
            sb.Append(ci, $"{metric,-28}").AppendJoin("", ns.Select(n => $"{"n=" + n,9}")).AppendLine();
            foreach (var selector in cells.Where(c => c.Metric == metric).Select(c => c.Selector).Distinct())
            {
                sb.Append(ci, $"  {selector,-26}");
                foreach (var n in ns)
                    sb.Append(cells.FirstOrDefault(c => c.Metric == metric && c.Selector == selector && c.N == n) is { } c ? c.Accuracy.ToString("0.0000", ci).PadLeft(9) : "        -");
                sb.AppendLine();
            }
        }
        return sb.ToString();
    }
}
