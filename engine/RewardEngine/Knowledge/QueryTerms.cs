using System.Globalization;
using System.Text;

namespace RewardEngine.Knowledge;

/// <summary>
/// Turns any text (an LLM's query, FTS5 syntax and all) into plain word tokens. MATCH expressions are built
/// only from these tokens, each one quoted, so no input can reach FTS5's query parser as syntax.
/// </summary>
internal static class QueryTerms
{
    /// <summary>At most this many distinct words are taken from one query; LLM "queries" can be paragraphs.</summary>
    public const int MaxWords = 64;

    /// <summary>Lower-cased words of letters, digits and combining marks, distinct, in first-seen order.</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (var c in text.AsSpan())
        {
            if (IsWordChar(c)) { sb.Append(char.ToLowerInvariant(c)); continue; }
            Flush();
            if (words.Count >= MaxWords) break;
        }
        Flush();
        return words;

        void Flush()
        {
            if (sb.Length == 0) return;
            // Words of only combining marks mean nothing to the tokenizer.
            var w = sb.ToString();
            sb.Clear();
            if (words.Count < MaxWords && w.Any(char.IsLetterOrDigit) && seen.Add(w)) words.Add(w);
        }
    }

    private static bool IsWordChar(char c)
    {
        if (char.IsLetterOrDigit(c)) return true;
        // Surrogates: unicode61 treats astral letters as token characters; keep them joined to the word.
        if (char.IsSurrogate(c)) return true;
        var cat = CharUnicodeInfo.GetUnicodeCategory(c);
        return cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    /// <summary>A quoted FTS5 string: the only way a word enters a MATCH expression.</summary>
    public static string Quote(string word) => "\"" + word.Replace("\"", "\"\"") + "\"";

    /// <summary>Words joined by an FTS5 operator (AND / OR), each quoted.</summary>
    public static string Join(IEnumerable<string> words, string op) =>
        string.Join(" " + op + " ", words.Select(Quote));
}
