using BenchmarkDotNet.Attributes;
using RewardEngine.Verifiers.Constraints;
using static RewardEngine.Verifiers.Constraints.InstructionIds;

namespace RewardEngine.Benchmarks;

/// <summary>
/// Checks per second of the deterministic checker library (no sandbox, no LLM): a fixed mix of every IFEval id
/// and the engine's own kinds on a ~250-word response, strict and loose. Language-detecting checks
/// (response_language, english_capital/lowercase) are measured apart because Lingua dominates their cost.
/// Run: dotnet run -c Release --project benchmarks/RewardEngine.Benchmarks -- --filter '*ConstraintCheck*'
/// </summary>
[MemoryDiagnoser]
public class ConstraintCheckBenchmarks
{
    private const int PlainCount = 29;
    private (Constraint Constraint, string Response)[] _plain = [];
    private (Constraint Constraint, string Response)[] _language = [];
    private string[] _instructions = [];
    private readonly ConstraintParser _parser = new();

    [GlobalSetup]
    public void Setup()
    {
        var paragraph = "The river winds through the valley, and the old mill still turns beside it. *Farmers* bring grain in autumn. " +
                        "Children fish from the stone bridge [name] built long ago. Is there anything else I can help with?";
        var response = "<<A Valley Story>>\n" + string.Join("\n\n", Enumerable.Repeat(paragraph, 6)) + "\n* one\n* two\n- three\nP.S. Thanks.";
        Constraint C(string id, ConstraintArgs? a = null) => new(id, a ?? ConstraintArgs.None);
        Constraint[] plain =
        [
            C(KeywordsExistence, new() { Keywords = ["river", "mill"] }),
            C(KeywordsFrequency, new() { Keyword = "river", Frequency = 3, Relation = Relation.AtLeast }),
            C(ForbiddenWords, new() { ForbiddenWords = ["ocean", "desert"] }),
            C(LetterFrequency, new() { Letter = "q", LetFrequency = 2, LetRelation = Relation.LessThan }),
            C(NumberSentences, new() { NumSentences = 30, Relation = Relation.LessThan }),
            C(NumberParagraphs, new() { NumParagraphs = 3 }),
            C(NumberWords, new() { NumWords = 200, Relation = Relation.AtLeast }),
            C(NthParagraphFirstWord, new() { NumParagraphs = 6, NthParagraph = 2, FirstWord = "the" }),
            C(NumberPlaceholders, new() { NumPlaceholders = 2 }),
            C(Postscript, new() { PostscriptMarker = "P.S." }),
            C(NumberBulletLists, new() { NumBullets = 3 }),
            C(NumberHighlightedSections, new() { NumHighlights = 2 }),
            C(MultipleSections, new() { SectionSpliter = "Section", NumSections = 2 }),
            C(ConstrainedResponse), C(JsonFormat), C(Title),
            C(RepeatPrompt, new() { PromptToRepeat = "Tell me about the valley." }),
            C(TwoResponses), C(EndChecker, new() { EndPhrase = "Thanks." }), C(Quotation),
            C(CapitalWordFrequency, new() { CapitalFrequency = 3, CapitalRelation = Relation.AtLeast }),
            C(NoComma),
            C(LineCount, new() { NumLines = 10, Relation = Relation.AtLeast }), C(StartPhrase, new() { Starter = "<<A" }),
            C(MarkdownTable), C(CodeBlock), C(NumberedList, new() { NumItems = 2, Relation = Relation.AtLeast }),
            C(WordsPerItem, new() { MaxWords = 5 }), C(EndingPunctuation, new() { Punctuation = "." }),
        ];
        _plain = plain.Select(c => (c, response)).ToArray();
        if (_plain.Length != PlainCount) throw new InvalidOperationException($"PlainCount is {PlainCount}, mix has {_plain.Length}");
        _language = [(C(InstructionIds.ResponseLanguage, new() { Language = "en" }), response), (C(EnglishLowercase), response.ToLowerInvariant())];
        _instructions =
        [
            "Write a blog post about rivers with at least 300 words. Do not use any commas and include the keywords mill and valley.",
            "Answer in exactly 3 bullet points, all in lowercase, and end with \"Any questions?\"",
            "Give it a title in <<double angle brackets>> and highlight at least 2 sections with markdown, i.e. *highlighted section*.",
            "What is the capital of France?",
        ];
        foreach (var (c, r) in _plain.Concat(_language)) ConstraintCheckers.CheckStrict(c, r); // warm the language detector
    }

    [Benchmark(Description = "strict checks, no language detection", OperationsPerInvoke = PlainCount)]
    public int StrictChecks()
    {
        int passed = 0;
        foreach (var (c, r) in _plain) if (ConstraintCheckers.CheckStrict(c, r).Passed) passed++;
        return passed;
    }

    [Benchmark(Description = "strict + loose checks, no language detection", OperationsPerInvoke = PlainCount)]
    public int StrictAndLooseChecks()
    {
        int passed = 0;
        foreach (var (c, r) in _plain) if (ConstraintCheckers.Check(c, r).Loose.Passed) passed++;
        return passed;
    }

    [Benchmark(Description = "strict checks with language detection", OperationsPerInvoke = 2)]
    public int LanguageChecks()
    {
        int passed = 0;
        foreach (var (c, r) in _language) if (ConstraintCheckers.CheckStrict(c, r).Passed) passed++;
        return passed;
    }

    [Benchmark(Description = "parse instructions", OperationsPerInvoke = 4)]
    public int Parse() => _instructions.Sum(i => _parser.Parse(i).Count);
}
