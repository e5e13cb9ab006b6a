using System.Text.RegularExpressions;
using static RewardEngine.Verifiers.Constraints.InstructionIds;
using static RewardEngine.Verifiers.Constraints.PhraseGrammar;

namespace RewardEngine.Verifiers.Constraints;

// Word-level constraints: keywords to include, forbidden words, keyword and letter frequencies, language,
// the repeated request, and the engine's own kinds.
public sealed partial class ConstraintParser
{
    /// <summary>A count of occurrences: "at least 3 times", "twice", "less than twice", "3 to 5 times", "once or less".</summary>
    private const string TimesQuantity =
        @"(?:" + Prefix + @"\s+)?(?:(?<n1>" + Number + @")(?:\s*(?:-|to|or)\s*(?<n2>" + Number + @"))?" + Suffix + @"?\s*(?:times?\b|x\b)|(?<once>once|twice|thrice))" + Suffix + "?";

    private static Quantity ReadTimesQuantity(Match m)
    {
        if (m.Groups["once"].Success)
        {
            var n = ReadTimesWord(m.Groups["once"].Value);
            var q = m.Groups["ge"].Success || m.Groups["sge"].Success ? new Quantity(Bound.AtLeast, n)
                : m.Groups["gt"].Success ? new Quantity(Bound.MoreThan, n)
                : m.Groups["lt"].Success ? new Quantity(Bound.LessThan, n)
                : m.Groups["le"].Success || m.Groups["sle"].Success ? new Quantity(Bound.AtMost, n)
                : new Quantity(Bound.Exactly, n);
            return q;
        }
        return ReadQuantity(m);
    }

    // ---- letters ----

    private static readonly Regex LetterRegex = R(@"\b(?:the\s+)?(?:letter|character)\s+[""']?(?<l>[a-z])[""']?(?![\w'])");
    private const string Symbols = @"(?<sym>exclamation\s+(?:marks?|points?)|question\s+marks?|hashtags?|hash\s+tags?|semicolons?|colons?|dollar\s+signs?|at\s+signs?|ampersands?)\b";
    private static readonly Regex SymbolNameRegex = R(Symbols);
    private static readonly Regex NoSymbolRegex = R(@"(?:\b(?:avoid|without|no|never\s+use|refrain\s+from(?:\s+using)?|do\s+not\s+use|exclude)|n't\s+use)\s+(?:using\s+)?(?:any\s+)?" + Symbols);

    private static string SymbolOf(string sym)
    {
        sym = sym.ToLowerInvariant();
        return sym.StartsWith("exclamation", StringComparison.Ordinal) ? "!" : sym.StartsWith("question", StringComparison.Ordinal) ? "?"
            : sym.StartsWith("hash", StringComparison.Ordinal) ? "#" : sym.StartsWith("semicolon", StringComparison.Ordinal) ? ";"
            : sym.StartsWith("colon", StringComparison.Ordinal) ? ":" : sym.StartsWith("dollar", StringComparison.Ordinal) ? "$"
            : sym.StartsWith("at", StringComparison.Ordinal) ? "@" : "&";
    }

    private static readonly Regex SymbolCountRegex = R(@"(?<![\w*])" + QuantityPattern + @"\s+(?<sym>exclamation\s+(?:marks?|points?)|question\s+marks?|hashtags?|hash\s+tags?|semicolons?|colons?|dollar\s+signs?|at\s+signs?|ampersands?)\b");

    private static void ParseLetterFrequency(string text, List<Constraint> found)
    {
        if (Lacks(text, "letter", "character", "exclamation", "question", "hash", "colon", "dollar", "sign", "ampersand")) return;
        foreach (Match m in Lacks(text, "letter", "character") ? (IEnumerable<Match>)[] : LetterRegex.Matches(text))
        {
            var clause = ClauseAround(text, m.Index, m.Length);
            var letter = m.Groups["l"].Value.ToLowerInvariant();
            var local = clause[Math.Max(0, clause.IndexOf(m.Value, StringComparison.Ordinal))..];
            var times = R(TimesQuantity).Match(local);
            if (!times.Success) times = R(TimesQuantity).Match(clause);
            var negated = NegatedBefore(text, m.Index, 45);
            if (times.Success)
            {
                var q = ReadTimesQuantity(times);
                // "avoid using the letter i more than twice": at most two.
                if (negated && q.Bound == Bound.MoreThan) q = q with { Bound = Bound.AtMost };
                foreach (var (rel, n) in q.ToIfEval())
                    found.Add(new Constraint(LetterFrequency, new ConstraintArgs { Letter = letter, LetFrequency = n, LetRelation = rel }));
            }
            else if (negated || Regex.IsMatch(clause, @"\b(?:whatsoever|at\s+all|anywhere)\b", Opts) && NegationRegex().IsMatch(clause))
                found.Add(new Constraint(LetterFrequency, new ConstraintArgs { Letter = letter, LetFrequency = 1, LetRelation = Relation.LessThan }));
            // A letter named without a count or a negation ("use the letter o as a keyword") is no constraint.
        }
        // Both symbol patterns end in a symbol's name: a text naming none ("question" but no "question mark") is done.
        if (!SymbolNameRegex.IsMatch(text)) return;
        foreach (Match m in NoSymbolRegex.Matches(text))
            found.Add(new Constraint(LetterFrequency, new ConstraintArgs { Letter = SymbolOf(m.Groups["sym"].Value), LetFrequency = 1, LetRelation = Relation.LessThan }));
        foreach (Match m in SymbolCountRegex.Matches(text))
        {
            var letter = SymbolOf(m.Groups["sym"].Value);
            foreach (var (rel, n) in ReadQuantity(m).ToIfEval())
                found.Add(new Constraint(LetterFrequency, new ConstraintArgs { Letter = letter, LetFrequency = n, LetRelation = rel }));
        }
    }

    // ---- capitalised words ----

    private const string CapsWords = @"(?:words?|phrases?)\s+(?:\w+\s+){0,2}?(?:with|in|be\s+in|written\s+in|that\s+are\s+in|are\s+in)\s+(?:all[\s-]+)?(?:capital(?:ized)?\s+letters|capitals|caps|upper\s*-?case(?:\s+letters)?)|all[\s-]caps\s+words|capitali[sz]ed\s+words|words\s+with\s+capital\s+letters";

    private static readonly Regex CapsCountAfterRegex = R(@"(?:" + CapsWords + @")(?<mid>[^.\n]{0,60}?)(?:" + TimesQuantity + @"|(?<bare>" + QuantityPattern + @")(?!\s*\w))");
    private static readonly Regex CapsCountBeforeRegex = R(@"(?<![\w*])" + QuantityPattern + @"\s+(?:(?:such\s+)?capitali[sz]ed\s+words|(?:words?|phrases?)(?:\s+or\s+phrases)?\s+(?:\w+\s+){0,3}?(?:(?:should|must|will)\s+)?(?:with|in|be\s+in|written\s+in|that\s+are\s+in|are\s+in|be\s+written\s+in)\s+(?:all[\s-]+)?(?:capital\s+letters|capitals|caps|upper\s*-?case))");

    private static void ParseCapitalWords(string text, List<Constraint> found)
    {
        if (Lacks(text, "capital", "caps", "upper")) return;
        var quantities = new List<Quantity>();
        foreach (Match m in CapsCountBeforeRegex.Matches(text)) quantities.Add(ReadQuantity(m));
        foreach (Match m in CapsCountAfterRegex.Matches(text))
        {
            if (quantities.Count > 0 && m.Groups["bare"].Success) continue;
            quantities.Add(m.Groups["once"].Success || m.Value.Contains("time", StringComparison.OrdinalIgnoreCase) ? ReadTimesQuantity(m) : ReadQuantity(m));
        }
        var limitTo = R(@"\blimit\s+the\s+number\s+of\s+(?:" + CapsWords + @")\s+to\s+" + QuantityPattern).Match(text);
        if (limitTo.Success && quantities.Count == 0) quantities.Add(ReadQuantity(limitTo));
        var hasUpperBound = quantities.Any(q => q.Bound is Bound.LessThan or Bound.AtMost);
        // "Use (some) words in all caps ..., but fewer than 10": an upper bound plus "use some" means at least one.
        if (hasUpperBound && !quantities.Any(q => q.Bound is Bound.AtLeast or Bound.MoreThan or Bound.Range)
            && R(@"\b(?:use|include|add)\s+(?:some|a\s+few|several)?\s*(?:words?|phrases?)\s+(?:with|in)\s+(?:all\s+)?(?:capital|caps)").IsMatch(text))
            quantities.Add(new Quantity(Bound.AtLeast, 1));
        foreach (var q in quantities)
            foreach (var (rel, n) in q.ToIfEval())
                found.Add(new Constraint(CapitalWordFrequency, new ConstraintArgs { CapitalFrequency = n, CapitalRelation = rel }));
    }

    // ---- keywords ----

    /// <summary>A quoted keyword in a list: "x", 'x' (an apostrophe inside stays: 'farmer's market').</summary>
    private const string QuotedItem = @"(?:""[^""\n]+""|'[^'\n]+')";

    /// <summary>A keyword in a list: quoted, or one bare word.</summary>
    private const string ListItem = @"(?:""[^""\n]+""|'[^'\n]+'|[\w-]+)";

    /// <summary>Keywords named in a row: "x", "'x' and 'y'", "x as well as 'y'".</summary>
    private const string NamedWords = ListItem + @"(?:\s*(?:,|and|as\s+well\s+as)\s*" + ListItem + @"){0,5}";

    private static Regex MixedListRegex => R(@"^" + ListItem + @"(?:\s*(?:,|and|or|nor|as\s+well\s+as)\s*" + ListItem + @"){1,5}$");

    private const string WordNoun = @"(?:key\s*-?words?|words?|terms?|phrases?|names?|items?|tokens?)\b";
    private static readonly Regex KeywordFrequencyRegex = R(
        @"\b(?:the\s+)?(?:key\s*-?word|word|term|name|phrase)\s+(?<w>""[^""\n]+""|'[^'\n]+'|[\w-]+)\s+(?:should|must|needs?\s+to|has\s+to|is\s+to|can|may|will|to)?\s*(?:only\s+)?(?:appears?|be\s+used|be\s+mentioned|be\s+included|be\s+repeated|occurs?|show\s+up|shows\s+up|is\s+used|is\s+mentioned|be\s+written|used|mentioned|repeated)\s+(?:(?:in\s+(?:your|the)\s+(?:\w+\s+){0,2}?|throughout\s+(?:\w+\s+){0,3}?)?)?(?:for\s+)?(?<tq>" + TimesQuantity + @")" +
        @"|\b(?:use|using|uses|include|includes|including|mention|mentions|mentioning|say|repeat|write|contain|contains|containing|has|have)\s+(?:the\s+)?(?:key\s*-?word|word|term|name|phrase)?\s*(?<w2>""[^""\n]+""|'[^'\n]+'|[\w-]+)\s+(?:for\s+|in\s+(?:your|the)\s+\w+\s+)?(?<tq2>" + TimesQuantity + @")" +
        @"|(?:,\s*|\band\s+)(?:also\s+)?the\s+(?:key\s*-?word|word|term)\s+(?<w2>""[^""\n]+""|'[^'\n]+'|[\w-]+)\s+(?:for\s+)?(?<tq2>" + TimesQuantity + @")" +
        @"|\b(?:sure|ensure|that)\s+(?<w2>""[^""\n]+""|'[^'\n]+')\s+(?:shows?\s+up|appears?|occurs?|is\s+(?:used|mentioned))\s+(?<tq2>" + TimesQuantity + @")");

    private static readonly Regex KeywordIncludeRegex = R(
        @"\b(?:include|includes|including|included|contain|contains|containing|use|uses|using|mention|mentions|mentioning|incorporate|incorporating|feature|featuring|add|has|have|having)\s+(?:all\s+(?:of\s+)?)?(?:the\s+|these\s+|following\s+|some\s+)*(?:specific\s+)?" + WordNoun + @"\s*(?:below|such\s+as|like)?\s*:?\s*(?<list>[^.;\n]+)" +
        @"|\b(?:include|includes|including|mention|mentions|contain|contains|incorporate|use|using|uses)\s+(?:both\s+|all\s+of\s+|each\s+of\s+)?(?<list>" + QuotedItem + @"(?:\s*(?:,|and|or|as\s+well\s+as)\s*" + QuotedItem + @")*)" +
        @"|\bmake\s+sure\s+to\s+include\s+these\s+items\s*:\s*(?<list>[^.;\n]+)" +
        @"|\bwith\s+(?:these|the\s+following)\s+" + WordNoun + @"\s*:?\s*(?<list>[^.;\n]+)" +
        @"|\binclude\s+the\s+line\s+(?<list>""[^""\n]+"")" +
        @"|\bwith\s+the\s+(?:key\s*-?word|word|term|phrase)\s+(?<list>""[^""\n]+""|'[^'\n]+')" +
        @"|\bthe\s+(?:key\s*-?word|word|term|phrase)\s+(?<list>""[^""\n]+""|'[^'\n]+')\s+(?:has\s+to|must|should|needs\s+to|will)\s+(?:appear|be\s+(?:used|included|mentioned|present|in\s+(?:it|there|the\s+\w+|your\s+\w+)))");

    // Run only where a presence verb or "work in" and the like occurs.
    private static Regex KeywordNamedRegex => R(
        // "work in the term X", "weave in the words 'a' and 'b'".
        @"\b(?:work|weave|slip|drop|fit|bring)\s+in\s+(?:the\s+)?(?:key\s*-?words?|words?|terms?|phrases?)\s+(?<list>" + NamedWords + @")|" +
        // "make sure the word harvest appears", "the words 'a' and 'b' must both appear": a named word, present.
        // A present tense ("the term X is used because...") describes; it asks only after "make sure", "ensure", ...
        @"\b(?:make\s+sure|ensure|check\s+that|be\s+sure|see\s+(?:to\s+it\s+)?that)\s+(?:that\s+)?the\s+(?:key\s*-?words?|words?|terms?)\s+(?<list>" + NamedWords + @")\s+(?:appears?|(?:is|are)\s+(?:used|included|mentioned|present)|shows?\s+up)\b(?![^.;\n]{0,30}\b(?:times?|once|twice|thrice)\b)" +
        @"|\bthe\s+(?:key\s*-?words?|words?|terms?)\s+(?<list>" + NamedWords + @")\s+(?:has\s+to|have\s+to|must|should|needs?\s+to|will|is\s+to|are\s+to)\s+(?:both\s+|all\s+|each\s+)?(?:appear|be\s+(?:used|included|mentioned|present)|show\s+up)\b(?![^.;\n]{0,30}\b(?:times?|once|twice|thrice)\b)");

    // "Under no circumstances should X appear", "steer clear of X": run only where "circumstances", "clear of" or "away from" occurs.
    private static Regex ForbiddenNamedRegex => R(
        @"\bunder\s+no\s+circumstances\s+(?:should|must|may|can|will|is|are)\s+(?:the\s+(?:key\s*-?words?|words?|terms?)\s+)?(?<list>" + ListItem + @"(?:\s*(?:,|and|or|nor)\s*" + ListItem + @"){0,5})\s+(?:appear|be\s+(?:used|included|mentioned|present|written))\b" +
        @"|\b(?:steer\s+clear\s+of|stay\s+away\s+from|keep\s+away\s+from)\s+(?:using\s+)?(?:(?:the\s+|any\s+)?(?:key\s*-?words?|words?|terms?|phrases?)\s+(?<list>" + NamedWords + @")|(?<list>" + QuotedItem + @"(?:\s*(?:,|and|or)\s*" + QuotedItem + @"){0,5}))");

    private static readonly Regex ForbiddenRegex = R(
        @"(?:\b(?:do\s+not|dont|never|not|cannot|without|avoid|avoiding|exclude|excluding|refrain\s+from)|n't)\s+(?:\w+\s+){0,2}?(?:(?:use|using|uses|include|including|say|saying|mention|mentioning|contain|containing|write|writing|put|add|type|utter)\s+)?(?:any\s+(?:of\s+)?)?(?:the\s+|these\s+|following\s+|negative\s+)*" + WordNoun + @"\s*(?:such\s+as|like)?\s*:?\s*(?<list>[^.;\n]+)" +
        @"|(?:\b(?:do\s+not|never|avoid|exclude)|n't)\s+(?:(?:use|using|include|including|say|saying|mention|mentioning)\s+)?(?<list>""[^""\n]+""(?:\s*(?:,|and|or)\s*""[^""\n]+"")*|'[^'\n]+'(?:\s*(?:,|and|or)\s*'[^'\n]+')*|\[[^\]\n]+\])" +
        @"|(?:\b(?:do\s+not|never)|n't)\s+mention\s+(?<list>[\w-]+(?:\s*(?:,|and|or)\s*[\w-]+){0,5})\s*(?:\bin\b|\bthroughout\b|[.;!?]|$)" +
        @"|\b(?:the\s+)?(?:key\s*-?words?|words?|terms?)\s+(?<list>(?:""[^""\n]+""|'[^'\n]+'|[\w-]+)(?:\s*(?:,|and|or)\s*(?:""[^""\n]+""|'[^'\n]+'|[\w-]+)){0,5})\s+(?:should\s+not|shouldn't|must\s+not|mustn't|cannot|can't|may\s+not|doesn't|does\s+not|do\s+not|are\s+not|is\s+not)\s+(?:be\s+)?(?:appear|used|included|mentioned|be\s+in|in|allowed|present)" +
        @"|\b(?<list>""[^""\n]+""|'[^'\n]+')\s+(?:should\s+not|must\s+not|cannot|can't|may\s+not)\s+(?:appear|be\s+used|be\s+included)");

    private static void ParseKeywords(string text, List<Constraint> found)
    {
        ParseCapitalWords(text, found);
        var counted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in Lacks(text, "time", "x", "once", "twice", "thrice") ? (IEnumerable<Match>)[] : KeywordFrequencyRegex.Matches(text))
        {
            var word = (m.Groups["w"].Success ? m.Groups["w"] : m.Groups["w2"]).Value.Trim('"', '\'');
            if (IsFunctionWord(word) && !m.Groups["w"].Value.StartsWith('"') && !m.Groups["w2"].Value.StartsWith('"')) continue;
            if (Regex.IsMatch(word, @"^(?:letter|character|words?|it|them|this|that)$", Opts)) continue;
            var tq = R(TimesQuantity).Match(m.Groups["tq"].Success ? m.Groups["tq"].Value : m.Groups["tq2"].Value);
            var q = ReadTimesQuantity(tq);
            if (NegatedBefore(text, m.Index, 25) && q.Bound == Bound.MoreThan) q = q with { Bound = Bound.AtMost };
            counted.Add(word);
            if (q.Bound == Bound.Exactly && q.N == 1)
            {
                // "only once": present, and fewer than two.
                found.Add(new Constraint(KeywordsExistence, new ConstraintArgs { Keywords = [word.ToLowerInvariant()] }));
                found.Add(new Constraint(KeywordsFrequency, new ConstraintArgs { Keyword = word.ToLowerInvariant(), Frequency = 2, Relation = Relation.LessThan }));
                continue;
            }
            foreach (var (rel, n) in q.ToIfEval())
                found.Add(new Constraint(KeywordsFrequency, new ConstraintArgs { Keyword = word.ToLowerInvariant(), Frequency = n, Relation = rel }));
        }

        var forbidden = new List<string>();
        var forbidMatches = Lacks(text, "word", "term", "phrase", "name", "item", "token", "mention", "\"", "'", "[") ? (IEnumerable<Match>)[] : ForbiddenRegex.Matches(text);
        if (!Lacks(text, "circumstances", "clear of", "away from")) forbidMatches = forbidMatches.Concat(ForbiddenNamedRegex.Matches(text));
        foreach (Match m in forbidMatches)
        {
            // "no other words should follow", "do not say any words before ...": about position, not vocabulary.
            if (Regex.IsMatch(m.Value, @"\b(?:other|additional|any)\s+words?\b[^""']{0,30}(?:follow|after|before)|\bwords?\s+(?:should\s+)?follow", Opts)) continue;
            // "must not exceed 120 words" bounds a length.
            if (Regex.IsMatch(m.Value, @"(?:\d|\b(?:" + Number + @"))\s+(?:key\s*-?)?words?\b", Opts) && !Regex.IsMatch(m.Groups["list"].Value, "[\"']")) continue;
            var list = CleanList(m.Groups["list"].Value, forbidding: true);
            forbidden.AddRange(list.Where(w => !counted.Contains(w)));
        }
        // "avoid mentioning X" with X quoted.
        foreach (Match m in Lacks(text, "\"", "'") ? (IEnumerable<Match>)[] : R(@"\b(?:avoid|without|refrain\s+from)\s+(?:mentioning|saying|using|writing)\s+(?<list>""[^""\n]+""(?:\s*(?:,|and|or)\s*""[^""\n]+"")*|'[^'\n]+'(?:\s*(?:,|and|or)\s*'[^'\n]+')*)").Matches(text))
            forbidden.AddRange(CleanList(m.Groups["list"].Value, forbidding: true));
        if (forbidden.Count > 0)
            found.Add(new Constraint(ForbiddenWords, new ConstraintArgs { ForbiddenWords = Distinct(forbidden) }));

        var include = new List<string>();
        var includeMatches = Lacks(text, "word", "term", "phrase", "name", "item", "token", "\"", "'") ? (IEnumerable<Match>)[] : KeywordIncludeRegex.Matches(text);
        if (!Lacks(text, "word", "term") && !Lacks(text, "appear", "used", "included", "mentioned", "present", "show", "work in", "weave in", "slip in", "drop in", "fit in", "bring in"))
            includeMatches = includeMatches.Concat(KeywordNamedRegex.Matches(text));
        foreach (Match m in includeMatches)
        {
            if (NegatedBefore(text, m.Index, 20)) continue;
            var span = m.Groups["list"].Value;
            if (Regex.IsMatch(span, @"^\s*(?:with|in|that|which|to|from)\b", Opts)) continue;
            // "start with the word X" and "end with the phrase X" name positions, handled by their own kinds.
            if (Regex.IsMatch(text[Math.Max(0, m.Index - 30)..m.Index], @"\b(?:start|begin|open|end|finish|close|conclude)\w*\s+(?:\w+\s+){0,3}$", Opts)) continue;
            // "include the word X at least twice" is a frequency, not a plain inclusion.
            if (Regex.IsMatch(span, TimesQuantity, Opts) && counted.Count > 0 && !span.Contains(" and ", StringComparison.Ordinal)) continue;
            var list = CleanList(span, forbidding: false).Where(w => !counted.Contains(w) && !forbidden.Contains(w, StringComparer.OrdinalIgnoreCase)).ToList();
            include.AddRange(list);
        }
        foreach (Match m in Lacks(text, "mention") ? (IEnumerable<Match>)[] : R(@"\bmention\s+(?<list>""[^""\n]+""|'[^'\n]+')").Matches(text))
            if (!NegatedBefore(text, m.Index, 20)) include.AddRange(CleanList(m.Groups["list"].Value, forbidding: false).Where(w => !counted.Contains(w)));
        if (include.Count > 0)
            found.Add(new Constraint(KeywordsExistence, new ConstraintArgs { Keywords = Distinct(include) }));
    }

    private static List<string> Distinct(IEnumerable<string> words)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return words.Where(seen.Add).ToList();
    }

    private static bool IsFunctionWord(string w) =>
        Regex.IsMatch(w, @"^(?:a|an|the|it|this|that|them|these|those|your|my|our|its|in|on|at|to|for|of|and|or|be|is|are|any|some|all|each|every|word|words|one|more|less|only|once|twice)$", Opts);

    /// <summary>The keywords of a list span: quoted items, or short bare items (at most three words each).</summary>
    private static List<string> CleanList(string span, bool forbidding)
    {
        // Stop at the clause's tail: "in your response", "throughout", "at least", "and should not...".
        var cut = Regex.Match(span, @"\s+(?:in\s+(?:your|the|this|my)\b|throughout\b|anywhere\b|somewhere\b|at\s+all\b|whatsoever\b|entirely\b|altogether\b|completely\b|at\s+any\s+point\b|at\s+least\b|at\s+most\b|for\s+(?:at\s+least|more)\b|when\b|while\b|because\b|so\s+that\b|to\s+(?:the|your)\b|but\b|since\b|if\b|and\s+(?:should|must|make|be|use|do|don't|wrap|have|it|the|your|also|is|are)\b|,\s*(?:and\s+)?(?:but|also|while|make|please)\b|(?:,\s*)?(?:etc)\b|-\s)", Opts);
        if (cut.Success && !(span.TrimStart().StartsWith('"') && cut.Index < span.LastIndexOf('"'))) span = span[..cut.Index];
        var items = ReadWordList(span);
        var quoted = Regex.IsMatch(span, "[\"']");
        // "very or 'really'": a list that quotes some items and not others keeps its bare one-word items too.
        if (quoted && MixedListRegex.IsMatch(span.Trim()))
            items.AddRange(Regex.Replace(span, QuotedItem, ",").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries)
                .Where(w => !Regex.IsMatch(w, @"^(?:and|or|nor|as|well)$", Opts) && !IsFunctionWord(w)));
        return items
            .Select(i => i.Trim().Trim('"', '\'', '*'))
            .Where(i => i.Length > 0 && i.Length <= 40 && i.Any(char.IsLetterOrDigit))
            .Where(i => quoted || i.Split(' ').Length <= 2)
            .Where(i => quoted || !IsFunctionWord(i))
            .Where(i => quoted || !Regex.IsMatch(i, @"^(?:commas?|letters?|capital|capitals|words?|keywords?|characters?|anything|any|response|answer|lowercase|uppercase|it|word\s+\w+)$", Opts))
            .ToList();
    }

    // ---- language ----

    private static readonly Dictionary<string, string> LanguageCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["English"] = "en", ["Spanish"] = "es", ["Portuguese"] = "pt", ["Arabic"] = "ar", ["Hindi"] = "hi",
        ["French"] = "fr", ["Russian"] = "ru", ["German"] = "de", ["Japanese"] = "ja", ["Italian"] = "it",
        ["Bengali"] = "bn", ["Ukrainian"] = "uk", ["Thai"] = "th", ["Urdu"] = "ur", ["Tamil"] = "ta",
        ["Telugu"] = "te", ["Bulgarian"] = "bg", ["Korean"] = "ko", ["Polish"] = "pl", ["Hebrew"] = "he",
        ["Persian"] = "fa", ["Farsi"] = "fa", ["Vietnamese"] = "vi", ["Nepali"] = "ne", ["Swahili"] = "sw",
        ["Kannada"] = "kn", ["Marathi"] = "mr", ["Gujarati"] = "gu", ["Punjabi"] = "pa", ["Malayalam"] = "ml",
        ["Finnish"] = "fi", ["Chinese"] = "zh", ["Mandarin"] = "zh", ["Dutch"] = "nl", ["Swedish"] = "sv",
        ["Turkish"] = "tr", ["Greek"] = "el", ["Czech"] = "cs", ["Danish"] = "da", ["Indonesian"] = "id",
        ["Romanian"] = "ro", ["Hungarian"] = "hu", ["Norwegian"] = "nb", ["Malay"] = "ms", ["Tagalog"] = "tl",
        ["Catalan"] = "ca", ["Croatian"] = "hr", ["Serbian"] = "sr", ["Slovak"] = "sk", ["Slovenian"] = "sl",
        ["Latin"] = "la", ["Welsh"] = "cy", ["Irish"] = "ga", ["Afrikaans"] = "af", ["Zulu"] = "zu",
    };

    private static readonly Regex LanguageRegex = R(@"\b(?<lang>" + string.Join('|', LanguageCodes.Keys) + @")\b");

    private static void ParseLanguage(string text, List<Constraint> found)
    {
        foreach (Match m in LanguageRegex.Matches(text))
        {
            var clause = ClauseAround(text, m.Index, m.Length);
            var lang = m.Groups["lang"].Value;
            // An ignore-case match can hold a character outside ASCII that folds to a name's letter (the Kelvin sign
            // for 'k'): the dictionary's ordinal comparison knows only the ASCII cases, so look the folded name up.
            if (!LanguageCodes.TryGetValue(lang, out var code) && !LanguageCodes.TryGetValue(lang.ToLowerInvariant(), out code)) continue;
            var l = Regex.Escape(lang);
            // Someone who speaks or studies a language says nothing about the response's language.
            if (Regex.IsMatch(text[Math.Max(0, m.Index - 30)..m.Index], @"\b(?:speaks?|spoke|speaking|knows?|studies|studying|learn\w*|translat\w*\s+(?:\w+\s+){0,6}(?:from|into)?)\s+(?:only\s+|both\s+)?(?:\w+\s+and\s+)?(?:the\s+)?$", Opts)) continue;
            var directive =
                Regex.IsMatch(clause, @"no\s+other\s+language", Opts)
                || Regex.IsMatch(clause, @"\b(?:only|entirely|solely|exclusively|completely|fully|wholly)\s+(?:in\s+|using\s+)?(?:the\s+)?" + l + @"\b", Opts)
                || Regex.IsMatch(clause, @"\b" + l + @"(?:\s+language)?\s+only\b", Opts)
                || Regex.IsMatch(clause, @"\b(?:use|using)\s+(?:only\s+)?(?:the\s+)?" + l + @"\b", Opts)
                || Regex.IsMatch(clause, @"\b(?:respond|response|reply|answer|write|written|writing|output|text|it|poem|story|essay|letter)\w*\b(?:\s+\S+){0,5}?\s+(?:in|into)\s+(?:the\s+)?" + l + @"\b(?!\s+(?:history|culture|food|cuisine|style|people|words?))", Opts)
                    && !Regex.IsMatch(clause, @"\btranslat", Opts);
            if (!directive) continue;
            // English scope usually comes with a case rule ("in English and all capital letters"), which says it.
            if (code == "en" && (!Regex.IsMatch(clause, @"no\s+other\s+language", Opts) || Regex.IsMatch(clause, @"capital|lower\s*case|caps", Opts))) continue;
            found.Add(new Constraint(InstructionIds.ResponseLanguage, new ConstraintArgs { Language = code }));
            return;
        }
    }

    // ---- repeat the request ----

    private static readonly Regex RepeatRegex = R(
        @"\b(?:repeat|repleat|restate|copy)\b[^\n]{0,60}?\b(?:request|sentence|question|prompt|instruction|line|query|task|text|it|everything|input)\b|\bword\s+(?:for|by)\s+word\b[^\n]{0,30}\brepeat|\brepeat\s+""");

    /// <summary>The request to repeat, when <paramref name="instruction"/> asks for it to be repeated first; else null.</summary>
    public static string? RepeatedRequest(string instruction) => FindRepeatPrompt(instruction);

    private static string? FindRepeatPrompt(string instruction)
    {
        var lines = instruction.Replace("\r\n", "\n").Split('\n');
        int first = Array.FindIndex(lines, l => RepeatRegex.IsMatch(l));
        if (first < 0) return null;
        var before = string.Join('\n', lines[..first]).Trim();
        var isFirstBlock = before.Length == 0;
        // A quoted request inside the instruction line: 'First, repeat "..." word for word'.
        var quoted = Regex.Match(lines[first], @"\brepeat\s+""(?<q>[^""]+)""", Opts);
        if (quoted.Success && before.Length == 0) return quoted.Groups["q"].Value.Trim();
        if (!isFirstBlock && !Regex.IsMatch(lines[first], @"\bbelow\b", Opts)) return before;
        // The instruction comes first: the request is what follows its block (up to the first blank line).
        int end = first;
        while (end + 1 < lines.Length && lines[end + 1].Trim().Length > 0) end++;
        var after = string.Join('\n', lines[(end + 1)..]).Trim();
        if (after.Length > 0) return after;
        // Instruction and request on one line: the sentences after the repeat instruction.
        var line = lines[first];
        var parts = Regex.Split(line, @"(?<=[.!?])\s+");
        var rest = parts.SkipWhile(p => !RepeatRegex.IsMatch(p)).Skip(1).SkipWhile(p => Regex.IsMatch(p, @"\b(?:repeat|request|say|before|change)\b", Opts));
        var request = string.Join(' ', rest).Trim();
        return request.Length > 0 ? request : null;
    }

    private static string RemoveRepeatInstruction(string instruction)
    {
        var lines = instruction.Replace("\r\n", "\n").Split('\n');
        int first = Array.FindIndex(lines, l => RepeatRegex.IsMatch(l));
        if (first < 0) return instruction;
        int end = first;
        while (end + 1 < lines.Length && lines[end + 1].Trim().Length > 0
               && Regex.IsMatch(lines[end + 1], @"\b(?:repeat\w*|request|before|after\s+you\s+repeated)\b", Opts)) end++;
        return string.Join('\n', lines[..first].Concat(lines[(end + 1)..]));
    }
}
