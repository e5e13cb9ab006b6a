using System.Text.RegularExpressions;
using static RewardEngine.Verifiers.Constraints.InstructionIds;
using static RewardEngine.Verifiers.Constraints.PhraseGrammar;

namespace RewardEngine.Verifiers.Constraints;

// Length constraints: words, sentences, paragraphs (*** divided, or blank-line divided with a first word).
public sealed partial class ConstraintParser
{
    // A few adjectives may sit between a number and its unit: "exactly 9 very short bullet points".
    private const string Adjectives = @"(?:(?:very|short|long|brief|complete|full|separate|distinct|different|total|english|simple|concise|detailed|unique|markdown|more|such|main|key|numbered|italic|italicized|text|highlighted|bold|new|additional|words?\s+or)[ \t-]+){0,3}";

    /// <summary>Relation words after the unit: "100 words or less", "5 sentences minimum".</summary>
    private const string UnitSuffix = @"(?:(?<sge>\s+or\s+more|\s+or\s+longer|\s+minimum|\s+at\s+(?:the\s+)?least)|(?<sle>\s+or\s+less|\s+or\s+fewer|\s+or\s+shorter|\s+max(?:imum)?|\s+at\s+(?:the\s+)?most|\s+tops))?";
    private static readonly Regex WordCountRegex = R(@"(?<![\w*])" + QuantityPattern + @"[ \t-]*" + Adjectives + @"(?:-?\s*words?\b|-word\b)" + UnitSuffix);
    private static readonly Regex SentenceCountRegex = R(@"(?<![\w*])" + QuantityPattern + @"[ \t-]*" + Adjectives + @"sentences?\b" + UnitSuffix);

    // The unit named before the number: "the number of words ... should be at least 300", "word count under 200".
    private static readonly Regex WordCountReverseRegex = R(@"\b(?:word\s+count|number\s+of\s+words|total\s+words|length)\b(?![^.\n]{0,40}capital)[^.\n]{0,60}?\b(?:be|of|is|to|at|in|under|below|within|stay|keep|around)\b\s*" + QuantityPattern + @"(?!\s*(?:sentences?|paragraphs?|times?|bullet|sections?|%|percent))");
    private static readonly Regex SentenceCountReverseRegex = R(@"\bnumber\s+of\s+sentences\b[^.\n]{0,60}?\b(?:be|of|is|to|at|in)\b\s*" + QuantityPattern + @"(?!\s*(?:words?|paragraphs?|times?))");

    private static void ParseWordCounts(string text, List<Constraint> found)
    {
        if (Lacks(text, "word", "length")) return;
        ParseLengthUnit(text, found, WordCountRegex, WordCountReverseRegex, NumberWords,
            (rel, n) => new ConstraintArgs { Relation = rel, NumWords = n }, isWords: true);
    }

    private static void ParseSentenceCounts(string text, List<Constraint> found)
    {
        if (Lacks(text, "sentence")) return;
        ParseLengthUnit(text, found, SentenceCountRegex, SentenceCountReverseRegex, NumberSentences,
            (rel, n) => new ConstraintArgs { Relation = rel, NumSentences = n }, isWords: false);
    }

    private static void ParseLengthUnit(string text, List<Constraint> found, Regex forward, Regex reverse, string id,
        Func<string, int, ConstraintArgs> make, bool isWords)
    {
        var hits = new List<(Quantity Q, bool InParens)>();
        foreach (Match m in forward.Matches(text))
        {
            if (!IsWholeResponseCount(text, m, isWords)) continue;
            var q = ReadQuantity(m);
            // "not a single word ..." negates rather than counts.
            if (q.Bound == Bound.Exactly && NegatedBefore(text, m.Index, 12)) continue;
            // An approximate length without a relation ("a 200 word essay", "500 words long") is a target, not
            // a hard bound: IFEval's annotations leave it out, and so does the parser. "exactly 200 words" counts.
            q = AdjustForContext(text, m, q, isWords);
            if (isWords && q.Bound == Bound.Exactly && !m.Groups["eq"].Success) continue;
            hits.Add((q, InParentheses(text, m.Index)));
        }
        foreach (Match m in reverse.Matches(text))
            hits.Add((AdjustForContext(text, m, ReadQuantity(m), isWords), InParentheses(text, m.Index)));
        // A parenthetical restatement ("under 3 sentences (just 1 or 2 sentences)") adds nothing when the main
        // text already bounds the count.
        var main = hits.Where(h => !h.InParens).ToList();
        foreach (var (q, _) in main.Count > 0 ? main : hits) AddCounts(found, id, q, make);
    }

    /// <summary>Leaves out counts of something else: words per line or item, capitalised words, quoted examples.</summary>
    private static bool IsWholeResponseCount(string text, Match m, bool isWords)
    {
        var after = text[(m.Index + m.Length)..Math.Min(text.Length, m.Index + m.Length + 45)];
        var before = text[Math.Max(0, m.Index - 40)..m.Index];
        if (isWords)
        {
            if (Regex.IsMatch(after, @"^\s*(?:\w+\s+){0,3}?(?:be\s+)?(?:in|with|of|using|written\s+in)\s+(?:all[\s-]+)?(?:capital|caps|upper|all-caps|uppercase)", Opts)) return false;
            if (Regex.IsMatch(after, @"^\s*(?:or\s+phrases\s+)?in\s+all\s+capital", Opts)) return false;
            if (Regex.IsMatch(after, @"^[^.\n]{0,30}?\b(?:be|are|is|written)\s+(?:in\s+)?(?:all[\s-]+)?(?:caps|capital|capitali[sz]ed|upper\s*case)", Opts)) return false;
            if (Regex.IsMatch(after, @"^\s*(?:or\s+phrases\s+)?(?:in|with)\s+(?:all\s+)?(?:capital|caps)", Opts)) return false;
            if (Regex.IsMatch(before, @"\b(?:letter|character)s?\s*$", Opts)) return false;
        }
        // "finish with a one-sentence takeaway", "add a 20-word caption": the size of a part ("write a one-sentence
        // summary" is the whole answer and still counts).
        if (Regex.IsMatch(after, @"^\s*(?:summary|takeaway|title|heading|caption|tagline|intro\w*|conclusion|description|bio|headline)\b", Opts)
            && Regex.IsMatch(before, @"\b(?:finish\w*|end\w*|clos\w*|conclud\w*|wrap\s+up|includ\w*|add\w*|followed\s+by|with|plus)\s+(?:an?\s+|the\s+|one\s+)?$", Opts)) return false;
        // "paragraphs of 3 to 5 sentences", "bullets with 2 sentences": per unit (rwd:sentences_per_unit, rwd:words_per_unit).
        if (Regex.IsMatch(before, @"\b(?:paragraphs?|sections?|bullets?|bullet\s+points?|items?|entries|points)\s+(?:of|with|containing|having)\s*$", Opts)) return false;
        // Per-part counts belong to other kinds: "each bullet point at most 10 words", "words per line".
        if (Regex.IsMatch(after, @"^\s*(?:each|per|in\s+each|for\s+each|a\s+(?:line|sentence|paragraph|bullet|item))\b", Opts)) return false;
        if (Regex.IsMatch(before, @"\b(?:each|every|per)\s+(?:\w+\s+){0,3}(?:should|must|has|have|needs?|with|of|contains?|containing|be|is)?\s*(?:\w+\s+){0,2}$", Opts)) return false;
        // "Answer with exactly one sentence" is fine; "Write a 30-line poem... each line one sentence" is per line.
        if (!isWords && Regex.IsMatch(before, @"\b(?:each|every)\s+line\b", Opts)) return false;
        // "highlight at least 3 key sentences", "bold 2 words": the marked parts, not the whole.
        if (Regex.IsMatch(before, @"\b(?:highlight|italici[sz]e|bold|emphasi[sz]e|underline)\w*\s+(?:\w+\s+){0,2}$", Opts)) return false;
        // "no bullet should be longer than 10 words": a bound on every part, not on the whole.
        if (Regex.IsMatch(before, @"\bno\s+(?:single\s+)?(?:bullet(?:\s+point)?|item|list\s+item|entry|line|sentence|paragraph|title|heading|step|point|section)s?\s+(?:\w+\s+){0,4}$", Opts)) return false;
        return true;
    }

    /// <summary>Context that changes a bound: "limit it to 50 words" (at most), "don't want anything longer than 30 words" (at most).</summary>
    private static Quantity AdjustForContext(string text, Match m, Quantity q, bool isWords)
    {
        var before = text[Math.Max(0, m.Index - 60)..m.Index];
        if (q.Bound == Bound.Exactly && Regex.IsMatch(before, @"\blimit\w*\b[^.\n]{0,50}\b(?:to|at)\s*$", Opts)) return q with { Bound = Bound.AtMost };
        // "don't go beyond three sentences", "never go past 50 words": at most.
        if (q.Bound == Bound.Exactly && Regex.IsMatch(before, @"(?:\bnot|n't|\bnever)\s+go\s+(?:beyond|past|over)\s*$", Opts)) return q with { Bound = Bound.AtMost };
        if (q.Bound == Bound.MoreThan && NegatedBefore(text, m.Index, 30)) return q with { Bound = Bound.AtMost };
        if (q.Bound == Bound.AtLeast && Regex.IsMatch(before, @"\b(?:not|n't)\s+(?:\w+\s+){0,3}$", Opts) && !Regex.IsMatch(m.Value, @"^\s*(?:no|not)\s", Opts)) return q with { Bound = Bound.LessThan };
        // "using only 10 words" caps the length.
        if (m.Groups["eq"].Success && m.Groups["eq"].Value.Equals("only", StringComparison.OrdinalIgnoreCase)) return q with { Bound = Bound.AtMost };
        return q;
    }

    // ---- paragraphs ----

    private const string Ordinals = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|\\d+(?:st|nd|rd|th)";
    private static readonly Regex ParagraphCountRegex = R(@"(?<![\w*])" + QuantityPattern + @"[ \t-]*" + Adjectives + @"(?<unit>paragraphs?|sections?|parts?|stanzas?|scenes?|chapters?|pieces?|blocks?|segments?|verses?|steps?|q\s*(?:&|and)\s*as)\b");
    private static readonly Regex DividerRegex = R(@"(?<!\*)\*\*\*(?!\*)|markdown\s+divider|(?:three|3)\s+(?:asterisks?|""\*""|\*)|(?:three|3)\s+asterisk\s+(?:symbols?|marks?|markers?)|(?:three|3)\s+aterisk");
    private static readonly Regex FirstWordRegex = R(
        @"(?:(?:the\s+)?(?:very\s+)?(?<ord>" + Ordinals + @")\s+paragraph|paragraph\s+(?<pn>\d+|one|two|three|four|five|six|seven|eight|nine|ten))" +
        @"\s+(?:must|should|has\s+to|needs\s+to|will|is\s+to|shall)?\s*(?:start|begin)s?\s+with\s+(?:the\s+)?(?:word\s+)?(?<w>""[^""]+""|'[^']+'|[\w'-]+)" +
        @"|(?:start|begin)\s+(?:the\s+)?(?:(?<ord2>" + Ordinals + @")\s+paragraph|paragraph\s+(?<pn2>\d+|one|two|three|four|five|six|seven|eight|nine|ten))\s+with\s+(?:the\s+)?(?:word\s+)?(?<w2>""[^""]+""|'[^']+'|[\w'-]+)");

    private static void ParseParagraphs(string text, List<Constraint> found)
    {
        var first = Lacks(text, "paragraph") ? Match.Empty : FirstWordRegex.Match(text);
        // Without a first-word rule only a divider makes a count; every divider match holds one of these.
        if (!first.Success && Lacks(text, "*", "divider", "asterisk", "aterisk")) return;
        var counts = ParagraphCountRegex.Matches(text).Cast<Match>()
            .Where(m => Regex.IsMatch(m.Groups["unit"].Value, "^(?:paragraph|section|part|stanza|scene|chapter|piece|block|segment|verse|step|q)", Opts))
            .ToList();
        if (first.Success)
        {
            var word = (first.Groups["w"].Success ? first.Groups["w"] : first.Groups["w2"]).Value.Trim('"', '\'');
            var paraCount = counts.FirstOrDefault(m => m.Groups["unit"].Value.StartsWith("paragraph", StringComparison.OrdinalIgnoreCase));
            int? num = paraCount is null ? null : ReadQuantity(paraCount).N;
            var ordGroup = first.Groups["ord"].Success ? first.Groups["ord"] : first.Groups["ord2"].Success ? first.Groups["ord2"] : null;
            int? nth = ordGroup is not null ? OrdinalValue(ordGroup.Value, num)
                : ParseNumber((first.Groups["pn"].Success ? first.Groups["pn"] : first.Groups["pn2"]).Value);
            if (num is not null && nth is not null)
            {
                found.Add(new Constraint(NthParagraphFirstWord, new ConstraintArgs { NumParagraphs = num, NthParagraph = nth, FirstWord = word.ToLowerInvariant() }));
                if (!DividerRegex.IsMatch(text)) return;
            }
        }
        var divider = DividerRegex.Match(text);
        if (!divider.Success) return;
        // The count of parts: a number of paragraphs/sections/parts, or the parts of an example separated by ***.
        var near = counts.Where(m => !Regex.IsMatch(m.Value, @"\bsections?\b", Opts) || !HighlightContext(text, m.Index))
            .OrderBy(m => Math.Abs(m.Index - divider.Index)).FirstOrDefault();
        if (near is not null && !(near.Groups["unit"].Value.StartsWith("section", StringComparison.OrdinalIgnoreCase) && SectionMarkerRegex.IsMatch(text) && !Regex.IsMatch(text, @"sections?\s+(?:are\s+|should\s+be\s+)?separated", Opts)))
        {
            var q = ReadQuantity(near);
            found.Add(new Constraint(NumberParagraphs, new ConstraintArgs { NumParagraphs = q.N }));
            return;
        }
        var exampleDividers = Regex.Matches(text, @"^\s*\*\*\*\s*$", RegexOptions.Multiline).Count;
        if (exampleDividers > 0) { found.Add(new Constraint(NumberParagraphs, new ConstraintArgs { NumParagraphs = exampleDividers + 1 })); return; }
        // "Separate X and Y with ***": two parts.
        if (Regex.IsMatch(text, @"\bseparat\w*\s+(?:the\s+|your\s+)?\w+(?:\s+\w+)?\s+and\s+(?:the\s+)?\w+", Opts) || Regex.IsMatch(text, @"\btwo\s+parts\b", Opts))
            found.Add(new Constraint(NumberParagraphs, new ConstraintArgs { NumParagraphs = 2 }));
    }

    private static int? OrdinalValue(string ord, int? count)
    {
        var o = ord.ToLowerInvariant();
        if (o is "last" or "final") return count;
        string[] names = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
        var i = Array.IndexOf(names, o);
        if (i >= 0) return i + 1;
        return int.TryParse(Regex.Match(o, @"\d+").Value, out var n) ? n : null;
    }

    private static bool HighlightContext(string text, int index) =>
        Regex.IsMatch(ClauseAround(text, index), @"highlight|italic|bold|\*\w", Opts);
}
