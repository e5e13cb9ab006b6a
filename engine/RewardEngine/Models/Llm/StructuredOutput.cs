using System.Text.Json;
using System.Text.RegularExpressions;

namespace RewardEngine.Models.Llm;

/// <summary>
/// Parses the outputs of <see cref="Grammars"/>; a failure is null (or says so), and the caller returns it as a
/// parse failure in its cost (<see cref="GenerationResult.Cost"/>), so a backend without grammars shows what it costs.
/// </summary>
public static partial class StructuredOutput
{
    public static bool? ParseYesNo(string text)
    {
        var t = text.Trim().TrimEnd('.').ToLowerInvariant();
        if (t.StartsWith("yes", StringComparison.Ordinal)) return true;
        if (t.StartsWith("no", StringComparison.Ordinal)) return false;
        return null;
    }

    /// <summary>0 for A, 1 for B, null when unparsable.</summary>
    public static int? ParseVerdict(string text)
    {
        var m = VerdictRegex().Match(text);
        if (m.Success) return m.Groups[1].Value == "A" ? 0 : 1;
        return null;
    }

    public static (bool Constraint, bool Factuality)? ParseRouterDecision(string text) =>
        ParseRouterDecision(text, ["constraint_check", "factuality_check"]) is { } d ? (d["constraint_check"], d["factuality_check"]) : null;

    /// <summary>A <see cref="Grammars.RouterDecisionOf"/> decision: the planner's yes or no per question name, or null when one is missing.</summary>
    public static IReadOnlyDictionary<string, bool>? ParseRouterDecision(string text, IReadOnlyList<string> names)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var r = doc.RootElement;
            return names.ToDictionary(n => n, n => r.GetProperty(n).GetBoolean(), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Scores from [[n]] and &lt;&lt;n&gt;&gt;; a missing one is 5 (the original's default) and makes <c>Parsed</c> false.</summary>
    public static (int A, int B, bool Parsed) ParseTwoScores(string text)
    {
        var a = ScoreA().Match(text);
        var b = ScoreB().Match(text);
        return (a.Success ? Clamp(int.Parse(a.Groups[1].Value)) : 5, b.Success ? Clamp(int.Parse(b.Groups[1].Value)) : 5, a.Success && b.Success);
        static int Clamp(int v) => Math.Clamp(v, 1, 10);
    }

    public static IReadOnlyList<string>? ParseStringList(string text)
    {
        try
        {
            var list = JsonSerializer.Deserialize<List<string>>(text.Trim());
            if (list is not null) return list.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToList();
        }
        catch (JsonException) { }
        return null;
    }

    /// <summary>The checker source when it starts with the required signature, else null.</summary>
    public static string? ParsePythonCheckFunction(string text)
    {
        var start = text.IndexOf("def check_following(response):", StringComparison.Ordinal);
        if (start >= 0) return text[start..].TrimEnd() + "\n";
        return null;
    }

    [GeneratedRegex(@"\[\[\s*([AB])\s*\]\]")] private static partial Regex VerdictRegex();
    [GeneratedRegex(@"\[\[\s*(\d+)\s*\]\]")] private static partial Regex ScoreA();
    [GeneratedRegex(@"<<\s*(\d+)\s*>>")] private static partial Regex ScoreB();
}
