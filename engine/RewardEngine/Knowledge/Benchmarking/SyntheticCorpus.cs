using System.Text;
using RewardEngine.Knowledge.Ingest;

namespace RewardEngine.Knowledge.Benchmarking;

/// <summary>
/// A deterministic, English-like corpus for measuring the knowledge base at scale: a Zipfian vocabulary
/// (real function words at the top ranks, then pronounceable made-up content words with English suffixes so the
/// stemmer has work), articles of 3-8 passages of about 110 words, each article with a title and a set of topic
/// words that recur in its passages (real text is bursty). The same seed gives the same corpus.
/// </summary>
public sealed class SyntheticCorpus
{
    private static readonly string[] FunctionWords =
    [
        "the", "of", "and", "in", "to", "a", "was", "is", "for", "on", "as", "by", "with", "he", "that", "at",
        "from", "his", "it", "an", "were", "are", "which", "this", "also", "be", "has", "or", "had", "first", "one",
        "their", "its", "new", "after", "but", "who", "not", "they", "have", "her", "she", "two", "been", "other",
        "when", "there", "all", "during", "into", "school", "time", "may", "years", "more", "most", "only", "over",
        "city", "some", "world", "would", "where", "later", "up", "such", "used", "many", "can", "state", "about",
        "national", "out", "known", "university", "united", "then", "made", "team", "american", "season", "three",
        "between", "both", "film", "under", "war", "county", "no", "series", "these", "while", "since", "part",
        "until", "being", "through", "year", "music", "became", "number", "high", "early", "him", "each", "south",
        "north", "album", "released", "including", "than", "government", "around", "well", "called", "second",
    ];

    private static readonly string[] Onsets = ["b", "br", "c", "ch", "cl", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "pl", "pr", "r", "s", "sh", "st", "t", "th", "tr", "v", "w", "z"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "ee"];
    private static readonly string[] Codas = ["", "", "", "", "n", "r", "l", "s", "t", "m", "nd", "st"];
    private static readonly string[] Suffixes = ["", "", "", "", "", "", "", "", "s", "s", "ing", "ed", "er", "tion", "ly", "al", "ness", "ment", "ity"];

    private readonly string[] _vocabulary;
    private readonly double[] _cdf;
    private readonly int _seed;

    /// <param name="seed">Everything derives from it.</param>
    /// <param name="vocabularySize">Distinct words, function words included.</param>
    /// <param name="zipfExponent">1.0 is close to English word frequencies.</param>
    public SyntheticCorpus(int seed = 1, int vocabularySize = 80_000, double zipfExponent = 1.0)
    {
        _seed = seed;
        var rng = new SplitMix(seed);
        var words = new List<string>(vocabularySize);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in FunctionWords) if (seen.Add(w)) words.Add(w);
        while (words.Count < vocabularySize)
        {
            var sb = new StringBuilder();
            int syllables = Syllables(words.Count, rng);
            for (int i = 0; i < syllables; i++)
                sb.Append(Onsets[rng.Next(Onsets.Length)]).Append(Vowels[rng.Next(Vowels.Length)]).Append(Codas[rng.Next(Codas.Length)]);
            sb.Append(Suffixes[rng.Next(Suffixes.Length)]);
            var w = sb.ToString();
            if (w.Length >= 3 && seen.Add(w)) words.Add(w);
        }
        _vocabulary = [.. words];
        _cdf = new double[_vocabulary.Length];
        double sum = 0;
        for (int r = 0; r < _cdf.Length; r++) _cdf[r] = sum += 1.0 / Math.Pow(r + 0.6, zipfExponent);
        for (int r = 0; r < _cdf.Length; r++) _cdf[r] /= sum;
    }

    public IReadOnlyList<string> Vocabulary => _vocabulary;

    /// <summary>
    /// Syllables of the made-up word at a frequency rank. Calibrated so that word lengths follow English: measured on
    /// the assistant answers of RM-Bench chat and JudgeBench (292,701 words), word types of ranks 120-1,000 average
    /// 6.1 letters, 1,000-5,000 7.3 and rarer ones 8.0, and the top 120 words make 46% of running text at 4.9 letters
    /// a word. This corpus: 6.1, 7.3 and 8.7 letters; 43% and 5.6 letters a word (a little longer than English, so
    /// ingest rates measured on it are conservative). An earlier version averaged about 8.8 letters a word, which made
    /// every tokenizer-bound measurement look about 1.6x worse than on English text.
    /// </summary>
    private static int Syllables(int rank, SplitMix rng)
    {
        int u = rng.Next(20);
        return rank < 1_000 ? (u < 16 ? 1 : 2)
            : rank < 5_000 ? (u < 11 ? 1 : u < 19 ? 2 : 3)
            : (u < 8 ? 1 : u < 18 ? 2 : 3);
    }

    /// <summary>The passages, in order; passage i is the same for every call with the same seed.</summary>
    public IEnumerable<PassageRecord> Passages(long count)
    {
        var rng = new SplitMix(_seed * 7919L + 17);
        long made = 0;
        int article = 0;
        var sb = new StringBuilder(1024);
        var topic = new int[16];
        var title = new List<int>(3);
        while (made < count)
        {
            article++;
            title.Clear();
            int titleWords = 1 + rng.Next(3);
            // Titles are names: mid-to-rare words.
            for (int i = 0; i < titleWords; i++) title.Add(FunctionWords.Length + 300 + rng.Next(_vocabulary.Length - FunctionWords.Length - 300));
            for (int i = 0; i < topic.Length; i++)
                do topic[i] = SampleRank(rng); while (topic[i] < FunctionWords.Length); // topic words are content words
            var titleText = string.Join(' ', title.Select(r => Capitalize(_vocabulary[r])));
            int passages = 3 + rng.Next(6);
            for (int p = 0; p < passages && made < count; p++, made++)
            {
                sb.Clear();
                int words = 95 + rng.Next(31);
                int sentence = 0, sentenceLength = 8 + rng.Next(13);
                for (int i = 0; i < words; i++)
                {
                    double u = rng.NextDouble();
                    int rank = u < 0.03 ? title[rng.Next(title.Count)] : u < 0.13 ? topic[rng.Next(topic.Length)] : SampleRank(rng);
                    var w = _vocabulary[rank];
                    if (sentence == 0) w = Capitalize(w);
                    if (sb.Length > 0) sb.Append(' ');
                    sb.Append(w);
                    if (++sentence == sentenceLength || i == words - 1)
                    {
                        sb.Append('.');
                        sentence = 0;
                        sentenceLength = 8 + rng.Next(13);
                    }
                }
                yield return new PassageRecord($"synthetic:{article}:{p + 1}", titleText, sb.ToString());
            }
        }
    }

    /// <summary>
    /// A query about a passage, the way an LLM writes one: 3-8 words, mostly drawn from the passage (title words
    /// likely), with question words and stopwords mixed in.
    /// </summary>
    public string QueryFor(PassageRecord passage, int seed)
    {
        var rng = new SplitMix(seed);
        var words = passage.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.TrimEnd('.').ToLowerInvariant()).ToArray();
        var titleWords = passage.Title.Split(' ');
        int length = 3 + rng.Next(6);
        var q = new List<string>(length);
        string[] openers = ["what", "when", "who", "how", "which", "where", "is", "the"];
        if (rng.Next(2) == 0) q.Add(openers[rng.Next(openers.Length)]);
        if (rng.Next(3) != 0) q.Add(titleWords[rng.Next(titleWords.Length)]);
        while (q.Count < length) q.Add(words[rng.Next(words.Length)]);
        return string.Join(' ', q);
    }

    private int SampleRank(SplitMix rng)
    {
        int i = Array.BinarySearch(_cdf, rng.NextDouble());
        return i >= 0 ? i : Math.Min(~i, _cdf.Length - 1);
    }

    private static string Capitalize(string w) => char.ToUpperInvariant(w[0]) + w[1..];

    /// <summary>SplitMix64: a tiny PRNG whose output is fixed by definition, unlike System.Random across versions.</summary>
    internal sealed class SplitMix(long seed)
    {
        private ulong _state = (ulong)seed;

        public ulong NextUInt64() => Determinism.SplitMix64.Next(ref _state);

        public int Next(int maxExclusive) => (int)(NextUInt64() % (ulong)maxExclusive);
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
    }
}

/// <summary>An <see cref="IPassageSource"/> over generated passages.</summary>
public sealed class SyntheticPassageSource(SyntheticCorpus corpus, long count) : IPassageSource
{
    private long _read;

    public long BytesRead => Interlocked.Read(ref _read);
    /// <summary>Counted in passages rather than bytes; the progress bar only needs the ratio.</summary>
    public long TotalBytes => count;
    public long Ignored => 0;

    public IEnumerable<SourceItem> Read(CancellationToken cancellationToken)
    {
        foreach (var p in corpus.Passages(count))
        {
            if ((Interlocked.Increment(ref _read) & 4095) == 0) cancellationToken.ThrowIfCancellationRequested();
            yield return SourceItem.Of(p);
        }
    }
}
