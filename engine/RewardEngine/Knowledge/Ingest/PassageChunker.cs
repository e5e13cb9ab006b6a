using System.Text;
using System.Text.RegularExpressions;

namespace RewardEngine.Knowledge.Ingest;

/// <summary>
/// Packs paragraphs into passages of roughly <see cref="MinWords"/>-<see cref="MaxWords"/> words, breaking on
/// paragraph boundaries. A paragraph longer than the maximum is split on sentence ends (or, failing that, on words).
/// Retrieval returns whole passages, so they must be small enough to fit several into an LLM's evidence budget.
/// </summary>
public static partial class PassageChunker
{
    public const int MinWords = 100;
    public const int MaxWords = 200;
    /// <summary>A last piece shorter than this is appended to the passage before it.</summary>
    private const int TailWords = 30;

    public static List<string> Chunk(IEnumerable<string> paragraphs, int minWords = MinWords, int maxWords = MaxWords)
    {
        var chunks = new List<string>();
        var current = new StringBuilder();
        int currentWords = 0;
        foreach (var raw in paragraphs)
        {
            var para = Space().Replace(raw, " ").Trim();
            if (para.Length == 0) continue;
            int words = CountWords(para);
            if (words > maxWords)
            {
                Flush();
                foreach (var piece in SplitLong(para, maxWords)) Add(piece, CountWords(piece));
                continue;
            }
            if (currentWords > 0 && currentWords + words > maxWords) Flush();
            Add(para, words);
        }
        Flush();
        // A short tail reads better as the end of the previous passage than as a passage of its own.
        if (chunks.Count >= 2 && CountWords(chunks[^1]) < TailWords)
        {
            chunks[^2] += "\n" + chunks[^1];
            chunks.RemoveAt(chunks.Count - 1);
        }
        return chunks;

        void Add(string text, int words)
        {
            if (current.Length > 0) current.Append('\n');
            current.Append(text);
            currentWords += words;
            if (currentWords >= minWords) Flush();
        }

        void Flush()
        {
            if (currentWords > 0) chunks.Add(current.ToString());
            current.Clear();
            currentWords = 0;
        }
    }

    /// <summary>Paragraphs of a text: runs of lines separated by blank lines.</summary>
    public static IEnumerable<string> Paragraphs(string text) =>
        BlankLine().Split(text.Replace("\r\n", "\n")).Where(p => !string.IsNullOrWhiteSpace(p));

    public static int CountWords(string s)
    {
        int n = 0;
        bool inWord = false;
        foreach (var c in s)
        {
            bool w = !char.IsWhiteSpace(c);
            if (w && !inWord) n++;
            inWord = w;
        }
        return n;
    }

    private static IEnumerable<string> SplitLong(string para, int maxWords)
    {
        var piece = new StringBuilder();
        int pieceWords = 0;
        foreach (var sentence in SentenceEnd().Split(para))
        {
            int w = CountWords(sentence);
            if (w > maxWords)
            {
                // A "sentence" longer than a passage (lists, tables flattened to text): split on words.
                if (pieceWords > 0) { yield return piece.ToString(); piece.Clear(); pieceWords = 0; }
                var words = sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                for (int i = 0; i < words.Length; i += maxWords)
                    yield return string.Join(' ', words.Skip(i).Take(maxWords));
                continue;
            }
            if (pieceWords > 0 && pieceWords + w > maxWords) { yield return piece.ToString(); piece.Clear(); pieceWords = 0; }
            if (piece.Length > 0) piece.Append(' ');
            piece.Append(sentence);
            pieceWords += w;
        }
        if (pieceWords > 0) yield return piece.ToString();
    }

    [GeneratedRegex(@"\s+")] private static partial Regex Space();
    [GeneratedRegex(@"\n[ \t]*\n\s*")] private static partial Regex BlankLine();
    [GeneratedRegex(@"(?<=[.!?])\s+(?=\S)")] private static partial Regex SentenceEnd();
}
