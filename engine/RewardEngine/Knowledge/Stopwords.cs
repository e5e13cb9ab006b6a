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
