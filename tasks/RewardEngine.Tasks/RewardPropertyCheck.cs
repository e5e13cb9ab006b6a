using Microsoft.Build.Framework;

namespace RewardEngine.Tasks;

/// <summary>
/// Warns about global properties (<c>-p:</c>) that look like ours but are not (a typo such as <c>MinAcuracy</c> would
/// otherwise be ignored in silence). Known names come from the targets.
/// </summary>
public sealed class RewardPropertyCheck : Microsoft.Build.Utilities.Task
{
    /// <summary>The property names the targets read.</summary>
    [Required] public string[] Known { get; set; } = [];

    public override bool Execute()
    {
        if (BuildEngine is not IBuildEngine6 engine) return true;
        var known = new HashSet<string>(Known, StringComparer.OrdinalIgnoreCase);
        foreach (var name in engine.GetGlobalProperties().Keys)
        {
            if (known.Contains(name)) continue;
            var near = Known.Where(k => Distance(k.ToLowerInvariant(), name.ToLowerInvariant()) <= Math.Max(1, k.Length / 5)).ToList();
            if (near.Count > 0 || name.StartsWith("Reward", StringComparison.OrdinalIgnoreCase))
                Log.LogWarning(null, "RWD012", null, null, 0, 0, 0, 0,
                    $"property '{name}' is not one of ours and is ignored" + (near.Count > 0 ? $"; did you mean {string.Join(" or ", near)}?" : ""));
        }
        return true;
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
