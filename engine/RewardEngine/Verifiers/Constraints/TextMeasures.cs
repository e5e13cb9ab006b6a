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

    /// <summary>Abbreviations that often end a sentence: in the writer's rules a capitalised word after one starts the next.</summary>
    private static readonly HashSet<string> SentenceEndingAbbreviations = new(StringComparer.OrdinalIgnoreCase) { "etc", "a.m", "p.m" };

    /// <summary>Abbreviations that never end a sentence in the writer's rules (titles, "e.g.", "vs.", "Fig.").</summary>
    private static readonly HashSet<string> NeverEndingAbbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "vs", "e.g", "i.e", "cf", "fig", "gen", "lt", "capt", "col", "sgt", "mt",
        "ft", "approx", "dept", "est",
    };

    /// <summary>Words that open a sentence and do not follow an initial in a name ("Option A. It is cheaper").</summary>
    private static readonly HashSet<string> SentenceOpeners = new(StringComparer.Ordinal)
    {
        "The", "This", "That", "These", "Those", "It", "It's", "Its", "I'm", "I'd", "I'll", "I've", "We", "You", "They",
        "He", "She", "There", "Then", "But", "And", "So", "However", "If", "When", "My", "Our", "Your", "Their", "Also",
        "In", "For", "Here", "What", "Why", "How", "Each", "All", "Both", "Some", "Many", "Most", "Today", "Now",
    };

    private static readonly char[] Closers = "\"'”’)]}*".ToCharArray();

    /// <summary>
    /// Sentences of <paramref name="text"/> in the Punkt manner (a trailing fragment counts). With
    /// <paramref name="writer"/>, the writer's rules (docs/instruction-following.md): a lowercase word after
    /// <c>?</c> or <c>!</c> continues the sentence ("Is it ready?" she asked), a capitalised word after "etc.",
    /// "a.m." or "p.m." or after a number starts a new one, and so does a common sentence opener ("The", "It")
    /// after an initial or an abbreviation other than a title ("Option A. It", "the U.S. The"); "no." is an
    /// abbreviation only before a number. With <paramref name="lowercaseText"/> (a response written without
    /// capitals) a sentence may also start in lowercase, since no sentence there starts otherwise.
    /// </summary>
    public static List<string> SplitSentences(string text, bool writer = false, bool lowercaseText = false)
    {
        var sentences = new List<string>();
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var current = new List<string>();
        for (int i = 0; i < tokens.Length; i++)
        {
            var tok = tokens[i];
            current.Add(tok);
            if (!EndsSentence(tok, i + 1 < tokens.Length ? tokens[i + 1] : null, writer, lowercaseText)) continue;
            sentences.Add(string.Join(' ', current));
            current.Clear();
        }
        if (current.Count > 0 && current.Any(t => t.Any(IsWordChar))) sentences.Add(string.Join(' ', current));
        return sentences;
    }

    /// <summary>The number of <see cref="SplitSentences(string, bool, bool)"/> (remembered per text object: <see cref="PerText{T}"/>).</summary>
    public static int CountSentences(string text) => SentenceCounts.Of(text);

    private static readonly PerText<int> SentenceCounts = new(t => SplitSentences(t).Count);

    private static bool EndsSentence(string token, string? next, bool writer, bool lowercaseText)
    {
        var core = token.TrimEnd(Closers);
        if (core.Length == 0) return false;
        var last = core[^1];
        if (last is not ('?' or '!' or '.')) return false;
        var n = next is null ? "" : next.TrimStart(Closers).TrimStart('(', '[', '"', '\'', '“', '‘', '*', '#');
        // In a text written without capitals a lowercase word is what starts a sentence, so it tells nothing.
        var lowerNext = !lowercaseText && n.Length > 0 && char.IsLower(n[0]);
        if (last is '?' or '!') return !(writer && lowerNext);
        if (next is null) return true;
        var stem = core.TrimEnd('.');
        if (stem.Length == 0) return false; // "..." alone continues
        var bare = stem.TrimStart(Closers).TrimStart('(', '[', '"', '\'', '“', '‘');
        if (writer)
        {
            if (lowerNext) return false;
            if (SentenceEndingAbbreviations.Contains(bare)) return n.Length > 0 && char.IsUpper(n[0]);
            // "No. 5" is an abbreviation; "The answer is no. Here is why" ends a sentence.
            if (bare.Equals("no", StringComparison.OrdinalIgnoreCase)) return n.Length == 0 || !char.IsDigit(n[0]);
            if (bare.Length > 0 && bare.All(char.IsDigit)) return true; // list markers are gone from the writer's blocks
            var initial = bare.Length == 1 && char.IsLetter(bare[0]);
            if ((initial || Abbreviations.Contains(bare) && !NeverEndingAbbreviations.Contains(bare))
                && SentenceOpeners.Contains(n.TrimEnd(',', ';', ':'))) return true;
        }
        if (Abbreviations.Contains(bare)) return false;
        if (bare.Length == 1 && char.IsLetter(bare[0])) return false; // an initial: "J. Smith"
        if (bare.Length > 0 && bare.All(char.IsDigit) && token == core && core.Length <= 3) return false; // "1." list marker
        return !lowerNext;
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
