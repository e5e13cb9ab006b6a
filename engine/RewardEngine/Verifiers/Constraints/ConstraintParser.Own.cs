using System.Text.RegularExpressions;
using static RewardEngine.Verifiers.Constraints.InstructionIds;
using static RewardEngine.Verifiers.Constraints.PhraseGrammar;

namespace RewardEngine.Verifiers.Constraints;

// The engine's own kinds (rwd:), for constraints people write that IFEval has no id for.
public sealed partial class ConstraintParser
{
    private const string Whole = @"(?:your\s+|the\s+|my\s+|this\s+)?(?:entire\s+|whole\s+|very\s+)?(?:response|answer|reply|output|essay|story|poem|letter|email|message|post|text|it|paragraph|first\s+sentence)";

    private static readonly Regex StartPhraseRegex = R(
        @"\b(?:start|begin|open)(?:s|ing)?\s+(?:(?:" + Whole + @")\s+)?with\s+(?:the\s+)?(?:exact\s+)?(?:phrase|words?|sentence|greeting|line)?\s*:?\s*(?<p>""[^""\n]+""|'[^'\n]+')" +
        @"|\bfirst\s+word\s+of\s+" + Whole + @"\s+(?:must|should|has\s+to|needs\s+to|will)?\s*(?:be|is)?\s*:?\s*(?<p>""[^""\n]+""|'[^'\n]+')" +
        @"|\b" + Whole + @"\s+(?:must|should|has\s+to|needs\s+to)\s+(?:start|begin)\s+with\s+(?:the\s+)?(?:exact\s+)?(?:phrase|words?|sentence)?\s*:?\s*(?<p>""[^""\n]+""|'[^'\n]+')");

    // "the very first words must be 'X'", "open your reply with: X" (run only where "first w..." or "with:" occurs).
    private static Regex StartPhraseNamedRegex => R(
        @"\b(?:very\s+)?first (?:words?|line|sentence)\s+(?:of\s+" + Whole + @"\s+)?(?:must|should|has\s+to|needs\s+to|will)\s+be\s*:?\s*(?<p>""[^""\n]+""|'[^'\n]+')" +
        @"|\b(?:start|begin|open)(?:s|ing)?\s+(?:(?:" + Whole + @")\s+)?with:\s*(?<p>[A-Za-z][^\n.!?:;]{1,60})");
    private static readonly Regex StartLetterRegex = R(@"\b(?:start|begin)s?\s+(?:(?:" + Whole + @")\s+)?with\s+(?:the\s+|a\s+)?(?:letter|capital)\s+[""']?(?<l>[a-z])[""']?(?![\w'])|\b" + Whole + @"\s+(?:must|should)\s+(?:start|begin)\s+with\s+(?:the\s+|a\s+)?letter\s+[""']?(?<l>[a-z])[""']?(?![\w'])");
    private static readonly Regex LineCountRegex = R(@"(?<![\w*])" + QuantityPattern + @"[ \t-]*" + Adjectives + @"(?<!new\s)(?<!blank\s)(?<!empty\s)lines?\b(?!\s+(?:breaks?|of\s+code|spacing))");
    private static readonly Regex NumberedListRegex = R(@"\bnumbered\s+list\b|\b(?:numbered|enumerated)\s+(?:items|points|steps)\b");
    private static readonly Regex NumberedCountRegex = R(@"(?<![\w*])" + QuantityPattern + @"[ \t-]*" + Adjectives + @"(?:numbered\s+)?(?:items|points|steps|entries|tips|reasons|ideas|examples|ways)\b");
    private static readonly Regex HeadingCountRegex = R(@"(?<![\w*])" + QuantityPattern + @"[ \t-]*" + Adjectives + @"(?:markdown\s+)?(?:(?:H|level[\s-])(?<lvl>[1-6])\s+)?(?:section\s+)?(?:headings?|headers?|titled\s+sections|headed\s+sections|sections,?\s+(?:each\s+)?with\s+(?:a\s+|an\s+|its\s+own\s+|their\s+own\s+)?(?:markdown\s+)?(?:(?<hashes>#{1,6})\s+)?(?:headings?|headers?|titles?))\b");
    // "(##)", "written as '### Heading'", "use ## for each heading": the level, given by its marks.
    private static Regex HeadingMarksRegex => R(@"(?<![#\w])(?<hashes>#{1,6})(?=\s*\)|\s+(?:heading|header|title|for|\w+'|\w+""))|(?<![#\w])(?<hashes>#{1,6})\s*\)");
    private static readonly Regex CapsKeywordRegex = R(@"\b(?:write|put|spell|type|have|use|include)\s+(?:the\s+)?(?:words?|names?|terms?)\s+(?<list>(?:""[^""\n]+""|'[^'\n]+'|[\w-]+)(?:\s*(?:,|and)\s*(?:""[^""\n]+""|'[^'\n]+'|[\w-]+)){0,4})\s+in\s+(?:all\s+)?(?:caps|capital\s+letters|capitals|upper\s*case)|\bcapitali[sz]e\s+(?:the\s+)?(?:words?|names?|terms?)\s+(?<list>(?:""[^""\n]+""|'[^'\n]+'|[\w-]+)(?:\s*(?:,|and)\s*(?:""[^""\n]+""|'[^'\n]+'|[\w-]+)){0,4})\s+(?:fully|entirely|completely|in\s+full)");
    private static readonly Regex EndPunctuationRegex = R(@"\b(?:end|finish)(?:s|es|ing)?\s+(?:(?:" + Whole + @")\s+)?with\s+(?:a|an|the)\s+(?<p>question\s+mark|exclamation\s+(?:mark|point)|period|full\s+stop|ellipsis)|\b" + Whole + @"\s+(?:must|should)\s+end\s+with\s+(?:a|an|the)\s+(?<p>question\s+mark|exclamation\s+(?:mark|point)|period|full\s+stop|ellipsis)");

    private const string CodeLanguages = "python|javascript|java|c\\+\\+|c#|bash|sql|html|css|rust|go|typescript|ruby";

    private static void ParseOwnKinds(string text, List<Constraint> found)
    {
        var start = Lacks(text, "start", "begin", "open", "first") ? Match.Empty : StartPhraseRegex.Match(text);
        if (!start.Success && !Lacks(text, "first word", "first line", "first sentence", "with:")) start = StartPhraseNamedRegex.Match(text);
        // Only a start of the whole response: not of a paragraph, section, postscript, line, item or hashtag.
        if (start.Success && !Regex.IsMatch(ClauseAround(text, start.Index), @"\b(?:paragraphs?|sections?|post\s*script|notes?|P\.P?\.?S|hashtags?|each|every|lines?|bullets?|items?|points?|stanzas?|verses?)\b", Opts))
        {
            var phrase = start.Groups["p"].Value.Trim().Trim('"', '\'').Trim();
            if (phrase.Length > 0) found.Add(new Constraint(StartPhrase, new ConstraintArgs { Starter = phrase }));
        }
        var letter = Lacks(text, "start", "begin") ? Match.Empty : StartLetterRegex.Match(text);
        if (letter.Success) found.Add(new Constraint(StartLetter, new ConstraintArgs { Letter = letter.Groups["l"].Value.ToUpperInvariant() }));

        foreach (Match m in Lacks(text, "line") ? (IEnumerable<Match>)[] : LineCountRegex.Matches(text))
        {
            if (!IsWholeResponseCount(text, m, isWords: false)) continue;
            // "a one-line summary", "a two-line title": the size of a part.
            if (Regex.IsMatch(text[(m.Index + m.Length)..], @"^\s*(?:summary|title|heading|caption|tagline|note|intro\w*|conclusion|description)\b", Opts)) continue;
            // "two new lines", "blank lines", "line breaks" separate things; they are not the response's lines.
            if (Regex.IsMatch(m.Value, @"\b(?:new|blank|empty)[ \t-]+lines?\b", Opts)) continue;
            var q = ReadQuantity(m);
            // "the snippet must be exactly 3 lines": the code's lines, not the response's.
            if (Regex.IsMatch(text[Math.Max(0, m.Index - 40)..m.Index], @"\b(?:snippet|code|script|program|function|block)\s+(?:\w+\s+){0,3}$", Opts))
            {
                AddOwnCount(found, CodeLines, q, (rel, n) => new ConstraintArgs { NumLines = n, Relation = rel });
                break;
            }
            // "a 30-line poem" names the poem's length; "in exactly 4 lines" bounds the response.
            AddOwnCount(found, LineCount, q, (rel, n) => new ConstraintArgs { NumLines = n, Relation = rel });
            break;
        }

        if (!Lacks(text, "table") && Regex.IsMatch(text, @"\b(?:markdown\s+)?table\b", Opts) && Regex.IsMatch(text, @"\b(?:in|as|with|include|includ\w*|use|using|create|make|format\w*|give|provide|present|organi[sz]e|put)\b[^.\n]{0,30}\b(?:a|an|one|the)\s+(?:markdown\s+|simple\s+|comparison\s+|two-column\s+)?table\b|\btable\s+(?:format|form)\b|\bin\s+(?:a\s+)?tabular\s+form", Opts)
            && !Regex.IsMatch(text, @"\btable\s+of\s+contents\b", Opts))
            found.Add(new Constraint(MarkdownTable));

        var code = Lacks(text, "code", "backtick", "```", "fenced") ? Match.Empty : R(@"\b(?:(?<lang>" + CodeLanguages + @")\s+)?code\s*block\b(?:\s+(?:in|using|written\s+in)\s+(?<lang>" + CodeLanguages + @")\b)?|\bfenced\s+code\b(?:\s+block)?(?:\s+(?:in|using)\s+(?<lang>" + CodeLanguages + @")\b)?|\btriple\s+backticks\b|```(?<lang>" + CodeLanguages + @")\b(?:\s+fenced)?(?:\s+(?:code\s+)?block)?|\bfenced\s+(?<lang>" + CodeLanguages + @")\s+block\b").Match(text);
        if (code.Success && !Regex.IsMatch(ClauseAround(text, code.Index), @"\bJSON\b", Opts) && !NegatedBefore(text, code.Index))
            found.Add(new Constraint(CodeBlock, new ConstraintArgs { CodeLanguage = code.Groups["lang"].Success ? code.Groups["lang"].Value.ToLowerInvariant() : null }));

        if (!Lacks(text, "numbered", "enumerated") && NumberedListRegex.IsMatch(text))
        {
            var count = NumberedCountRegex.Match(text);
            var q = count.Success ? ReadQuantity(count) : new Quantity(Bound.AtLeast, 1);
            AddOwnCount(found, NumberedList, q, (rel, n) => new ConstraintArgs { NumItems = n, Relation = rel });
        }

        var headings = Lacks(text, "head", "title") ? Match.Empty : HeadingCountRegex.Match(text);
        if (headings.Success)
        {
            int? level = headings.Groups["lvl"].Success ? int.Parse(headings.Groups["lvl"].Value, System.Globalization.CultureInfo.InvariantCulture)
                : headings.Groups["hashes"].Success ? headings.Groups["hashes"].Length
                : HeadingMarksRegex.Matches(ClauseAround(text, headings.Index, headings.Length)).Select(h => h.Groups["hashes"].Length).Distinct().ToList() is [var only] ? only : null;
            var q = ReadQuantity(headings);
            // "organize it under 2 headings": under them, not fewer than them.
            if (headings.Groups["lt"].Value.Equals("under", StringComparison.OrdinalIgnoreCase)
                && Regex.IsMatch(text[Math.Max(0, headings.Index - 40)..headings.Index], @"\b(?:organi[sz]e|group|arrange|put|place|sort|list|structure)\w*\s+(?:\w+\s+){0,3}$", Opts))
                q = q with { Bound = Bound.Exactly };
            AddOwnCount(found, TitledSections, q, (rel, n) => new ConstraintArgs { NumSections = n, Relation = rel, HeadingLevel = level });
        }
        else if (!Lacks(text, "head", "title") && Regex.IsMatch(text, @"\b(?:use|with|include|add)\s+(?:markdown\s+)?(?:headings|headers|section\s+headings|section\s+titles)\b", Opts))
        {
            var marks = HeadingMarksRegex.Matches(text).Select(h => h.Groups["hashes"].Length).Distinct().ToList();
            found.Add(new Constraint(TitledSections, new ConstraintArgs { NumSections = 1, Relation = Relation.AtLeast, HeadingLevel = marks is [var only] ? only : null }));
        }


        var caps = Lacks(text, "capital", "caps", "upper") ? Match.Empty : CapsKeywordRegex.Match(text);
        if (caps.Success)
        {
            var words = ReadWordList(caps.Groups["list"].Value).Where(w => !IsFunctionWord(w)).ToList();
            if (words.Count > 0) found.Add(new Constraint(WordsInAllCaps, new ConstraintArgs { Keywords = words }));
        }

        var punct = Lacks(text, "end", "finish") ? Match.Empty : EndPunctuationRegex.Match(text);
        if (punct.Success)
        {
            var p = punct.Groups["p"].Value.ToLowerInvariant();
            var mark = p.StartsWith("question", StringComparison.Ordinal) ? "?" : p.StartsWith("exclamation", StringComparison.Ordinal) ? "!" : p == "ellipsis" ? "..." : ".";
            found.Add(new Constraint(EndingPunctuation, new ConstraintArgs { Punctuation = mark }));
        }
    }

    private static void AddOwnCount(List<Constraint> found, string id, Quantity q, Func<string, int, ConstraintArgs> make)
    {
        switch (q.Bound)
        {
            case Bound.AtLeast: found.Add(new Constraint(id, make(Relation.AtLeast, q.N))); break;
            case Bound.MoreThan: found.Add(new Constraint(id, make(Relation.MoreThan, q.N))); break;
            case Bound.LessThan: found.Add(new Constraint(id, make(Relation.LessThan, q.N))); break;
            case Bound.AtMost: found.Add(new Constraint(id, make(Relation.AtMost, q.N))); break;
            case Bound.Exactly: found.Add(new Constraint(id, make(Relation.Exactly, q.N))); break;
            case Bound.Range:
                found.Add(new Constraint(id, make(Relation.AtLeast, q.N)));
                found.Add(new Constraint(id, make(Relation.AtMost, q.M)));
                break;
        }
    }
}
