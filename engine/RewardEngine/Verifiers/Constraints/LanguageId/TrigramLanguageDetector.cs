using System.Globalization;
using System.Runtime.CompilerServices;

namespace RewardEngine.Verifiers.Constraints.LanguageId;

/// <summary>
/// Lingua's low-accuracy detection (its rules, then trigram log-probabilities with bigram and unigram back-off),
/// computed over the same model files in one pass per text: each distinct trigram is looked up once for all
/// languages (<see cref="NgramTable"/>), with no string made per n-gram. It answers only texts whose letters are Latin or script-neutral and whose
/// accented letters are too few for Lingua's character rules to decide (fewer than half the words); for any other
/// text <see cref="TryDetect"/> returns false and the caller asks Lingua. The Latin-script candidates' models are
/// read on the first Latin-script text. Thread-safe.
/// </summary>
internal sealed class TrigramLanguageDetector
{
    private readonly Lingua.Language[] _candidates;
    private readonly int[] _latinCandidates;
    private readonly Lazy<NgramTable> _latinModels;
    private readonly ThreadLocal<TrigramScorer> _scorers;
    private readonly bool _modelsPresent;

    /// <param name="candidates">The languages to choose from, in the order Lingua was given them (its tie order).</param>
    /// <param name="modelFolder">The folder holding Lingua's <c>{iso}/trigrams.json.br</c> files.</param>
    // The per-text methods are compiled optimized at once (AggressiveOptimization): a check file calls them a few
    // thousand times, too few for tiered compilation to get there before the run ends.
    public TrigramLanguageDetector(IReadOnlyList<Lingua.Language> candidates, string modelFolder)
    {
        _candidates = [.. candidates];
        // Without the model files (an application the Lingua package's files did not reach) every text goes to
        // Lingua, which says what is missing, rather than being scored against empty models.
        _modelsPresent = Directory.Exists(modelFolder);
        _latinCandidates = [.. Enumerable.Range(0, _candidates.Length).Where(i => TextScript.LatinLanguages.Contains(_candidates[i]))];
        // Read on the first Latin-script text: the table a previous process cached, else each language's files on
        // its own core.
        var latin = _latinCandidates.Select(i => _candidates[i]).ToList();
        _latinModels = new(() => NgramTableCache.Load(modelFolder, latin, () =>
        {
            var models = new (ulong[], double[])[latin.Count];
            Parallel.For(0, models.Length, i => models[i] = NgramModelFile.Read(modelFolder, latin[i]));
            return NgramTable.Build(models);
        }), LazyThreadSafetyMode.ExecutionAndPublication);
        _scorers = new(() => new TrigramScorer(_latinModels.Value));
    }

    /// <summary>Reads the Latin-script candidates' models now rather than on the first text that needs them.</summary>
    public void LoadModels()
    {
        if (_modelsPresent) _ = _latinModels.Value;
    }

    /// <summary>
    /// Lingua's answer for <paramref name="text"/> (<see cref="Lingua.Language.Unknown"/> when it cannot tell), or
    /// false when the text is outside what this detector reproduces exactly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryDetect(string text, out Lingua.Language language)
    {
        language = Lingua.Language.Unknown;
        if (!_modelsPresent) return false;
        var cleaned = Clean(text);
        if (cleaned.Length == 0) return true;

        // Words are split at spaces (no logograms here). Lingua's character rules (a letter of one language's
        // alphabet such as Greek, letters unique to one language, letters shared by a few) decide only when at least
        // half the words carry such letters; below that bound they leave the majority alphabet's languages in play.
        int words = 0, ruleLetters = 0, latinLetters = 0, greekLetters = 0;
        bool anyLetter = false;
        for (int start = 0; start < cleaned.Length;)
        {
            int end = cleaned.IndexOf(' ', start);
            if (end < 0) end = cleaned.Length;
            if (end > start)
            {
                words++;
                bool allLatin = true, allGreek = true, greek = false;
                var word = cleaned.AsSpan(start, end - start);
                for (int i = 0; i < word.Length; i++)
                {
                    var c = word[i];
                    var kind = TextScript.Of(c);
                    if (kind == TextScript.Kind.Outside) return false;
                    anyLetter |= char.IsLetter(c);
                    allLatin &= kind == TextScript.Kind.Latin;
                    allGreek &= kind == TextScript.Kind.Greek;
                    greek |= kind == TextScript.Kind.Greek;
                    if (kind == TextScript.Kind.Latin && c > '\u007F' && word[..i].IndexOf(c) < 0) ruleLetters++;
                }
                if (greek) ruleLetters++;
                if (allLatin) latinLetters += word.Length;
                if (allGreek) greekLetters += word.Length;
            }
            start = end + 1;
        }
        if (!anyLetter) return true;
        if (ruleLetters >= 0.5 * words) return false;
        // The alphabet with the most letters in words wholly written in it picks the candidates (Greek: one
        // language); none, or a tie, leaves every candidate in play, rare enough to leave to Lingua.
        if (greekLetters > latinLetters)
        {
            language = Lingua.Language.Greek;
            return _candidates.Contains(Lingua.Language.Greek);
        }
        if (latinLetters == 0 || latinLetters == greekLetters) return false;
        if (_latinCandidates.Length == 1) { language = _candidates[_latinCandidates[0]]; return true; }
        if (cleaned.Length < 3) return true;

        // Per language, the sum of log-probabilities over the distinct trigrams in order of first occurrence
        // (Lingua's order, so the sums are the same doubles); a language with no known n-gram sums to 0 and drops out.
        var sums = new double[_latinModels.Value.Languages];
        _scorers.Value!.AddTrigrams(cleaned, sums);
        language = Decide(sums);
        return true;
    }

    // Lingua turns sums into exp(sum) shares. When every share underflows to 0 it takes the highest sum (the first
    // of equals); otherwise the highest share, and a tie for it means Unknown.
    private Lingua.Language Decide(double[] sums)
    {
        double denominator = 0;
        int best = -1;
        for (int i = 0; i < sums.Length; i++)
        {
            if (sums[i] == 0) continue;
            denominator += Math.Exp(sums[i]);
            if (best < 0 || sums[i] > sums[best]) best = i;
        }
        if (best < 0) return Lingua.Language.Unknown;
        if (denominator == 0) return _candidates[_latinCandidates[best]];
        var top = Math.Exp(sums[best]) / denominator;
        for (int i = 0; i < sums.Length; i++)
            if (i != best && sums[i] != 0 && Math.Exp(sums[i]) / denominator == top) return Lingua.Language.Unknown;
        return _candidates[_latinCandidates[best]];
    }

    /// <summary>
    /// Lingua's clean-up: trimmed, lower-cased (invariant), punctuation and numbers removed, each run of white space
    /// made one space; an empty result when no letter is left.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static string Clean(string text)
    {
        var lower = text.Trim().ToLowerInvariant();
        Span<char> buffer = lower.Length <= 4096 ? stackalloc char[lower.Length] : new char[lower.Length];
        int n = 0;
        bool inSpace = false;
        foreach (var c in lower)
        {
            switch (char.GetUnicodeCategory(c))
            {
                case UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                    or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                    or UnicodeCategory.OtherPunctuation or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber
                    or UnicodeCategory.OtherNumber:
                    continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (!inSpace) buffer[n++] = ' ';
                inSpace = true;
                continue;
            }
            inSpace = false;
            buffer[n++] = c;
        }
        return new string(buffer[..n]);
    }
}
