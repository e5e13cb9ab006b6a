using System.Text.Json;
using System.Text.RegularExpressions;
using static RewardEngine.Verifiers.Constraints.InstructionIds;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>A constraint whose arguments are missing or invalid for its id.</summary>
public sealed class ConstraintArgumentException(string instructionId, string argument, string problem)
    : ArgumentException($"{instructionId}: kwargs '{argument}' {problem}")
{
    public string InstructionId { get; } = instructionId;
    public string Argument { get; } = argument;
}

/// <summary>
/// The deterministic checker library: one checker per instruction id, with IFEval's semantics for IFEval's ids
/// (same counting rules, same relations, same quirks such as substring keyword matching), plus the loose
/// variant (the response with its first line, last line or both removed, and with asterisks removed).
/// Thread-safe; no I/O except the lazily built language detector.
/// </summary>
public static partial class ConstraintCheckers
{
    private delegate CheckResult Checker(string response, ConstraintArgs args, string id);

    private static readonly Dictionary<string, Checker> Checkers = new(StringComparer.Ordinal)
    {
        [KeywordsExistence] = CheckKeywordsExist,
        [KeywordsFrequency] = CheckKeywordFrequency,
        [ForbiddenWords] = CheckForbiddenWords,
        [LetterFrequency] = CheckLetterFrequency,
        [InstructionIds.ResponseLanguage] = CheckLanguage,
        [NumberSentences] = (r, a, id) => Count(a.WriterCounting ? WriterText.CountSentences(r) : TextMeasures.CountSentences(r), IfEvalRelation(a.Relation, id, "relation"), Need(a.NumSentences, id, "num_sentences"), "sentences"),
        [NumberParagraphs] = (r, a, id) => a.WriterCounting ? CheckWriterDividedParagraphs(r, a, id) : CheckDividedParagraphs(r, a, id),
        [NumberWords] = (r, a, id) => Count(a.WriterCounting ? WriterText.CountWords(r) : TextMeasures.CountWords(r), IfEvalRelation(a.Relation, id, "relation"), Need(a.NumWords, id, "num_words"), "words"),
        [NthParagraphFirstWord] = CheckNthParagraphFirstWord,
        [NumberPlaceholders] = (r, a, id) => Count(PlaceholderRegex().Count(r), Relation.AtLeast, Need(a.NumPlaceholders, id, "num_placeholders"), "placeholders"),
        [Postscript] = CheckPostscript,
        [NumberBulletLists] = (r, a, id) => Count(a.WriterCounting ? WriterText.Count(r, WriterText.LineKind.Bullet) : CountBullets(r), Relation.Exactly, Need(a.NumBullets, id, "num_bullets"), "bullet points"),
        [NumberHighlightedSections] = (r, a, id) => Count(CountHighlights(r), Relation.AtLeast, Need(a.NumHighlights, id, "num_highlights"), "highlighted sections"),
        [MultipleSections] = CheckSections,
        [ConstrainedResponse] = CheckConstrainedResponse,
        [JsonFormat] = CheckJson,
        [Title] = CheckTitle,
        [RepeatPrompt] = CheckRepeatPrompt,
        [TwoResponses] = CheckTwoResponses,
        [EndChecker] = CheckEnd,
        [Quotation] = CheckQuotation,
        [CapitalWordFrequency] = (r, a, id) => Count(a.WriterCounting ? WriterText.CountCapitalWords(r) : TextMeasures.WordTokens(r).Count(TextMeasures.IsUpper), IfEvalRelation(a.CapitalRelation, id, "capital_relation"), Need(a.CapitalFrequency, id, "capital_frequency"), "all-capital words"),
        [EnglishCapital] = CheckEnglishCapital,
        [EnglishLowercase] = CheckEnglishLowercase,
        [NoComma] = (r, _, _) => r.Contains(',') ? CheckResult.Fail($"{r.Count(c => c == ',')} commas") : CheckResult.Pass("no commas"),

        [SentenceCount] = (r, a, id) => Count(WriterText.CountSentences(r), AnyRelation(a.Relation, id), Need(a.NumSentences, id, "num_sentences"), "sentences"),
        [WordCount] = (r, a, id) => Count(WriterText.CountWords(r), AnyRelation(a.Relation, id), Need(a.NumWords, id, "num_words"), "words"),
        [LineCount] = (r, a, id) => Count(TextMeasures.CountLines(r), AnyRelation(a.Relation, id), Need(a.NumLines, id, "num_lines"), "lines"),
        [StartPhrase] = CheckStartPhrase,
        [StartLetter] = CheckStartLetter,
        [MarkdownTable] = CheckMarkdownTable,
        [CodeBlock] = CheckCodeBlock,
        [NumberedList] = (r, a, id) => Count(WriterText.Count(r, WriterText.LineKind.Numbered), AnyRelation(a.Relation ?? Relation.Exactly, id), Need(a.NumItems, id, "num_items"), "numbered items"),
        [BulletCount] = (r, a, id) => Count(WriterText.Count(r, WriterText.LineKind.Bullet), AnyRelation(a.Relation, id), Need(a.NumBullets, id, "num_bullets"), "bullet points"),
        [TitledSections] = CheckHeadings,
        [WordsPerItem] = CheckWordsPerItem,
        [WordsInAllCaps] = CheckWordsInAllCaps,
        [EndingPunctuation] = CheckEndingPunctuation,
        [ParagraphCount] = (r, a, id) => Count(WriterText.Paragraphs(r).Count, AnyRelation(a.Relation, id), Need(a.NumParagraphs, id, "num_paragraphs"), "paragraphs"),
        [SentencesPerUnit] = (r, a, id) => PerUnit(r, a, id, Need(a.NumSentences, id, "num_sentences"), "sentences", u => WriterText.CountSentences(u)),
        [WordsPerUnit] = (r, a, id) => PerUnit(r, a, id, Need(a.NumWords, id, "num_words"), "words", WriterText.CountTokens),
        [UnitOpening] = CheckUnitOpening,
        [LabelledSections] = CheckLabelledSections,
        [TitleFormat] = CheckTitleFormat,
        [ItemMarker] = CheckItemMarker,
        [EndWrapper] = CheckEndWrapper,
        [CodeLines] = (r, a, id) => Count(WriterText.CountCodeLines(r), AnyRelation(a.Relation, id), Need(a.NumLines, id, "num_lines"), "lines of code"),
        [KeywordsPerUnit] = CheckKeywordsPerUnit,
        [DistinctSentenceInitials] = CheckDistinctInitials,
        [ListItems] = (r, a, id) => Count(WriterText.Lines(r).Count(l => l.Kind is WriterText.LineKind.Bullet or WriterText.LineKind.Numbered), AnyRelation(a.Relation, id), Need(a.NumItems, id, "num_items"), "list items"),
        [CharCount] = (r, a, id) => Count(r.Trim().Length, AnyRelation(a.Relation, id), Need(a.NumChars, id, "num_chars"), "characters"),
    };

    /// <summary>Every id the library can check.</summary>
    public static IReadOnlyCollection<string> SupportedIds => Checkers.Keys;

    public static bool Supports(string instructionId) => Checkers.ContainsKey(instructionId);

    /// <summary>Null when the constraint can be checked; otherwise what is wrong with it (unknown id, missing kwargs).</summary>
    public static string? Validate(Constraint constraint)
    {
        if (!Checkers.TryGetValue(constraint.InstructionId, out var checker)) return $"unknown instruction id '{constraint.InstructionId}'";
        try { checker("x", constraint.Args, constraint.InstructionId); return null; }
        catch (ConstraintArgumentException e) { return e.Message; }
    }

    /// <summary>IFEval's strict check. An empty response never passes (as in IFEval).</summary>
    public static CheckResult CheckStrict(Constraint constraint, string response)
    {
        if (!Checkers.TryGetValue(constraint.InstructionId, out var checker))
            throw new ArgumentException($"unknown instruction id '{constraint.InstructionId}'", nameof(constraint));
        if (response.Trim().Length == 0) return CheckResult.Fail("empty response");
        return checker(response, constraint.Args, constraint.InstructionId);
    }

    /// <summary>
    /// IFEval's loose check: passes when any of the response, the response without its first line, without its
    /// last line, without both, and each of those with asterisks removed passes. Score: the best variant's.
    /// </summary>
    public static CheckResult CheckLoose(Constraint constraint, string response) => CheckLoose(constraint, LooseVariants(response), null);

    // The first variant is the response itself, so a strict result already computed stands for it; a variant equal
    // to an earlier one gives the same result and cannot change the best, so it is not checked again.
    private static CheckResult CheckLoose(Constraint constraint, IReadOnlyList<string> variants, CheckResult? strict)
    {
        CheckResult? best = null;
        for (int i = 0; i < variants.Count; i++)
        {
            var variant = variants[i];
            if (variant.Trim().Length == 0 || RepeatsEarlier(variants, i)) continue;
            var r = i == 0 && strict is not null ? strict : CheckStrict(constraint, variant);
            if (r.Passed) return r;
            if (best is null || r.Score > best.Score) best = r;
        }
        return best ?? CheckResult.Fail("empty response");
    }

    private static bool RepeatsEarlier(IReadOnlyList<string> variants, int index)
    {
        for (int j = 0; j < index; j++)
            if (string.Equals(variants[j], variants[index], StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>Strict and loose verdicts. A strict pass is also the loose verdict (the response is the first loose variant).</summary>
    public static ConstraintVerdict Check(Constraint constraint, string response) => Check(constraint, response, null);

    /// <summary>As <see cref="Check(Constraint, string)"/>, with the response's <see cref="LooseVariants"/> made once for all its constraints.</summary>
    internal static ConstraintVerdict Check(Constraint constraint, string response, IReadOnlyList<string>? looseVariants)
    {
        var strict = CheckStrict(constraint, response);
        return new(constraint, strict, strict.Passed ? strict : CheckLoose(constraint, looseVariants ?? LooseVariants(response), strict));
    }

    /// <summary>The eight loose variants, in IFEval's order.</summary>
    public static IReadOnlyList<string> LooseVariants(string response)
    {
        var lines = response.Split('\n');
        string Join(int skipFirst, int skipLast) =>
            lines.Length - skipFirst - skipLast <= 0 ? "" : string.Join('\n', lines, skipFirst, lines.Length - skipFirst - skipLast).Trim();
        var removeFirst = Join(1, 0);
        var removeLast = Join(0, 1);
        var removeBoth = lines.Length >= 2 ? Join(1, 1) : "";
        return
        [
            response, response.Replace("*", ""), removeFirst, removeLast, removeBoth,
            removeFirst.Replace("*", ""), removeLast.Replace("*", ""), removeBoth.Replace("*", ""),
        ];
    }

    // ---- shared pieces ----

    private static int Need(int? value, string id, string name) =>
        value ?? throw new ConstraintArgumentException(id, name, "is required");

    private static string Need(string? value, string id, string name) =>
        string.IsNullOrEmpty(value) ? throw new ConstraintArgumentException(id, name, "is required") : value;

    private static IReadOnlyList<string> Need(IReadOnlyList<string>? value, string id, string name) =>
        value is null || value.Count == 0 ? throw new ConstraintArgumentException(id, name, "is required") : value;

    private static string IfEvalRelation(string? relation, string id, string name) => relation switch
    {
        Relation.LessThan or Relation.AtLeast => relation,
        null => throw new ConstraintArgumentException(id, name, "is required"),
        _ => throw new ConstraintArgumentException(id, name, $"must be 'less than' or 'at least', got '{relation}'"),
    };

    private static string AnyRelation(string? relation, string id) =>
        relation is null ? throw new ConstraintArgumentException(id, "relation", "is required")
        : Relation.IsKnown(relation) ? relation
        : throw new ConstraintArgumentException(id, "relation", $"unknown relation '{relation}'");

    private static CheckResult Count(int actual, string relation, int target, string unit)
    {
        var reason = $"{actual} {unit}; needs {relation} {target}";
        return Relation.Holds(relation, actual, target)
            ? new CheckResult(true, 1.0, reason)
            : new CheckResult(false, Relation.GradedScore(relation, actual, target), reason);
    }

    private static string Quote(string s) => s.Length <= 40 ? $"\"{s}\"" : $"\"{s[..37]}...\"";

    // ---- IFEval checkers ----

    private static CheckResult CheckKeywordsExist(string r, ConstraintArgs a, string id)
    {
        var keywords = Need(a.Keywords, id, "keywords");
        // IFEval searches each keyword as a case-insensitive pattern anywhere (substrings count).
        // From free text (counting: writer): the exact form on word boundaries.
        var missing = keywords.Where(k => a.WriterCounting ? !WriterText.ContainsKeyword(r, k) : r.IndexOf(k, StringComparison.OrdinalIgnoreCase) < 0).ToList();
        if (missing.Count == 0) return CheckResult.Pass($"contains {string.Join(", ", keywords.Select(Quote))}");
        var score = 1.0 - (double)missing.Count / keywords.Count;
        return new CheckResult(false, score, $"missing {string.Join(", ", missing.Select(Quote))}");
    }

    private static int CountOccurrences(string text, string needle)
    {
        if (needle.Length == 0) return 0;
        int n = 0, i = 0;
        while ((i = text.IndexOf(needle, i, StringComparison.OrdinalIgnoreCase)) >= 0) { n++; i += needle.Length; }
        return n;
    }

    private static CheckResult CheckKeywordFrequency(string r, ConstraintArgs a, string id)
    {
        var keyword = Need(a.Keyword, id, "keyword").Trim();
        return Count(a.WriterCounting ? WriterText.CountKeyword(r, keyword) : CountOccurrences(r, keyword), IfEvalRelation(a.Relation, id, "relation"), Need(a.Frequency, id, "frequency"), $"occurrences of {Quote(keyword)}");
    }

    private static CheckResult CheckForbiddenWords(string r, ConstraintArgs a, string id)
    {
        var words = Need(a.ForbiddenWords, id, "forbidden_words");
        var used = words.Where(w => RuntimeRegex.Get(@"\b" + Regex.Escape(w) + @"\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant).IsMatch(r)).ToList();
        if (used.Count == 0) return CheckResult.Pass("no forbidden words");
        return CheckResult.Fail($"uses {string.Join(", ", used.Select(Quote))}");
    }

    private static CheckResult CheckLetterFrequency(string r, ConstraintArgs a, string id)
    {
        var letter = Need(a.Letter, id, "letter");
        if (letter.Length != 1) throw new ConstraintArgumentException(id, "letter", $"must be one character, got '{letter}'");
        var l = char.ToLowerInvariant(letter[0]);
        var relation = IfEvalRelation(a.LetRelation, id, "let_relation");
        var frequency = Need(a.LetFrequency, id, "let_frequency");
        int Occurrences(char x) { var n = 0; foreach (var c in r) if (char.ToLowerInvariant(c) == x) n++; return n; }
        if (l is < 'a' or > 'z' && !a.WriterCounting)
        {
            // A symbol read from free text ("at least 2 hashtags": '#') is counted as itself (counting=writer).
            // IFEval replaces a letter outside a-z (one gold prompt asks for '!') by a random letter: its verdict is
            // the one most of the 26 letters give, which is what it decides in most runs.
            var met = Enumerable.Range('a', 26).Count(x => Count(Occurrences((char)x), relation, frequency, "").Passed);
            return met * 2 > 26 ? CheckResult.Pass($"'{letter}' is no letter; {met} of 26 letters meet it (IFEval draws one)")
                : CheckResult.Fail($"'{letter}' is no letter; only {met} of 26 letters meet it (IFEval draws one)");
        }
        return Count(Occurrences(l), relation, frequency, $"letters '{l}'");
    }

    private static CheckResult CheckLanguage(string r, ConstraintArgs a, string id)
    {
        var code = Need(a.Language, id, "language");
        var detected = ResponseLanguage.Detect(r);
        return ResponseLanguage.Is(r, code, detected)
            ? CheckResult.Pass($"language {detected ?? "undetermined"}")
            : CheckResult.Fail($"language {detected}; needs {code}");
    }

    private static CheckResult CheckDividedParagraphs(string r, ConstraintArgs a, string id)
    {
        var target = Need(a.NumParagraphs, id, "num_paragraphs");
        var n = DividedParagraphs.Of(r);
        return n < 0 ? CheckResult.Fail("an empty paragraph between *** dividers") : Count(n, Relation.Exactly, target, "paragraphs separated by ***");
    }

    // Parts between *** dividers, an empty first or last part not counted; -1 when an inner part is empty.
    private static readonly PerText<int> DividedParagraphs = new(r =>
    {
        var parts = ParagraphDividerRegex().Split(r);
        var n = parts.Length;
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Trim().Length > 0) continue;
            if (i == 0 || i == parts.Length - 1) n--;
            else return -1;
        }
        return n;
    });

    private static CheckResult CheckNthParagraphFirstWord(string r, ConstraintArgs a, string id)
    {
        var target = Need(a.NumParagraphs, id, "num_paragraphs");
        var nth = Need(a.NthParagraph, id, "nth_paragraph");
        var expected = Need(a.FirstWord, id, "first_word").ToLowerInvariant();
        var parts = r.Split("\n\n");
        var n = parts.Count(p => p.Trim().Length > 0);
        if (nth > n || nth < 1) return CheckResult.Fail($"{n} paragraphs; no paragraph {nth}");
        var paragraph = parts[nth - 1].Trim();
        if (paragraph.Length == 0) return CheckResult.Fail($"paragraph {nth} is empty");
        var word = paragraph.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0].TrimStart('\'').TrimStart('"');
        var first = new string(word.TakeWhile(c => c is not ('.' or ',' or '?' or '!' or '\'' or '"')).ToArray()).ToLowerInvariant();
        var reason = $"{n} paragraphs (needs {target}); paragraph {nth} starts with \"{first}\" (needs \"{expected}\")";
        if (n == target && first == expected) return CheckResult.Pass(reason);
        // Partial credit: the paragraph count part is graded, the word part is all or nothing.
        var score = (first == expected ? 0.5 : 0.0) + 0.5 * (n == target ? 1.0 : Relation.GradedScore(Relation.Exactly, n, target));
        return new CheckResult(false, Math.Min(score, 0.99), reason);
    }

    private static CheckResult CheckPostscript(string r, ConstraintArgs a, string id)
    {
        var marker = Need(a.PostscriptMarker, id, "postscript_marker").Trim();
        var lower = r.ToLowerInvariant();
        // As IFEval: the marker may appear anywhere (the pattern is not anchored to a line start).
        var pattern = marker switch
        {
            "P.P.S" => @"\s*p\.\s?p\.\s?s.*$",
            "P.S." => @"\s*p\.\s?s\..*$",
            _ => @"\s*" + Regex.Escape(marker.ToLowerInvariant()) + ".*$",
        };
        return RuntimeRegex.Get(pattern, RegexOptions.Multiline).IsMatch(lower)
            ? CheckResult.Pass($"has a postscript starting with {marker}")
            : CheckResult.Fail($"no postscript starting with {marker}");
    }

    internal static int CountBullets(string r) => StarBulletRegex().Count(r) + DashBulletRegex().Count(r);

    private static int CountHighlights(string r)
    {
        int n = 0;
        foreach (Match m in SingleHighlightRegex().Matches(r))
            if (m.Value.Trim('*').Trim().Length > 0) n++;
        foreach (Match m in DoubleHighlightRegex().Matches(r))
            if (m.Value[2..^2].Trim().Length > 0) n++;
        return n;
    }

    private static CheckResult CheckSections(string r, ConstraintArgs a, string id)
    {
        var splitter = Need(a.SectionSpliter, id, "section_spliter").Trim();
        var target = Need(a.NumSections, id, "num_sections");
        var n = RuntimeRegex.Get(@"\s?" + Regex.Escape(splitter) + @"\s?\d+\s?").Split(r).Length - 1;
        return Count(n, Relation.AtLeast, target, $"sections marked \"{splitter} X\"");
    }

    private static readonly string[] ConstrainedOptions = ["My answer is yes.", "My answer is no.", "My answer is maybe."];

    private static CheckResult CheckConstrainedResponse(string r, ConstraintArgs a, string id)
    {
        var t = r.Trim();
        var found = ConstrainedOptions.FirstOrDefault(o => t.Contains(o, StringComparison.Ordinal));
        return found is not null ? CheckResult.Pass($"contains \"{found}\"") : CheckResult.Fail("contains none of \"My answer is yes./no./maybe.\"");
    }

    private static CheckResult CheckJson(string r, ConstraintArgs a, string id)
    {
        var v = r.Trim();
        foreach (var prefix in new[] { "```json", "```Json", "```JSON", "```" })
            if (v.StartsWith(prefix, StringComparison.Ordinal)) v = v[prefix.Length..];
        if (v.EndsWith("```", StringComparison.Ordinal)) v = v[..^3];
        v = v.Trim();
        try
        {
            using var _ = JsonDocument.Parse(v);
            return CheckResult.Pass("valid JSON");
        }
        catch (JsonException e)
        {
            return CheckResult.Fail($"not valid JSON ({e.Message.Split('.')[0]})");
        }
    }

    private static CheckResult CheckTitle(string r, ConstraintArgs a, string id)
    {
        foreach (Match m in TitleRegex().Matches(r))
            if (m.Value.TrimStart('<').TrimEnd('>').Trim().Length > 0) return CheckResult.Pass($"title {m.Value}");
        return CheckResult.Fail("no <<title>>");
    }

    private static CheckResult CheckRepeatPrompt(string r, ConstraintArgs a, string id)
    {
        var prompt = Need(a.PromptToRepeat, id, "prompt_to_repeat").Trim();
        return r.Trim().StartsWith(prompt, StringComparison.OrdinalIgnoreCase)
            ? CheckResult.Pass("starts by repeating the request")
            : CheckResult.Fail("does not start with the request repeated word for word");
    }

    private static CheckResult CheckTwoResponses(string r, ConstraintArgs a, string id)
    {
        var parts = r.Split("******");
        var valid = new List<string>();
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Trim().Length > 0) valid.Add(parts[i].Trim());
            else if (i != 0 && i != parts.Length - 1) return CheckResult.Fail("an empty response between ****** separators");
        }
        if (valid.Count != 2) return CheckResult.Fail($"{valid.Count} responses separated by ******; needs 2");
        return valid[0] != valid[1] ? CheckResult.Pass("two different responses") : CheckResult.Fail("the two responses are identical");
    }

    private static CheckResult CheckEnd(string r, ConstraintArgs a, string id)
    {
        var phrase = Need(a.EndPhrase, id, "end_phrase").Trim();
        var v = r.Trim().Trim('"').ToLowerInvariant();
        return v.EndsWith(phrase.ToLowerInvariant(), StringComparison.Ordinal)
            ? CheckResult.Pass($"ends with {Quote(phrase)}")
            : CheckResult.Fail($"does not end with {Quote(phrase)}");
    }

    private static CheckResult CheckQuotation(string r, ConstraintArgs a, string id)
    {
        var v = r.Trim();
        return v.Length > 1 && v[0] == '"' && v[^1] == '"'
            ? CheckResult.Pass("wrapped in double quotes")
            : CheckResult.Fail("not wrapped in double quotes");
    }

    private static CheckResult CheckEnglishCapital(string r, ConstraintArgs a, string id)
    {
        if (!TextMeasures.IsUpper(r)) return CheckResult.Fail("has lowercase letters");
        return ResponseLanguage.Is(r.ToLowerInvariant(), "en") ? CheckResult.Pass("English, all capitals") : CheckResult.Fail("all capitals but not English");
    }

    private static CheckResult CheckEnglishLowercase(string r, ConstraintArgs a, string id)
    {
        if (!TextMeasures.IsLower(r)) return CheckResult.Fail("has capital letters");
        return ResponseLanguage.Is(r, "en") ? CheckResult.Pass("English, all lowercase") : CheckResult.Fail("all lowercase but not English");
    }

    // ---- the engine's own kinds ----

    private static string Opening(string r) =>
        r.TrimStart().TrimStart('"', '\'', '“', '‘', '*', '#', ' ', '\t', '\n', '\r');

    private static CheckResult CheckStartPhrase(string r, ConstraintArgs a, string id)
    {
        var starter = Need(a.Starter, id, "starter").Trim();
        return Opening(r).StartsWith(starter.TrimStart('"', '\''), StringComparison.OrdinalIgnoreCase)
            ? CheckResult.Pass($"starts with {Quote(starter)}")
            : CheckResult.Fail($"does not start with {Quote(starter)}");
    }

    private static CheckResult CheckStartLetter(string r, ConstraintArgs a, string id)
    {
        var letter = Need(a.Letter, id, "letter");
        var first = Opening(r).FirstOrDefault(char.IsLetterOrDigit);
        return first != default && char.ToLowerInvariant(first) == char.ToLowerInvariant(letter[0])
            ? CheckResult.Pass($"starts with the letter {letter}")
            : CheckResult.Fail($"starts with '{first}', not '{letter}'");
    }

    private static CheckResult CheckMarkdownTable(string r, ConstraintArgs a, string id)
    {
        var lines = r.Split('\n').Select(l => l.Trim()).ToList();
        for (int i = 1; i < lines.Count; i++)
            if (TableSeparatorRegex().IsMatch(lines[i]) && lines[i - 1].Contains('|'))
                return CheckResult.Pass("has a markdown table");
        return CheckResult.Fail("no markdown table (header row, |---| separator)");
    }

    private static CheckResult CheckCodeBlock(string r, ConstraintArgs a, string id)
    {
        foreach (Match m in CodeFenceRegex().Matches(r))
        {
            var lang = m.Groups[1].Value.Trim();
            if (a.CodeLanguage is null || lang.Equals(a.CodeLanguage, StringComparison.OrdinalIgnoreCase))
                return CheckResult.Pass(lang.Length > 0 ? $"has a {lang} code block" : "has a code block");
        }
        return CheckResult.Fail(a.CodeLanguage is null ? "no fenced code block" : $"no fenced {a.CodeLanguage} code block");
    }

    private static CheckResult CheckWordsPerItem(string r, ConstraintArgs a, string id)
    {
        var max = Need(a.MaxWords, id, "max_words");
        var items = WriterText.Units(r, "item");
        if (items.Count == 0) return CheckResult.Fail("no list items");
        var over = items.Select(WriterText.CountTokens).Where(n => n > max).ToList();
        if (over.Count == 0) return CheckResult.Pass($"{items.Count} items, each at most {max} words");
        return new CheckResult(false, 1.0 - (double)over.Count / items.Count, $"{over.Count} of {items.Count} items exceed {max} words");
    }

    private static CheckResult CheckWordsInAllCaps(string r, ConstraintArgs a, string id)
    {
        var words = Need(a.Keywords, id, "keywords");
        var missing = words.Where(w => !RuntimeRegex.Get(@"\b" + Regex.Escape(w.ToUpperInvariant()) + @"\b").IsMatch(r)).ToList();
        if (missing.Count == 0) return CheckResult.Pass($"{string.Join(", ", words.Select(w => w.ToUpperInvariant()))} in capitals");
        return new CheckResult(false, 1.0 - (double)missing.Count / words.Count, $"not in capitals: {string.Join(", ", missing)}");
    }

    private static CheckResult CheckEndingPunctuation(string r, ConstraintArgs a, string id)
    {
        var p = Need(a.Punctuation, id, "punctuation");
        var v = r.TrimEnd().TrimEnd('"', '\'', '”', '’', '*', ')');
        return v.EndsWith(p, StringComparison.Ordinal)
            ? CheckResult.Pass($"ends with '{p}'")
            : CheckResult.Fail($"ends with '{(v.Length > 0 ? v[^1] : ' ')}', not '{p}'");
    }

    [GeneratedRegex(@"\[.*?\]")] private static partial Regex PlaceholderRegex();
    [GeneratedRegex(@"^\s*\*[^\*].*$", RegexOptions.Multiline)] private static partial Regex StarBulletRegex();
    [GeneratedRegex(@"^\s*-.*$", RegexOptions.Multiline)] private static partial Regex DashBulletRegex();
    [GeneratedRegex(@"\*[^\n\*]*\*")] private static partial Regex SingleHighlightRegex();
    [GeneratedRegex(@"\*\*[^\n\*]*\*\*")] private static partial Regex DoubleHighlightRegex();
    [GeneratedRegex(@"\s?\*\*\*\s?")] private static partial Regex ParagraphDividerRegex();
    [GeneratedRegex(@"<<[^\n]+>>")] private static partial Regex TitleRegex();
    [GeneratedRegex(@"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")] private static partial Regex TableSeparatorRegex();
    [GeneratedRegex(@"^[ \t]*```[ \t]*([\w+#-]*)[^\n]*\n[\s\S]*?^[ \t]*```", RegexOptions.Multiline)] private static partial Regex CodeFenceRegex();
}
