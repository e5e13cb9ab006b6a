using System.Text.RegularExpressions;
using static RewardEngine.Verifiers.Constraints.InstructionIds;
using static RewardEngine.Verifiers.Constraints.PhraseGrammar;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>
/// Reads the checkable constraints out of an instruction, deterministically, in IFEval's vocabulary (plus the
/// engine's <c>rwd:</c> kinds). Each kind has a small grammar composed from shared pieces (numbers in digits or
/// words, relation phrases before or after a number, ranges, word lists, quoted phrases), so phrasings the
/// rules were not written for still parse when they are built from the same pieces.
/// Stateless and thread-safe.
/// </summary>
public sealed partial class ConstraintParser
{
    private const RegexOptions Opts = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>The constraints of <paramref name="instruction"/>, in order of kind, duplicates removed.</summary>
    public IReadOnlyList<Constraint> Parse(string instruction) => ParseWithNotes(instruction).Constraints;

    /// <summary>
    /// The constraints of <paramref name="instruction"/> and notes on constraints dropped because they cannot be
    /// represented (a count past <see cref="PhraseGrammar.MaxCount"/>). Never throws on any text.
    /// </summary>
    public ConstraintParse ParseWithNotes(string instruction)
    {
        var text = Normalize(instruction);
        var found = new List<Constraint>();
        var notes = new List<string>();
        var repeat = FindRepeatPrompt(instruction);
        // Rules read the part of the prompt that is the request; a repeat instruction's own words
        // ("do not say any words before...") are not constraints on the answer.
        var body = repeat is null ? text : Normalize(RemoveRepeatInstruction(instruction));
        if (repeat is not null) found.Add(new Constraint(RepeatPrompt, new ConstraintArgs { PromptToRepeat = repeat }));

        Action<string, List<Constraint>>[] rules =
        [
            ParseWordCounts, ParseSentenceCounts, ParseParagraphs, ParsePlaceholders, ParsePostscript, ParseBullets,
            ParseHighlights, ParseSections, ParseConstrainedResponse, ParseJson, ParseTitle, ParseTwoResponses, ParseEnd,
            ParseQuotation, ParseCase, ParseNoComma, ParseLanguage, ParseLetterFrequency, ParseKeywords, ParseOwnKinds, ParseUnits,
        ];
        foreach (var rule in rules)
        {
            try { rule(body, found); }
            catch (UnrepresentableQuantityException e)
            {
                notes.Add($"{RuleName(rule)}: constraint dropped: {e.Message}");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        return new ConstraintParse(found.Select(AsWritten).Where(c => seen.Add(c.Describe())).ToList(), notes);
    }

    /// <summary>
    /// Constraints read from free text are counted the way their writer counts where that differs from IFEval's rule
    /// (keywords on word boundaries, whitespace words, written sentences, spaced *** dividers, capital words of two or
    /// more letters, a symbol such as '#' of
    /// "hashtags" counted as itself): kwarg counting=writer.
    /// </summary>
    private static Constraint AsWritten(Constraint c) =>
        c.InstructionId is KeywordsExistence or KeywordsFrequency or NumberWords or NumberSentences or NumberParagraphs or CapitalWordFrequency
            || (c.InstructionId is LetterFrequency && c.Args.Letter is { Length: 1 } symbol && !char.IsAsciiLetter(symbol[0]))
            ? c with { Args = c.Args with { Counting = ConstraintArgs.Writer } }
            : c;

    // "ParseWordCounts" -> "word counts": what the note is about, in words.
    private static string RuleName(Action<string, List<Constraint>> rule) =>
        Regex.Replace(rule.Method.Name.Replace("Parse", "", StringComparison.Ordinal), "(?<=[a-z])(?=[A-Z])", " ").ToLowerInvariant();

    /// <summary>Straight quotes, one kind of dash, single spaces (newlines kept: some rules read lines).</summary>
    internal static string Normalize(string s)
    {
        s = s.Replace('“', '"').Replace('”', '"').Replace('‘', '\'').Replace('’', '\'').Replace('–', '-').Replace('—', '-');
        s = Regex.Replace(s, @"[ \t\u00A0]+", " ");
        // "Don't forget to include X" asks for X: read it as the positive it is.
        s = Regex.Replace(s, @"\b(?:don't|do\s+not|never)\s+forget\s+to\b", "be sure to", RegexOptions.IgnoreCase);
        return s.Replace("\r\n", "\n");
    }

    /// <summary>
    /// Whether a rule may skip <paramref name="text"/> because none of <paramref name="literals"/> occurs in it, where
    /// every match of the rule's patterns contains one of them. Used only as a necessary condition before the regexes
    /// run, so results never change: an ignore-case, culture-invariant regex letter matches its two ASCII cases and,
    /// for 'k' alone, the Kelvin sign (U+212A; no other character of the BMP matches an ASCII letter, checked by
    /// <c>ParserGuardTests</c>); ordinal ignore-case comparison finds both ASCII cases and a few more (dotless i, long
    /// s), never fewer. So only text holding a Kelvin sign always runs.
    /// </summary>
    private static bool Lacks(string text, params ReadOnlySpan<string> literals)
    {
        if (text.Contains('\u212A')) return false;
        foreach (var literal in literals)
            if (text.Contains(literal, StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    /// <summary>The regex for a grammar pattern, built once per pattern.</summary>
    private static Regex R(string pattern) => Compiled.GetOrAdd(pattern, p => new Regex(p, Opts));

    static ConstraintParser()
    {
        // The rules also use Regex's static helpers with a few dozen distinct patterns; the default cache of 15
        // would rebuild them on every parse.
        if (Regex.CacheSize < 256) Regex.CacheSize = 256;
    }

    private static void AddCounts(List<Constraint> found, string id, Quantity q, Func<string, int, ConstraintArgs> make)
    {
        foreach (var (rel, n) in q.ToIfEval()) found.Add(new Constraint(id, make(rel, n)));
    }

    /// <summary>Whether position <paramref name="index"/> sits inside parentheses.</summary>
    private static bool InParentheses(string text, int index)
    {
        var open = text.LastIndexOf('(', Math.Max(0, index - 1));
        if (open < 0) return false;
        var close = text.IndexOf(')', open);
        return close < 0 || close >= index;
    }

    /// <summary>The clause around a position: from the previous sentence end to the next one.</summary>
    private static string ClauseAround(string text, int index, int length = 0)
    {
        var start = index;
        while (start > 0 && !IsClauseEnd(text, start - 1)) start--;
        var end = Math.Min(text.Length, index + length);
        while (end < text.Length && !IsClauseEnd(text, end)) end++;
        return text[start..Math.Min(text.Length, end + 1)];
    }

    private static bool IsClauseEnd(string text, int i)
    {
        var c = text[i];
        if (c == '\n') return true;
        if (c is not ('.' or '!' or '?' or ';')) return false;
        // "P.S.", "i.e.", "e.g." and decimals do not end a clause.
        return i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1]) && !(i >= 1 && text[i - 1] is 'e' or 'g' or 'S' or 'P' && i >= 2 && text[i - 2] == '.');
    }

    /// <summary>A negation shortly before a position: "do not", "don't", "without", "avoid", "never", "no".</summary>
    private static bool NegatedBefore(string text, int index, int window = 40)
    {
        var from = Math.Max(0, index - window);
        var before = text[from..index];
        var clauseStart = Math.Max(before.LastIndexOfAny(['.', '!', '?', ';', '\n']), -1);
        before = before[(clauseStart + 1)..];
        return NegationRegex().IsMatch(before);
    }

    [GeneratedRegex(@"\b(?:not|no|never|without|avoid|avoiding|refrain|exclude|excluding|nor|cannot)\b|n't\b", RegexOptions.IgnoreCase)]
    private static partial Regex NegationRegex();
}
