namespace RewardEngine.Knowledge;

/// <summary>
/// English function words dropped from search queries: they match most passages, so they cost time and add
/// no evidence. Written for this project (common determiners, pronouns, auxiliaries, prepositions, conjunctions).
/// </summary>
internal static class Stopwords
{
    private static readonly HashSet<string> Words = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "nor", "so", "yet", "if", "then", "else", "than", "as",
        "of", "in", "on", "at", "by", "for", "with", "about", "against", "between", "into", "through", "during",
        "before", "after", "above", "below", "to", "from", "up", "down", "out", "off", "over", "under", "again",
        "further", "once", "here", "there", "when", "where", "why", "how", "what", "which", "who", "whom", "whose",
        "this", "that", "these", "those", "is", "are", "was", "were", "be", "been", "being", "am",
        "have", "has", "had", "having", "do", "does", "did", "doing", "done", "will", "would", "shall", "should",
        "can", "could", "may", "might", "must", "it", "its", "it's", "i", "me", "my", "mine", "we", "us", "our",
        "you", "your", "he", "him", "his", "she", "her", "hers", "they", "them", "their", "theirs",
        "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no", "not", "only",
        "own", "same", "too", "very", "just", "also", "s", "t", "there's", "whether", "while", "because",
        "until", "although", "though", "via", "per", "onto", "upon", "within", "without", "among", "along",
        "tell", "please", "explain", "describe", "give", "list", "many", "much",
    };

    public static bool Contains(string lowerWord) => Words.Contains(lowerWord);
}

/// <summary>
/// What the full-text index holds of a passage's text: every word except the most frequent English function words,
/// which make about 40% of running text. The planned search never asks for them (they are all query
/// <see cref="Stopwords"/>), so dropping them at ingest loses no evidence it can find, and saves the tokenizer,
/// the in-memory term table and segment merges most of their work: ingest is SQLite's tokenizer at full speed, and
/// these words have the longest posting lists. Titles are indexed whole ("The Who" stays findable by its title).
/// The filter runs on the ingest's reading thread, beside the SQLite writer. The passages table keeps the text as
/// given; the index text is a pure function of it (<see cref="Text"/>), so a later delete can recompute it.
/// </summary>
internal static class IndexStopwords
{
    private static readonly string[] List =
    [
        "a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "by", "for", "with", "to", "from", "as", "into",
        "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "it", "its", "this", "that",
        "these", "those", "he", "him", "his", "she", "her", "they", "them", "their", "which", "whom", "whose", "than",
        "there", "also", "s", "t",
    ];

    private static readonly HashSet<string> Words = new(List, StringComparer.Ordinal);
    // Lookup by span without allocating: keyed on length and the lower-cased letters.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Words.GetAlternateLookup<ReadOnlySpan<char>>();

    public static bool Contains(string lowerWord) => Words.Contains(lowerWord);

    /// <summary>
    /// The text with index stopwords removed. A word is a maximal run of ASCII letters and digits and non-ASCII
    /// characters (so the split is never finer than unicode61's: anything else it splits, it still splits); a word
    /// is dropped when it is all ASCII and, lower-cased, an index stopword. Each dropped word becomes one space;
    /// every other character stays as it was. Text without a stopword comes back as the same instance.
    /// </summary>
    public static string Text(string text)
    {
        var span = text.AsSpan();
        Span<char> lower = stackalloc char[8];
        System.Text.StringBuilder? sb = null;
        int i = 0, copiedTo = 0;
        while (i < span.Length)
        {
            if (!IsWordChar(span[i])) { i++; continue; }
            int start = i;
            bool ascii = true;
            while (i < span.Length && IsWordChar(span[i])) { ascii &= span[i] < 128; i++; }
            int len = i - start;
            if (!ascii || len > lower.Length) continue;
            for (int j = 0; j < len; j++) lower[j] = (char)(span[start + j] | 0x20 * (span[start + j] is >= 'A' and <= 'Z' ? 1 : 0));
            if (!Lookup.Contains(lower[..len])) continue;
            sb ??= new System.Text.StringBuilder(text.Length);
            sb.Append(span[copiedTo..start]).Append(' ');
            copiedTo = i;
        }
        if (sb is null) return text;
        sb.Append(span[copiedTo..]);
        return sb.ToString();
    }

    private static bool IsWordChar(char c) => c >= 128 || char.IsAsciiLetterOrDigit(c);
}
