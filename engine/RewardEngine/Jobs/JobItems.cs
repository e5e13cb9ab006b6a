namespace RewardEngine.Jobs;

/// <summary>Builds a run's items from its input files.</summary>
internal static class JobItems
{
    /// <summary>
    /// Every row with a stable index, its position in all files together, so that a limited run resumes into a full
    /// one; only the first <paramref name="limitPerFile"/> rows of each file when given.
    /// </summary>
    public static List<JobItem<TItem>> FromFiles<TRow, TItem>(IEnumerable<(IReadOnlyList<TRow> Rows, string File)> files, int? limitPerFile,
        Func<TRow, string, TItem> make)
    {
        var items = new List<JobItem<TItem>>();
        int offset = 0;
        foreach (var (rows, file) in files)
        {
            var take = Math.Min(rows.Count, limitPerFile ?? int.MaxValue);
            for (int i = 0; i < take; i++) items.Add(new JobItem<TItem>(offset + i, make(rows[i], file)));
            offset += rows.Count;
        }
        return items;
    }
}
