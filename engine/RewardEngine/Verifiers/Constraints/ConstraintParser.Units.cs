using System.Text.RegularExpressions;
using static RewardEngine.Verifiers.Constraints.InstructionIds;
using static RewardEngine.Verifiers.Constraints.PhraseGrammar;

namespace RewardEngine.Verifiers.Constraints;

// Structural constraints written freely: paragraph counts, counts and openings per unit, labelled sections, titles,
// list markers, endings, code, lists and characters. Each rule is a small grammar over the shared pieces.
public sealed partial class ConstraintParser
{
    /// <summary>A unit a per-unit constraint names, read back by <see cref="UnitOf"/>.</summary>
    private const string UnitNoun = @"(?<unit>paragraphs?|sections?|bullet(?:ed)?(?:[\s-]+points?)?|bullets|list\s+(?:items?|entries|entry)|items?|entries|entry|points?|steps?|titles?|headings?|headers?|headlines?|sentences?|lines?)";

    private static string? UnitOf(string noun)
    {
        var n = noun.ToLowerInvariant();
        return n.StartsWith("paragraph", StringComparison.Ordinal) ? "paragraph"
            : n.StartsWith("section", StringComparison.Ordinal) ? "section"
            : n.StartsWith("bullet", StringComparison.Ordinal) ? "bullet"
            : n.StartsWith("list", StringComparison.Ordinal) || n.StartsWith("item", StringComparison.Ordinal) || n.StartsWith("entr", StringComparison.Ordinal) || n.StartsWith("point", StringComparison.Ordinal) || n.StartsWith("step", StringComparison.Ordinal) ? "item"
            : n.StartsWith("title", StringComparison.Ordinal) || n.StartsWith("head", StringComparison.Ordinal) ? "heading"
            : n.StartsWith("sentence", StringComparison.Ordinal) ? "sentence"
            : n.StartsWith("line", StringComparison.Ordinal) ? "line"
            : null;
    }

    private const string Modal = @"(?:(?:should|must|will|shall|needs?\s+to|has\s+to|have\s+to|ought\s+to)\s+)?";
    private const string Quoted = @"(?:""(?<q>[^""\n]+)""|'(?<q>[^'\n]+(?:'[a-z][^'\n]*)?)'|\[(?<q>[^\]\n]+)\]|\{(?<q>[^}\n]+)\})";

    private static readonly Regex ParagraphTotalRegex = R(@"(?<![\w*])" + QuantityPattern + @"[ \t-]*" + Adjectives + @"paragraphs?\b(?![\s-]+(?:each|apiece)\b)" + UnitSuffix);
    private static readonly Regex SentencesPerUnitRegex = R(
        @"\b(?:each|every|all)\s+" + UnitNoun + @"\s+" + Modal + @"(?:be|have|contain|consist\s+of|include|hold|use|needs?|requires?|gets?|has)?\s*(?:" + QuantityPattern + @")[ \t-]*(?:complete\s+|full\s+)?sentences?\b(?:\s+long)?" +
        @"|\b" + UnitNoun + @",?\s+(?:each\s+)?(?:of|with|containing|having)\s+" + QuantityPattern + @"[ \t-]*sentences?\b");
    private static readonly Regex WordsPerUnitRegex = R(
        @"\b(?:each|every|all)\s+" + UnitNoun + @"\s+" + Modal + @"(?:be|is|are|have|contain|use|stay|remain)?\s*(?:" + QuantityPattern + @")[ \t-]*words?\b(?:\s+long)?" +
        @"|\b(?:keep|make|limit)\s+(?:each|every|all)\s+" + UnitNoun + @"\s+(?:to\s+)?(?:" + QuantityPattern + @")[ \t-]*words?\b" + UnitSuffix +
        @"|\b(?:no|not)\s+more\s+than\s+(?<n1>" + Number + @")\s+words\s+(?:per|in\s+each|for\s+each)\s+" + UnitNoun);
    // "keep every paragraph to 3 sentences" and "no bullet longer than 10 words": run only where "keep"/"limit"/... or "no " occurs.
    private static Regex SentencesPerUnitLimitRegex => R(
        @"\b(?:keep|limit|restrict|cap)\s+(?:each|every|all)\s+" + UnitNoun + @"\s+to\s+" + QuantityPattern + @"[ \t-]*sentences?\b" + UnitSuffix);
    private static Regex WordsPerUnitNoneRegex => R(
        @"\bno\s+" + UnitNoun + @"\s+(?:should|may|can|must|is\s+to)\s+(?:be\s+)?(?:run\s+)?(?<le>longer\s+than|more\s+than|over|exceed)\s+(?<n1>" + Number + @")\s+words?\b");
    private static readonly Regex UnitOpeningRegex = R(
        @"\b(?:begin|start|open)\w*\s+(?:each|every|all)\s+(?:of\s+(?:the|your)\s+)?" + UnitNoun + @"\s+with\s+(?:the\s+)?(?:same\s+)?(?:word|phrase|term)?\s*:?\s*(?<list>" + Quoted + @")" +
        @"|\b(?:each|every|all)\s+(?:of\s+(?:the|your)\s+)?" + UnitNoun + @"\s+" + Modal + @"(?:begins?|starts?|opens?)\s+with\s+(?:the\s+)?(?:word|phrase|term)?\s*:?\s*(?<list>" + Quoted + @")" +
        @"|\b(?:(?:begin|start|open)\w*\s+(?:each|every|all)\s+(?:of\s+(?:the|your)\s+)?" + UnitNoun + @"|(?:each|every|all)\s+(?:of\s+(?:the|your)\s+)?" + UnitNoun + @"\s+" + Modal + @"(?:begins?|starts?|opens?))\s+with\s+the\s+word\s+(?<q>[A-Z][\w'-]*)\b");
    private static readonly Regex RespectivelyRegex = R(
        @"\b" + UnitNoun + @"\s+(?:that\s+|which\s+|should\s+|must\s+)?(?:begin|start|open)s?\s+with\s+(?<list>(?:""[^""\n]+""|'[^'\n]+')(?:\s*,?\s*(?:and\s+)?(?:""[^""\n]+""|'[^'\n]+'))+)\s*,?\s*respectively");
    private static readonly Regex LabelRegex = R(@"[""'](?<label>[^""'\n]{0,30}\{n\}[^""'\n]{0,30})[""']");
    private static readonly Regex LabelCountRegex = R(@"(?<![\w*])(?<n1>" + Number + @")\s+(?:\w+\s+)?(?:parts|sections|exercises|days|lessons|options|weeks|steps|items|chapters|modules|of\s+them|phases|stages|rounds)\b");
    private static readonly Regex TitleFormatRegex = R(
        @"\btitles?\b[^.\n]{0,30}?\b(?:in|with|inside|within|wrapped\s+in|enclosed\s+in|surrounded\s+by|between)\s+(?:double\s+)?(?<w>asterisks|square\s+brackets|\[\[)" +
        @"|\b(?<w>bold(?:ed)?)\s+title\b|\btitle\s+in\s+(?<w>bold)\b" +
        @"|\b(?<w>H1|level[\s-]1|top[\s-]level)\s+(?:heading\s+)?title\b|\b(?<w>H1|level[\s-]1|top[\s-]level)\s+(?:markdown\s+)?heading\b[^.\n]{0,30}?\bas\s+(?:the|a|your)\s+title\b|\btitle\s+(?:formatted\s+|written\s+)?as\s+(?:an?\s+)?(?<w>H1|level[\s-]1|top[\s-]level)\b");
    private static readonly Regex ItemMarkerRegex = R(
        @"\b(?:number\w*|mark\w*|label\w*|prefix\w*)\s+(?:them|it|(?:each|every|the|your|all)\s+(?:\w+\s+)?\w+)\s+(?:as|with|using|like)\s+(?:the\s+)?(?:markers?\s+)?(?:" + MarkerAlternatives + @")" +
        @"|\b(?:use|using)\s+(?:the\s+)?markers?\s+(?:" + MarkerAlternatives + @")");
    // Markers shown by example, the first two in order: "number the steps as [Step 1], [Step 2]", "label them 1:, 2: ...".
    private const string MarkerExample = @"[""']?(?<m{0}>\[[A-Za-z]{{1,12}}\s{0}\]|(?-i:[A-Z][a-z]{{1,11}})\s{0}[:.)]|\({0}\)|{0}[:)])[""']?";
    private static Regex ItemMarkerExampleRegex => R(
        @"\b(?:number\w*|mark\w*|label\w*|prefix\w*|format\w*|use|using)\s+(?:(?:them|it|(?:each|every|the|your|all)\s+(?:\w+\s+)?(?:steps?|items?|points?|entries|entry|lines?|tips?|parts?|sections?|questions?|answers?|stages?|tasks?|ideas?|reasons?)\b(?!\s+\d))\s+)?(?:(?:as|with|using|like)\s+(?:this\s*:?\s*)?)?(?:the\s+)?(?:markers?\s+)?"
        + string.Format(System.Globalization.CultureInfo.InvariantCulture, MarkerExample, 1) + @"\s*(?:\.\.\.|…)?\s*,?\s*(?:and\s+)?" + string.Format(System.Globalization.CultureInfo.InvariantCulture, MarkerExample, 2));
    private static Regex MarkedCountRegex => R(@"(?<![\w*])" + QuantityPattern + @"\s+(?:\w+\s+)?(?:steps|items|points|entries|tips|stages|tasks|reasons|ideas)\b");

    private const string MarkerAlternatives = @"[""'](?<m>[^""'\n]{0,12}\bn\b[^""'\n]{0,4})[""']|(?<m>\[[^\]\n]{0,12}\bn\]|\([^)\n]{0,8}\bn\)|[A-Za-z]+\s+#?n\b|#n\b|n[:.)])";
    private static readonly Regex EndWrapperRegex = R(@"\b(?:close|end|finish|wrap\s+up|conclude)\w*\s+(?:\w+\s+){0,2}?with\s+(?:a|an|the|one)\s+(?:[\w-]+\s+){0,2}?(?:summary|line|sentence|note|remark|takeaway)\s+(?:in|inside|within|wrapped\s+in|enclosed\s+in)\s+[{(\[]?(?<w>curly\s+braces|braces|parentheses|square\s+brackets)");
    private static readonly Regex CodeLinesRegex = R(@"(?<![\w*])" + QuantityPattern + @"[ \t-]*lines?\s+of\s+code\b");
    private static readonly Regex KeywordPerUnitRegex = R(
        @"\b(?:mention|include|use|contain|feature)\w*\s+(?:the\s+)?(?:key\s*-?word|word|term|phrase)?\s*(?<list>" + Quoted + @")\s+in\s+(?:each|every|all)\s+(?:of\s+(?:the|your)\s+)?" + UnitNoun +
        @"|\b(?:each|every|all)\s+" + UnitNoun + @"\s+" + Modal + @"(?:mention|include|contain|use|feature)s?\s+(?:the\s+)?(?:(?:key\s*-?word|word|term|phrase)?\s*(?<list>" + Quoted + @")|(?:key\s*-?word|word|term)\s+(?<q>[A-Za-z][\w'-]*))" +
        @"|\b(?:mention|include|use|contain|feature)\w*\s+(?:the\s+)?(?:key\s*-?word|word|term|phrase)?\s*(?<list>" + Quoted + @")\s+(?:at\s+least\s+once\s+)?(?:per|in\s+each|in\s+every)\s+" + UnitNoun + @"\b");
    private static readonly Regex DistinctInitialsRegex = R(@"\bsentences?\b[^.\n]{0,40}?\b(?:start|begin)\w*\s+with\s+(?:a\s+)?(?:different|distinct|unique)\s+letters?|\bno\s+two\s+sentences\s+(?:\w+\s+)?(?:start|begin)\s+with\s+the\s+same\s+letter");
    private static readonly Regex ListLengthRegex = R(@"(?<!numbered\s)(?<!bulleted\s)\b(?:list|timeline|checklist|enumeration)\s+(?:of|with|containing|that\s+has)\s+" + QuantityPattern + @"\s+(?:\w+\s+)?(?:items|entries|events|points|elements|milestones)\b");
    private static readonly Regex CharCountRegex = R(@"(?<![\w*])" + QuantityPattern + @"[ \t-]*(?:characters|chars)\b");

    private static void ParseUnits(string text, List<Constraint> found)
    {
        // Each rule runs only where its key word occurs: most instructions hold none, and the scan is the cost.
        if (Has(text, "paragraph")) ParseParagraphTotal(text, found);
        if (Has(text, "sentence"))
        foreach (Match m in Lacks(text, "keep", "limit", "restrict", "cap") ? SentencesPerUnitRegex.Matches(text) : SentencesPerUnitRegex.Matches(text).Concat(SentencesPerUnitLimitRegex.Matches(text)))
        {
            var unit = UnitOf(m.Groups["unit"].Value);
            if (unit is null or "sentence" or "line" or "heading") continue;
            AddOwnCount(found, SentencesPerUnit, ReadQuantity(m), (rel, n) => new ConstraintArgs { Unit = unit, NumSentences = n, Relation = rel });
        }
        if (Has(text, "word"))
        foreach (Match m in Lacks(text, "no ") ? WordsPerUnitRegex.Matches(text) : WordsPerUnitRegex.Matches(text).Concat(WordsPerUnitNoneRegex.Matches(text)))
        {
            var unit = UnitOf(m.Groups["unit"].Value);
            if (unit is null) continue;
            var q = ReadQuantity(m);
            // "each item at most K words" keeps its older kind, rwd:words_per_item.
            if (unit is "item" or "bullet" && q.Bound is Bound.AtMost or Bound.LessThan)
                found.Add(new Constraint(WordsPerItem, new ConstraintArgs { MaxWords = q.Bound == Bound.LessThan ? q.N - 1 : q.N }));
            else AddOwnCount(found, WordsPerUnit, q, (rel, n) => new ConstraintArgs { Unit = unit, NumWords = n, Relation = rel });
        }
        var opens = Has(text, "begin") || Has(text, "start") || Has(text, "open");
        var respectively = opens && Has(text, "respectively") ? RespectivelyRegex.Match(text) : Match.Empty;
        if (respectively.Success && UnitOf(respectively.Groups["unit"].Value) is { } ru and not ("sentence" or "heading"))
            found.Add(new Constraint(UnitOpening, new ConstraintArgs { Unit = ru, Keywords = ReadWordList(respectively.Groups["list"].Value) }));
        else if (opens && UnitOpeningRegex.Match(text) is { Success: true } open && UnitOf(open.Groups["unit"].Value) is { } ou and not "heading")
            found.Add(new Constraint(UnitOpening, new ConstraintArgs { Unit = ou, Keywords = [open.Groups["q"].Value.Trim()] }));

        var label = Has(text, "{n}") ? LabelRegex.Match(text) : Match.Empty;
        if (label.Success)
        {
            var l = LabelOf(label.Groups["label"].Value);
            var count = LabelCountRegex.Match(text);
            found.Add(new Constraint(LabelledSections, new ConstraintArgs { SectionSpliter = l, NumSections = count.Success ? ParseNumber(count.Groups["n1"].Value) : null }));
        }
        var title = Has(text, "title") ? TitleFormatRegex.Match(text) : Match.Empty;
        if (title.Success)
        {
            var w = title.Groups["w"].Value.ToLowerInvariant();
            var wrapper = w.StartsWith("asterisk", StringComparison.Ordinal) || w.StartsWith("bold", StringComparison.Ordinal) ? "**" : w.StartsWith("square", StringComparison.Ordinal) || w == "[[" ? "[[" : "#";
            found.Add(new Constraint(TitleFormat, new ConstraintArgs { Wrapper = wrapper }));
            // "a title formatted as a level-1 heading" is the title, not a count of headed sections.
            found.RemoveAll(c => c.InstructionId == TitledSections && c.Args.NumSections == 1 && c.Args.Relation == Relation.Exactly);
        }
        var marker = Has(text, "number") || Has(text, "mark") || Has(text, "label") || Has(text, "prefix") ? ItemMarkerRegex.Match(text) : Match.Empty;
        if (marker.Success)
            found.Add(new Constraint(ItemMarker, new ConstraintArgs { Marker = Regex.Replace(marker.Groups["m"].Value.Trim(), @"(?<![A-Za-z])[nN](?![A-Za-z])", "{n}") }));
        else if (Has(text, "2") && !Lacks(text, "1:", "1)", "1]", "1.") && ItemMarkerExampleRegex.Match(text) is { Success: true } example
                 && example.Groups["m2"].Value == example.Groups["m1"].Value.Replace('1', '2'))
        {
            // The marked items' count, when the instruction gives one: "There should be four steps."
            var count = MarkedCountRegex.Match(text);
            int? items = count.Success && ReadQuantity(count) is { Bound: Bound.Exactly } q ? q.N : null;
            var shown = example.Groups["m1"].Value.Replace("1", "{n}", StringComparison.Ordinal);
            // "3 parts labelled Part 1:, Part 2:": section labels, counted as sections.
            if (Regex.IsMatch(shown, @"^(?:Part|Section|Chapter|Day|Week|Lesson|Module|Unit|Phase|Stage)\s", Opts))
            {
                var sections = LabelCountRegex.Match(text);
                found.Add(new Constraint(LabelledSections, new ConstraintArgs { SectionSpliter = shown, NumSections = sections.Success ? ParseNumber(sections.Groups["n1"].Value) : items }));
            }
            else found.Add(new Constraint(ItemMarker, new ConstraintArgs { Marker = shown, NumItems = items }));
        }
        var end = Has(text, "brace") || Has(text, "parenthes") || Has(text, "bracket") ? EndWrapperRegex.Match(text) : Match.Empty;
        if (end.Success)
        {
            var w = end.Groups["w"].Value.ToLowerInvariant();
            found.Add(new Constraint(EndWrapper, new ConstraintArgs { Wrapper = w.Contains("brace", StringComparison.Ordinal) ? "{}" : w.StartsWith("paren", StringComparison.Ordinal) ? "()" : "[]" }));
        }
        if (Has(text, "code"))
        foreach (Match m in CodeLinesRegex.Matches(text))
            if (!ContentCountBefore(text, m.Index))
                AddOwnCount(found, CodeLines, ReadQuantity(m), (rel, n) => new ConstraintArgs { NumLines = n, Relation = rel });
        if (Has(text, "each") || Has(text, "every") || Has(text, "all") || Has(text, " per "))
        foreach (Match m in KeywordPerUnitRegex.Matches(text))
        {
            if (UnitOf(m.Groups["unit"].Value) is not { } unit || unit is "heading" or "line") continue;
            var keyword = m.Groups["q"].Value.Trim();
            found.Add(new Constraint(KeywordsPerUnit, new ConstraintArgs { Unit = unit, Keywords = [keyword] }));
            // Asked of every unit, the keyword is not also a whole-response inclusion.
            RemoveKeyword(found, keyword);
        }
        if (Has(text, "letter") && DistinctInitialsRegex.IsMatch(text)) found.Add(new Constraint(DistinctSentenceInitials));
        if (Has(text, "list") || Has(text, "timeline"))
        foreach (Match m in ListLengthRegex.Matches(text))
        {
            // "sort a list of 5 elements", "given a list of 10 items": the program's data, not the answer's list.
            if (Regex.IsMatch(text[Math.Max(0, m.Index - 40)..m.Index], @"\b(?:given|sorts?|sorting|takes?|accepts?|input|array|function|returns?|reverses?|of|in|from)\s+(?:an?\s+|the\s+)?$", Opts)) continue;
            AddOwnCount(found, ListItems, ReadQuantity(m), (rel, n) => new ConstraintArgs { NumItems = n, Relation = rel });
        }
        if (Has(text, "char"))
        foreach (Match m in CharCountRegex.Matches(text))
        {
            // "a password of 12 characters" sizes a thing in the answer; a bound on the answer carries a relation.
            var q = ReadQuantity(m);
            // "limit yourself to 300 characters": at most.
            if (q.Bound == Bound.Exactly && Regex.IsMatch(text[Math.Max(0, m.Index - 40)..m.Index], @"\blimit\w*\b[^.\n]{0,30}\bto\s*$", Opts)) q = q with { Bound = Bound.AtMost };
            if (q.Bound == Bound.Exactly || ContentCountBefore(text, m.Index)) continue;
            if (Regex.IsMatch(text[Math.Max(0, m.Index - 40)..m.Index], @"\b(?:password|string|name|username|key|id|code|token|field|column|identifier)s?\s+(?:\w+\s+){0,3}$", Opts)) continue;
            AddOwnCount(found, CharCount, q, (rel, n) => new ConstraintArgs { NumChars = n, Relation = rel });
        }
    }

    /// <summary>"these 3 paragraphs", "my 5 lines of code": a count of the input's parts, not a bound on the answer ("the N ... above" is caught after the count).</summary>
    private static bool ContentCountBefore(string text, int index) =>
        Regex.IsMatch(text[Math.Max(0, index - 20)..index], @"\b(?:these|those|following|above|previous|my|his|her|their|its)\s*$", Opts);

    private static bool Has(string text, string word) => text.Contains(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>"Part {n}: name" -> "Part {n}:": the label is the text up to {n} and the punctuation right after it.</summary>
    private static string LabelOf(string quoted)
    {
        var at = quoted.IndexOf("{n}", StringComparison.Ordinal) + 3;
        var tail = quoted[at..];
        var punct = Regex.Match(tail, @"^\s*[:.)\-–]");
        return (quoted[..at] + (punct.Success ? punct.Value : "")).Trim();
    }

    private static void RemoveKeyword(List<Constraint> found, string keyword)
    {
        for (int i = found.Count - 1; i >= 0; i--)
        {
            var c = found[i];
            // "use 'x' at least once per paragraph" also reads as "x at least once" in the whole: the per-unit ask holds it.
            if (c.InstructionId == KeywordsFrequency && c.Args.Frequency == 1 && c.Args.Relation == Relation.AtLeast
                && string.Equals(c.Args.Keyword, keyword, StringComparison.OrdinalIgnoreCase)) { found.RemoveAt(i); continue; }
            if (c.InstructionId != KeywordsExistence || c.Args.Keywords is null) continue;
            var rest = c.Args.Keywords.Where(k => !k.Equals(keyword, StringComparison.OrdinalIgnoreCase)).ToList();
            if (rest.Count == c.Args.Keywords.Count) continue;
            if (rest.Count == 0) found.RemoveAt(i);
            else found[i] = c with { Args = c.Args with { Keywords = rest } };
        }
    }

    /// <summary>"in exactly 3 paragraphs", "a 2-paragraph answer", "at least 3 paragraphs": blank-line paragraphs, unless IFEval's *** or first-word forms already hold the count.</summary>
    private static void ParseParagraphTotal(string text, List<Constraint> found)
    {
        if (found.Any(c => c.InstructionId is NumberParagraphs or NthParagraphFirstWord) || DividerRegex.IsMatch(text)) return;
        foreach (Match m in ParagraphTotalRegex.Matches(text))
        {
            var after = text[(m.Index + m.Length)..Math.Min(text.Length, m.Index + m.Length + 20)];
            var before = text[Math.Max(0, m.Index - 25)..m.Index];
            // "each of the 3 paragraphs", "per paragraph", "the first 2 paragraphs": not the total.
            if (Regex.IsMatch(before, @"\b(?:each|every|per|first|last|of\s+the)\s*$", Opts) || Regex.IsMatch(after, @"^\s*(?:each|per)\b", Opts)) continue;
            // "summarize the 3 paragraphs above": the input's paragraphs.
            if (ContentCountBefore(text, m.Index) || Regex.IsMatch(after, @"^\s*(?:above|below|from|of\s+(?:the|this|that|my|his|her)|in\s+the\s+(?:text|article|passage))\b", Opts)) continue;
            if (NegatedBefore(text, m.Index, 12) && ReadQuantity(m).Bound == Bound.Exactly) continue;
            AddOwnCount(found, ParagraphCount, ReadQuantity(m), (rel, n) => new ConstraintArgs { NumParagraphs = n, Relation = rel });
            return;
        }
    }
}
