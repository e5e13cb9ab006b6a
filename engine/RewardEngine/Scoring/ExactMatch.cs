using System.Text;
using System.Text.RegularExpressions;

namespace RewardEngine.Scoring;

/// <summary>
/// TriviaQA / SQuAD-style exact match: prediction and gold answers normalized (lowercase, punctuation removed,
/// the articles a, an, the removed, whitespace collapsed), correct when the prediction equals any answer.
/// </summary>
public static partial class ExactMatch
{
    public static string Normalize(string text)
    {
        var lower = text.ToLowerInvariant();
        var sb = new StringBuilder(lower.Length);
        foreach (var c in lower) if (!char.IsPunctuation(c) && !char.IsSymbol(c)) sb.Append(c);
        var noArticles = Articles().Replace(sb.ToString(), " ");
        return string.Join(' ', noArticles.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    public static bool IsMatch(string prediction, IEnumerable<string> answers)
    {
        var p = Normalize(prediction);
        return answers.Any(a => Normalize(a) == p);
    }

    [GeneratedRegex(@"\b(a|an|the)\b")]
    private static partial Regex Articles();
}
