using System.Text.RegularExpressions;

namespace RewardEngine.Data.Catalog;

/// <summary>
/// <c>NAME</c> or <c>NAME:SUBSET</c>: a benchmark in the data directory (<c>judgebench</c>, <c>rm-bench:chat_hard</c>)
/// where a job takes a data file.
/// </summary>
public sealed partial record DatasetReference(string Name, string? Subset)
{
    /// <summary>A reference when <paramref name="value"/> has that shape (and so cannot be a path with a folder or an extension).</summary>
    public static DatasetReference? TryParse(string value)
    {
        var m = Shape().Match(value);
        return m.Success ? new DatasetReference(m.Groups[1].Value, m.Groups[2].Success ? m.Groups[2].Value : null) : null;
    }

    public override string ToString() => Subset is null ? Name : $"{Name}:{Subset}";

    [GeneratedRegex("^([a-z0-9][a-z0-9-]*)(?::([A-Za-z0-9][A-Za-z0-9_-]*))?$")]
    private static partial Regex Shape();
}
