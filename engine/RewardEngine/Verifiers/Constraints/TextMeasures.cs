using System.Globalization;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>
/// The counting rules the checkers share, written to match IFEval's: words are runs of word characters
/// (its <c>\w+</c> tokenizer); sentences approximate NLTK's Punkt splitter (terminal punctuation followed by
/// space, except after known abbreviations, initials and when the next word starts in lowercase).
/// </summary>
internal static class TextMeasures
{
    /// <summary>Python's <c>\w</c>: letters, digits (any numeric category) and underscore.</summary>
    public static bool IsWordChar(char c)
    {
        if (c == '_' || char.IsLetterOrDigit(c)) return true;
        var cat = CharUnicodeInfo.GetUnicodeCategory(c);
        return cat is UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
    }

    /// <summary>The number of words (remembered per text object: <see cref="PerText{T}"/>).</summary>
    public static int CountWords(string text) => WordCounts.Of(text);

    private static readonly PerText<int> WordCounts = new(CountWordsOf);

    private static int CountWordsOf(string text)
    {
        int n = 0;
        bool inWord = false;
        foreach (var c in text)
        {
            var w = IsWordChar(c);
            if (w && !inWord) n++;
            inWord = w;
        }
        return n;
    }

    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "inc", "ltd", "co", "no",
        "approx", "dept", "est", "fig", "gen", "gov", "lt", "capt", "col", "sgt", "mt", "ft", "jan", "feb", "mar",
        "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "a.m", "p.m", "ph.d", "cf", "al",
    };

    private const string Closers = "\"'”’)]}*";

    /// <summary>Sentences of <paramref name="text"/> in the Punkt manner (a trailing fragment counts).</summary>
    public static List<string> SplitSentences(string text) => SplitSentences(text, lowercaseText: false);

    /// <summary>
    /// <see cref="SplitSentences(string)"/>; with <paramref name="lowercaseText"/> (a response written without capitals)
    /// a sentence may also start in lowercase, since no sentence there starts otherwise.
    /// </summary>
    public static List<string> SplitSentences(string text, bool lowercaseText)
    {
        var sentences = new List<string>();
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var current = new List<string>();
        for (int i = 0; i < tokens.Length; i++)
        {
            var tok = tokens[i];
            current.Add(tok);
            if (!EndsSentence(tok, i + 1 < tokens.Length ? tokens[i + 1] : null, lowercaseText)) continue;
            sentences.Add(string.Join(' ', current));
            current.Clear();
        }
        if (current.Count > 0 && current.Any(t => t.Any(IsWordChar))) sentences.Add(string.Join(' ', current));
        return sentences;
    }

    /// <summary>The number of <see cref="SplitSentences(string)"/> (remembered per text object: <see cref="PerText{T}"/>).</summary>
    public static int CountSentences(string text) => SentenceCounts.Of(text);

    private static readonly PerText<int> SentenceCounts = new(t => SplitSentences(t).Count);

    private static bool EndsSentence(string token, string? next, bool lowercaseText)
    {
        var core = token.TrimEnd(Closers.ToCharArray());
        if (core.Length == 0) return false;
        var last = core[^1];
        if (last is '?' or '!') return true;
        if (last != '.') return false;
        if (next is null) return true;
        var stem = core.TrimEnd('.');
        if (stem.Length == 0) return false; // "..." alone continues
        var bare = stem.TrimStart(Closers.ToCharArray()).TrimStart('(', '[', '"', '\'', '“', '‘');
        if (Abbreviations.Contains(bare)) return false;
        if (bare.Length == 1 && char.IsLetter(bare[0])) return false; // an initial: "J. Smith"
        if (bare.Length > 0 && bare.All(char.IsDigit) && token == core && core.Length <= 3) return false; // "1." list marker
        var n = next.TrimStart(Closers.ToCharArray()).TrimStart('(', '[', '"', '\'', '“', '‘', '*', '#');
        if (n.Length > 0 && char.IsLower(n[0]) && !lowercaseText) return false;
        return true;
    }

    /// <summary>NLTK <c>word_tokenize</c>-like tokens: runs of letters/digits joined by inner hyphens, apostrophes or dots.</summary>
    public static IEnumerable<string> WordTokens(string text)
    {
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i])) { i++; continue; }
            int start = i;
            while (i < text.Length)
            {
                if (char.IsLetterOrDigit(text[i]) || text[i] == '_') { i++; continue; }
                if (text[i] is '-' or '.' or '\'' or '’' && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1])) { i++; continue; }
                break;
            }
            yield return text[start..i];
        }
    }

    /// <summary>Python's <c>str.isupper()</c>: at least one cased character and no lowercase one.</summary>
    public static bool IsUpper(string s)
    {
        bool cased = false;
        foreach (var c in s)
        {
            if (char.IsLower(c)) return false;
            if (char.IsUpper(c)) cased = true;
        }
        return cased;
    }

    /// <summary>Python's <c>str.islower()</c>: at least one cased character and no uppercase one.</summary>
    public static bool IsLower(string s)
    {
        bool cased = false;
        foreach (var c in s)
        {
            if (char.IsUpper(c) || char.GetUnicodeCategory(c) == UnicodeCategory.TitlecaseLetter) return false;
            if (char.IsLower(c)) cased = true;
        }
        return cased;
    }

    /// <summary>Non-empty lines.</summary>
    public static int CountLines(string text) =>
        text.Split('\n').Count(l => l.Trim().Length > 0);
}
