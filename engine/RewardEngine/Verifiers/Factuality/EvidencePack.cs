using System.Text;
using RewardEngine.Knowledge;

namespace RewardEngine.Verifiers.Factuality;

/// <summary>
/// The evidence shown to the verifying LLM: passages from several queries, interleaved by rank (each query's best
/// first), without repeats, cut to a token budget. Tokens are estimated as words x 1.3 (English averages about
/// 1.3 BPE tokens per word); the estimate only needs to keep the prompt inside the model's context.
/// </summary>
public static class EvidencePack
{
    public const double TokensPerWord = 1.3;
    /// <summary>A truncated last passage must keep at least this many tokens to be worth showing.</summary>
    private const int MinPartialTokens = 32;

    public static int ApproxTokens(string text) => (int)Math.Ceiling(CountWords(text) * TokensPerWord);

    /// <summary>Round-robin over the queries' hit lists, dropping repeats.</summary>
    public static List<KnowledgeHit> Interleave(IReadOnlyList<IReadOnlyList<KnowledgeHit>> perQuery)
    {
        var result = new List<KnowledgeHit>();
        var seen = new HashSet<long>();
        int depth = perQuery.Count == 0 ? 0 : perQuery.Max(l => l.Count);
        for (int r = 0; r < depth; r++)
            foreach (var list in perQuery)
                if (r < list.Count && seen.Add(list[r].Id)) result.Add(list[r]);
        return result;
    }

    /// <summary>Whole passages while they fit the budget; the next one cut to the remainder when that is worth it.</summary>
    public static List<KnowledgeHit> Trim(IEnumerable<KnowledgeHit> hits, int tokenBudget)
    {
        var kept = new List<KnowledgeHit>();
        int used = 0;
        foreach (var h in hits)
        {
            int cost = ApproxTokens(h.Title) + ApproxTokens(h.Text) + 4; // + the "[n] title" line
            if (used + cost <= tokenBudget)
            {
                kept.Add(h);
                used += cost;
                continue;
            }
            int left = tokenBudget - used - ApproxTokens(h.Title) - 4;
            if (left >= MinPartialTokens)
            {
                int words = (int)(left / TokensPerWord);
                var cut = string.Join(' ', h.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(words)) + " ...";
                kept.Add(h with { Text = cut });
            }
            break;
        }
        return kept;
    }

    /// <summary>"[1] Title\ntext" blocks.</summary>
    public static string Format(IReadOnlyList<KnowledgeHit> hits)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < hits.Count; i++)
        {
            if (i > 0) sb.Append("\n\n");
            sb.Append('[').Append(i + 1).Append("] ").Append(hits[i].Title.Length > 0 ? hits[i].Title : hits[i].Source).Append('\n').Append(hits[i].Text);
        }
        return sb.ToString();
    }

    internal static int CountWords(string s) => Knowledge.Ingest.PassageChunker.CountWords(s);

    /// <summary>The first <paramref name="maxWords"/> words of a long text (answers are capped the same way).</summary>
    public static string FirstWords(string text, int maxWords)
    {
        if (CountWords(text) <= maxWords) return text;
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Take(maxWords)) + " ...";
    }
}
