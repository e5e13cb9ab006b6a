using System.Text.RegularExpressions;
using static RewardEngine.Verifiers.Constraints.InstructionIds;
using static RewardEngine.Verifiers.Constraints.PhraseGrammar;

namespace RewardEngine.Verifiers.Constraints;

// Format constraints: placeholders, postscript, bullets, highlights, sections, fixed answers, JSON, titles,
// two responses, endings, quotation, case, commas.
public sealed partial class ConstraintParser
{
    private static readonly Regex PlaceholderRegex = R(@"(?<![\w*])" + QuantityPattern + @"[ \t-]*" + Adjectives + @"(?:placeholders?|square[\s-]+bracket(?:ed)?\s+placeholders?|fields?\s+in\s+square\s+brackets)\b");

    private static void ParsePlaceholders(string text, List<Constraint> found)
    {
        if (Lacks(text, "placeholder", "field")) return;
        foreach (Match m in PlaceholderRegex.Matches(text))
        {
            var q = ReadQuantity(m);
            found.Add(new Constraint(NumberPlaceholders, new ConstraintArgs { NumPlaceholders = q.N }));
            return;
        }
        if (Regex.IsMatch(text, @"\bplaceholders?\b[^.\n]{0,60}square\s+brackets|square\s+brackets[^.\n]{0,40}\bplaceholders?\b", Opts))
            found.Add(new Constraint(NumberPlaceholders, new ConstraintArgs { NumPlaceholders = 1 }));
    }

    private static readonly Regex PostscriptRegex = R(
        @"(?:post\s*-?\s*script|\bnote|\bP\.\s?S\.)[^\n]{0,60}?(?:start\w*|begin\w*|indicated|marked|prefixed|denoted|labell?ed|that\s+starts|which\s+starts)\s+(?:with|by)\s+(?:the\s+)?[""']?(?:(?<m>P\.\s?P\.\s?S\.?|P\.\s?S\.?)|[""'](?<m>[^""'\n]{1,20})[""'])" +
        @"|\b(?:an?\s+|the\s+)?(?<m>P\.\s?P\.\s?S\.?|P\.\s?S\.?)(?=\s+(?:at\s+the\s+(?:very\s+)?end|to\s+the\s+end|after|below))");

    // "finish with a P.S. note", "add a P.P.S": the marker named as the thing to add (run only where "P.S" occurs).
    private static Regex PostscriptNamedRegex => R(
        @"\b(?:finish|end|close|conclude|sign\s+off|add|include|append|attach)\w*\s+(?:\w+\s+){0,3}?(?:with\s+)?(?:a|an)\s+(?<m>P\.\s?P\.\s?S\.?|P\.\s?S\.?)(?=[\s,;]|$)");

    private static void ParsePostscript(string text, List<Constraint> found)
    {
        if (Lacks(text, "post", "note", "p.")) return;
        var m = PostscriptRegex.Match(text);
        if (!m.Success && Has(text, "p.s")) m = PostscriptNamedRegex.Match(text);
        if (!m.Success) return;
        var raw = m.Groups["m"].Value;
        var compact = Regex.Replace(raw, @"\s", "").ToUpperInvariant();
        string marker = compact.StartsWith("P.P.S", StringComparison.Ordinal) ? "P.P.S"
            : compact.StartsWith("P.S", StringComparison.Ordinal) ? "P.S."
            : raw.Trim();
        found.Add(new Constraint(Postscript, new ConstraintArgs { PostscriptMarker = marker }));
    }

    private static readonly Regex BulletRegex = R(@"(?<![\w*])" + QuantityPattern + @"[ \t-]*" + Adjectives + @"(?:markdown\s+)?(?:bullet(?:ed)?[\s-]*points?|bullets|bullet(?:ed)?\s+(?:items?|list\s+items?)|bulleted\s+items?)\b");

    // "list 3 or more tips as bullets": the count of a list given as bullets.
    private static Regex BulletAsRegex => R(@"(?<![\w*])" + QuantityPattern + @"\s+(?:\w+\s+){0,2}?(?:as|in)\s+(?:markdown\s+)?(?:bullets|bullet(?:ed)?[\s-]*points|a\s+bullet(?:ed)?\s+list)\b");

    private static void ParseBullets(string text, List<Constraint> found)
    {
        if (Lacks(text, "bullet")) return;
        var m = BulletRegex.Match(text);
        if (!m.Success) m = BulletAsRegex.Match(text);
        if (m.Success)
        {
            var q = ReadQuantity(m);
            if (q.Bound == Bound.Exactly) found.Add(new Constraint(NumberBulletLists, new ConstraintArgs { NumBullets = q.N }));
            else
            {
                var (rel, n) = q.Bound switch
                {
                    Bound.AtLeast => (Relation.AtLeast, q.N),
                    Bound.MoreThan => (Relation.MoreThan, q.N),
                    Bound.LessThan => (Relation.LessThan, q.N),
                    Bound.AtMost => (Relation.AtMost, q.N),
                    _ => (Relation.AtLeast, q.N),
                };
                found.Add(new Constraint(BulletCount, new ConstraintArgs { NumBullets = n, Relation = rel }));
                if (q.Bound == Bound.Range) found.Add(new Constraint(BulletCount, new ConstraintArgs { NumBullets = q.M, Relation = Relation.AtMost }));
            }
            return;
        }
        // "List exactly 10 names ... put them into bullet points": the listed count is the bullet count.
        if (Regex.IsMatch(text, @"\bbullet(?:ed)?[\s-]*(?:points?|list)\b", Opts))
        {
            var listed = R(@"\b(?:list|name|give|provide|write)\s+(?:me\s+)?(?:exactly|precisely)\s+(?<n1>" + Number + @")\b").Match(text);
            if (listed.Success) found.Add(new Constraint(NumberBulletLists, new ConstraintArgs { NumBullets = ParseNumber(listed.Groups["n1"].Value) }));
        }
    }

    private static readonly Regex HighlightVerbRegex = R(@"\b(?:highlight\w*|italici[sz]\w*|italic|bold\w*|emphasi[sz]\w*)\b");
    private static readonly Regex HighlightCountRegex = R(@"(?<![\w*])" + QuantityPattern + @"[ \t-]*" + Adjectives + @"(?:of\s+(?:your|the)\s+(?:\w+\s+){0,2}?)?(?:[a-z]+\s+)?(?:sections?|parts?|phrases?|words?(?:\s+or\s+phrases)?|keywords?|spans?|names?|text\s+(?:sections?|parts?|phrases?)|italic\s+text\s+(?:sections?|phrases?|parts?)|(?:italic|highlighted)\s+(?:sections?|phrases?|parts?|text)|(?:key\s+)?points?|items?|sentences?|lines?|terms?)\b");

    private static void ParseHighlights(string text, List<Constraint> found)
    {
        if (Lacks(text, "highlight", "italic", "bold", "emphasi")) return;
        foreach (Match verb in HighlightVerbRegex.Matches(text))
        {
            var clause = ClauseAround(text, verb.Index, verb.Length);
            // "use words in all capital letters to highlight key points" counts capitals, not markdown highlights.
            if (Regex.IsMatch(clause, @"capital|\bcaps\b|upper\s*case", Opts)) continue;
            // A count in the same clause: "highlight at least 3 sections", "at least 15 sections should be highlighted".
            var count = HighlightCountRegex.Match(clause);
            if (count.Success)
            {
                found.Add(new Constraint(NumberHighlightedSections, new ConstraintArgs { NumHighlights = ReadQuantity(count).N }));
                return;
            }
            var times = R(@"\b" + Times).Match(clause);
            if (times.Success)
            {
                found.Add(new Constraint(NumberHighlightedSections, new ConstraintArgs { NumHighlights = times.Groups["tn"].Success ? ParseNumber(times.Groups["tn"].Value) : ReadTimesWord(times.Value) }));
                return;
            }
            // Unnumbered markdown highlighting ("highlight some key parts, like *this*"): at least one.
            if (Regex.IsMatch(clause, @"\*[^*\s][^*\n]*\*|\bmarkdown\b|\bsome\b|\basterisk|\bwrapping\b", Opts)
                && !Regex.IsMatch(clause, @"\bbullet|<<|double\s+angular", Opts))
            {
                found.Add(new Constraint(NumberHighlightedSections, new ConstraintArgs { NumHighlights = 1 }));
                return;
            }
        }
    }

    private static int ReadTimesWord(string s) =>
        s.StartsWith("once", StringComparison.OrdinalIgnoreCase) ? 1 : s.StartsWith("twice", StringComparison.OrdinalIgnoreCase) ? 2 : 3;

    private static readonly Regex SectionMarkerRegex = new(
        @"(?<![\w*])[""']?(?<s>SECTION|Section|PARAGRAPH|Paragraph|PART|Part|CHAPTER|Chapter|Day|DAY|Audience|AUDIENCE|Step|STEP|Scene|SCENE|Stanza|STANZA|Verse|VERSE)\s+(?:X|\{?N\}?|#)(?![\w])[""']?" +
        @"|\((?<s>Section|SECTION|Part|PART|Chapter)\s+1\s+and\s+\k<s>\s+2\)" +
        @"|[""']?(?<s>Audience|AUDIENCE|Section|SECTION|Part|PART|Chapter|CHAPTER|Day|DAY)\s+1[""']?\s*(?:,|and|&)\s*[""']?\k<s>\s+2",
        RegexOptions.CultureInvariant);

    private static readonly Regex SectionCountRegex = R(@"(?<![\w*])" + QuantityPattern + @"[ \t-]*" + Adjectives + @"(?<unit>sections?|paragraphs?|parts?|chapters?|days?|steps?|scenes?|stanzas?|verses?|advertisements?|versions?)\b");

    private static void ParseSections(string text, List<Constraint> found)
    {
        if (Lacks(text, "section", "paragraph", "part", "chapter", "day", "audience", "step", "scene", "stanza", "verse")) return;
        var marker = SectionMarkerRegex.Match(text);
        if (!marker.Success) return;
        var splitter = marker.Groups["s"].Value;
        // The count nearest the marker, preferring one whose unit names the sections.
        var counts = SectionCountRegex.Matches(text).Cast<Match>()
            .Where(m => !HighlightContext(text, m.Index))
            .OrderBy(m => Math.Abs(m.Index - marker.Index))
            .ToList();
        int? n = null;
        var exact = counts.FirstOrDefault(m => m.Groups["unit"].Value.StartsWith(splitter.ToLowerInvariant()[..Math.Min(4, splitter.Length)], StringComparison.OrdinalIgnoreCase))
            ?? counts.FirstOrDefault(m => Regex.IsMatch(m.Groups["unit"].Value, "^(?:section|part|paragraph|chapter)", Opts));
        if (exact is not null) n = ReadQuantity(exact).N;
        else if (Regex.IsMatch(marker.Value, @"1\s+and\s+\w+\s+2")) n = 2;
        else if (counts.Count > 0) n = ReadQuantity(counts[0]).N;
        var listed = Regex.Match(text, @"where\s+X\s+is\s+(?<list>\d+(?:\s*,\s*\d+)*(?:\s*,?\s*(?:and|or)\s*\d+)?)", Opts);
        if (n is null && listed.Success) n = Regex.Matches(listed.Groups["list"].Value, @"\d+").Count;
        if (n is null) return;
        found.Add(new Constraint(MultipleSections, new ConstraintArgs { SectionSpliter = splitter, NumSections = n }));
    }

    private static void ParseConstrainedResponse(string text, List<Constraint> found)
    {
        if (Lacks(text, "my answer is")) return;
        var options = Regex.Matches(text, @"My answer is (?:yes|no|maybe)\.?", RegexOptions.IgnoreCase).Count;
        if (options >= 2) found.Add(new Constraint(ConstrainedResponse));
    }

    private static void ParseJson(string text, List<Constraint> found)
    {
        if (Lacks(text, "json")) return;
        foreach (Match m in Regex.Matches(text, @"\bJSON\b", Opts))
        {
            var clause = ClauseAround(text, m.Index, m.Length);
            if (Regex.IsMatch(clause, @"\bkeywords?\b[^.]*\bJSON\b", Opts) && !Regex.IsMatch(clause, @"\bin\s+JSON\b", Opts)) continue;
            // JSON that a program reads or writes ("a script that saves a dictionary in JSON format") is data the
            // answer talks about, not the answer's format.
            if (Regex.IsMatch(clause, @"\b(?:script|code|program|function|parse[sd]?|parsing|loads?|saves?|reads?|writes?\s+(?:it\s+)?to|convert\w*|api|endpoint|dictionar\w*|file)\b", Opts)
                && !Regex.IsMatch(clause, @"\b(?:entire|whole|your\s+(?:response|answer|reply|output)|output\s+(?:should|must)|respond|reply)\b", Opts)) continue;
            if (Regex.IsMatch(clause, @"\b(?:format|block|object|output|response|answer|wrap\w*|entire\w*|in\s+JSON|as\s+JSON|use\s+JSON|using\s+JSON|into\s+(?:a\s+|one\s+)?JSON|JSON\s+code|valid\s+JSON|JSON\s+only|only\s+JSON)\b", Opts)
                || Regex.IsMatch(clause, @"\b(?:in|as|into|with|use|using|return|give|provide|write|output|respond)\b[^.]{0,25}\bJSON\b", Opts))
            {
                found.Add(new Constraint(JsonFormat));
                return;
            }
        }
    }

    private static void ParseTitle(string text, List<Constraint> found)
    {
        if (Lacks(text, "<<", "angular", "angle", "chevron")) return;
        if (Regex.IsMatch(text, @"<<[^<>\n]+>>|double\s+angular\s+brackets|double\s+angle\s+brackets|angular\s+brackets|double\s+chevrons", Opts))
            found.Add(new Constraint(Title));
    }

    private static void ParseTwoResponses(string text, List<Constraint> found)
    {
        if (Lacks(text, "******", "asterisk", "different")) return;
        if (Regex.IsMatch(text, @"(?<!\*)\*{6,7}(?!\*)|\b(?:6|six)\s+asterisks?\b|\b(?:6|six)\s+asterisk\s+(?:symbols?|marks?)", Opts)
            || Regex.IsMatch(text, @"\b(?:exactly\s+)?two\s+different\s+(?:responses|answers|versions)\b", Opts) && Regex.IsMatch(text, @"separat", Opts))
            found.Add(new Constraint(TwoResponses));
    }

    // "end your response with (the exact phrase) X", "finish it with: X", "the very last sentence should be X".
    private static readonly Regex EndRegex = R(
        @"(?:\b(?:end|finish|conclude|close|wrap\s+up)(?:s|ed|ing)?\s+(?:(?:your|the|it|this|each|with|whole|entire|very|of|that|my)\s+|(?!with\b|start\w*\b|begin\w*\b)\w+\s+){0,4}?with\b\s*(?:(?:this|the|a|an|that)\s+)?(?:exact(?:ly)?\s+|following\s+|same\s+|specific\s+|precise\s+)*(?<kind>phrase|sentence|question(?!\s+mark)|words?|line|statement|quote|text|greeting|sign[\s-]?off)?\s*(?:of\s+)?(?<colon>:)?\s*(?:exactly\s+)?" +
        @"|\b(?:very\s+)?(?:last|final)\s+(?:sentence|line|words?|phrase)\s+(?:of\s+(?:your|the)\s+(?:\w+\s+){0,2})?(?:(?:must|should|has\s+to|needs\s+to|will)\s+(?:be|read)|are|is|reads?)\s*(?<colon>:)?\s*(?:exactly\s+)?(?:like\s*:?\s*)?" +
        @"|\bvery\s+end\s+of\s+(?:your\s+|the\s+)?(?:entire\s+|whole\s+)?(?:response|answer|reply|output)\s+(?:must|should)\s+(?:read|be)\s*(?:exactly\s+)?(?:like\s*)?(?<colon>:)?\s*)" +
        @"(?<p>""[^""\n]+""|'[^'\n]{2,}'|[^\n]+)");

    private static void ParseEnd(string text, List<Constraint> found)
    {
        if (Lacks(text, "end", "finish", "conclud", "close", "wrap", "last", "final")) return;
        foreach (Match m in EndRegex.Matches(text))
        {
            var raw = m.Groups["p"].Value.Trim();
            string? phrase;
            if (raw.StartsWith('"') || raw.StartsWith('\''))
                phrase = raw[1..^1].Trim();
            else if (m.Groups["kind"].Success || m.Groups["colon"].Success || !m.Value.Contains("with", StringComparison.OrdinalIgnoreCase))
            {
                // Unquoted: up to the first sentence end (or the next line after a colon and a blank line).
                if (raw.Length == 0 || m.Groups["colon"].Success && raw.Length == 0) continue;
                var end = Regex.Match(raw, @"^.*?[.!?](?=\s|$)");
                phrase = (end.Success ? end.Value : raw).Trim();
            }
            else continue;
            if (phrase.Length == 0 && m.Groups["colon"].Success)
            {
                var next = Regex.Match(text[(m.Index + m.Length - m.Groups["p"].Length)..], @"^\s*\n+\s*(?<line>[^\n]+)");
                phrase = next.Success ? next.Groups["line"].Value.Trim() : null;
            }
            if (string.IsNullOrEmpty(phrase) || !phrase.Any(char.IsLetterOrDigit)) continue;
            if (Regex.IsMatch(phrase, @"^(?:a\s+|an\s+|the\s+)?(?:post\s*script|P\.|question\s+mark|exclamation|period|full\s+stop)", Opts)) continue;
            found.Add(new Constraint(EndChecker, new ConstraintArgs { EndPhrase = phrase }));
            return;
        }
        // "Finish the song with:\n\nPeace!"
        var colon = R(@"\b(?:end|finish|conclude)\w*\s+(?:\w+\s+){0,3}?with\s*:\s*\n+\s*(?<line>[^\n]+)").Match(text);
        if (colon.Success) found.Add(new Constraint(EndChecker, new ConstraintArgs { EndPhrase = colon.Groups["line"].Value.Trim() }));
    }

    private static void ParseQuotation(string text, List<Constraint> found)
    {
        if (Lacks(text, "quot")) return;
        foreach (Match m in Regex.Matches(text, @"double[\s-]+quot\w*(?:\s+marks?)?|double\s+quotes|quotation\s+marks|\bin\s+quotes\b", Opts))
        {
            var clause = ClauseAround(text, m.Index, m.Length);
            if (Regex.IsMatch(clause, @"\b(?:single|each|every)\s+(?:quot|word|sentence|line|item|title|name)", Opts)) continue;
            if (Regex.IsMatch(clause, @"\b(?:wrap\w*|enclos\w*|put\w*|surround\w*|around|within|inside|in|placed|between)\b", Opts)
                && Regex.IsMatch(clause, @"\b(?:entire|whole|all|full|response|answer|reply|output|everything)\b", Opts))
            {
                found.Add(new Constraint(Quotation));
                return;
            }
        }
    }

    private static readonly Regex AllCapsRegex = R(@"\b(?:in\s+)?all\s+(?:capital(?:ized|s)?|caps|upper\s*-?case)(?:\s+letters)?\b|\ball[\s-]caps\b|\bcapitali[sz]e\s+(?:all|every|each)\s+(?:of\s+)?(?:your\s+|the\s+)?(?:words?|letters?)|\bonly\s+(?:use\s+)?(?:capital|upper\s*-?case)\s+letters|\b(?:all\s+)?(?:the\s+)?letters\s+(?:in\s+your\s+(?:entire\s+)?\w+\s+)?(?:should|must)\s+be\s+capitali[sz]ed|\bno\s+lowercase\s+letters|\bcapital\s+letters\s+only|\buppercase\s+(?:letters\s+)?only|\bentirely\s+in\s+(?:capital|upper)|\b(?:entire|whole|full|complete)\s+(?:response|answer|reply|output|text)\s+(?:should|must|has\s+to|needs\s+to)\s+be\s+(?:written\s+)?in\s+(?:capital|uppercase|upper\s*case)\s*(?:letters)?|\b(?:respond|reply|answer|write)\s+(?:\w+\s+){0,2}in\s+(?:capital|uppercase)\s+letters");
    private static readonly Regex LowercaseRegex = R(@"\bno\s+(?:upper\s*-?case|capital)\s+letters|(?:\b(?:do\s+not|never)|n't)\s+capitali[sz]e\s+(?:anything|any\s+\w+)|\ball\s+lower\s*-?\s*case(?:d|s)?\b|\blower\s*-?\s*case\s+letters|\bin\s+lower\s*-?\s*cases?\b|\blowercased\b|\bno\s+capital\s+letters|\bno\s+capitali[sz]ations?|\bwithout\s+(?:using\s+)?(?:any\s+)?capital(?:\s+letters|i[sz]ation)|\bnot\s+(?:contain|use|include|have)\s+any\s+capital\s+letters|\bno\s+capital\s+letters?\b|\bnot\s+a\s+single\s+letter[^.]{0,40}capitali[sz]ed|\bletters\s+are\s+lowercase|\blowercase\s+english|\blowercase\s+only|\bonly\s+(?:use\s+)?lowercase|\bonly\s+lowercase|\bcapital\s+letters\s+are\s+(?:not\s+allowed|used)|\bno\s+capital\s+letters\s+are\s+(?:allowed|used)|\bmust\s+be\s+lower\s*case|\bin\s+lowercase\b|\blowercase\s+letters\b");

    private static void ParseCase(string text, List<Constraint> found)
    {
        if (Lacks(text, "capital", "caps", "upper", "lower", "letter")) return;
        foreach (Match m in AllCapsRegex.Matches(text))
        {
            var before = text[Math.Max(0, m.Index - 45)..m.Index];
            var after = text[(m.Index + m.Length)..Math.Min(text.Length, m.Index + m.Length + 40)];
            // "words with all capital letters", "10 words in all caps": a count of capitalised words, not the whole text.
            if (Regex.IsMatch(before, @"\b(?:words?|phrases?|those|such|some|few|\d+|ten|five|name)\s+(?:\w+\s+){0,5}?(?:with|in|be\s+in|written\s+in|are\s+in|be)?\s*$", Opts)) continue;
            if (Regex.IsMatch(before, @"\bwords?\s+(?:with|in)\s*$|\bwords?\s+in\s+(?:the\s+)?\w+\s+(?:should\s+)?be\s+in\s*$", Opts)) continue;
            if (Regex.IsMatch(after, @"^\s*words?\b|^\s*(?:should|must)\s+appear", Opts)) continue;
            if (PartScopedBefore(text, m.Index)) continue;
            if (Regex.IsMatch(before, @"\bthe\s+(?:word|keyword|name|title)\s+[""']?\w+[""']?\s+(?:\w+\s+){0,2}$", Opts)) continue;
            found.Add(new Constraint(EnglishCapital));
            break;
        }
        foreach (Match m in LowercaseRegex.Matches(text))
        {
            var before = text[Math.Max(0, m.Index - 30)..m.Index];
            if (Regex.IsMatch(before, @"\b(?:in\s+all\s+capital\s+letters,?\s*)$", Opts)) continue;
            if (PartScopedBefore(text, m.Index)) continue;
            if (found.Any(c => c.InstructionId == EnglishCapital) && Regex.IsMatch(m.Value, @"no\s+lowercase|capital", Opts)) continue;
            if (Regex.IsMatch(before, @"\bthe\s+(?:word|keyword|name|title)\s+[""']?\w+[""']?\s+(?:\w+\s+){0,2}$", Opts)) continue;
            found.Add(new Constraint(EnglishLowercase));
            break;
        }
        if (found.Any(c => c.InstructionId == EnglishCapital) && found.Any(c => c.InstructionId == EnglishLowercase))
        {
            // "all capital letters, no lowercase letters allowed" is one constraint.
            var caps = AllCapsRegex.Match(text).Index;
            var lower = LowercaseRegex.Match(text).Index;
            found.RemoveAll(c => c.InstructionId == (caps <= lower ? EnglishLowercase : EnglishCapital));
        }
    }

    /// <summary>"the heading in capitals", "make the titles all lowercase": an ask about a part, not the whole answer.</summary>
    private static bool PartScopedBefore(string text, int index) =>
        Regex.IsMatch(text[Math.Max(0, index - 40)..index], @"\b(?:the|each|every|all|your)\s+(?:\w+\s+)?(?:titles?|headings?|headers?|headlines?|names?|first\s+words?|subject\s+lines?|section\s+names?|labels?)\s+(?:(?:is|are|should|must|be|written|appear|all)\s+){0,3}$", Opts);

    private static void ParseNoComma(string text, List<Constraint> found)
    {
        if (Lacks(text, "comma")) return;
        foreach (Match m in Regex.Matches(text, @"\bcommas?\b|comma-free", Opts))
        {
            if (m.Value.StartsWith("comma-", StringComparison.OrdinalIgnoreCase)) { found.Add(new Constraint(NoComma)); return; }
            var before = text[Math.Max(0, m.Index - 45)..m.Index];
            var after = text[(m.Index + m.Length)..Math.Min(text.Length, m.Index + m.Length + 30)];
            var clauseStart = before.LastIndexOfAny(['.', '!', '?', ';', '\n']);
            before = before[(clauseStart + 1)..];
            if (Regex.IsMatch(before, @"\b(?:no|not|without|avoid\w*|refrain\w*|never|zero|free\s+of|exclud\w*|cannot|nor)\b|n't\b", Opts)
                || Regex.IsMatch(after, @"^\s*(?:are|is)\s+(?:not\s+allowed|forbidden|prohibited|banned)", Opts))
            {
                if (Regex.IsMatch(before + m.Value + after, @"separated\s+by\s+commas|comma[\s-]separated", Opts)) continue;
                found.Add(new Constraint(NoComma));
                return;
            }
        }
    }
}
