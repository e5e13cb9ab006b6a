using RewardEngine.Verifiers.Constraints;
using Xunit;
using static RewardEngine.Verifiers.Constraints.InstructionIds;

namespace RewardEngine.Tests.Constraints;

/// <summary>Each checker on hand-written responses that meet and that break its constraint.</summary>
public class CheckerTests
{
    private static bool Strict(string id, ConstraintArgs args, string response) =>
        ConstraintCheckers.CheckStrict(new Constraint(id, args), response).Passed;

    private static void PassFail(string id, ConstraintArgs args, string passing, string failing)
    {
        Assert.True(Strict(id, args, passing), $"{id} should pass: {passing}");
        Assert.False(Strict(id, args, failing), $"{id} should fail: {failing}");
    }

    [Fact]
    public void Keywords_existence_is_case_insensitive_and_matches_substrings_as_IFEval()
    {
        var args = new ConstraintArgs { Keywords = ["Apple", "pie"] };
        PassFail(KeywordsExistence, args, "I baked an apple PIE today.", "I baked an apple tart today.");
        Assert.True(Strict(KeywordsExistence, new ConstraintArgs { Keywords = ["pie"] }, "a pied piper")); // substring, as IFEval
    }

    [Fact]
    public void Keyword_frequency_counts_occurrences_with_both_relations()
    {
        PassFail(KeywordsFrequency, new ConstraintArgs { Keyword = "war", Frequency = 2, Relation = Relation.AtLeast },
            "War is old. The war ended.", "War is old. Peace came.");
        PassFail(KeywordsFrequency, new ConstraintArgs { Keyword = "the", Frequency = 2, Relation = Relation.LessThan },
            "The cat sat.", "The cat sat on the mat.");
    }

    [Fact]
    public void Forbidden_words_use_word_boundaries()
    {
        var args = new ConstraintArgs { ForbiddenWords = ["cat"] };
        PassFail(ForbiddenWords, args, "A category of concatenated things.", "My Cat is asleep.");
    }

    [Fact]
    public void Letter_frequency_counts_a_letter_case_insensitively()
    {
        PassFail(LetterFrequency, new ConstraintArgs { Letter = "q", LetFrequency = 2, LetRelation = Relation.AtLeast },
            "Quick quiet quail.", "Quick brown fox.");
        PassFail(LetterFrequency, new ConstraintArgs { Letter = "e", LetFrequency = 1, LetRelation = Relation.LessThan },
            "A warm day at a lagoon.", "A warm day at the lagoon.");
    }

    [Fact]
    public void Response_language_uses_the_detector()
    {
        var args = new ConstraintArgs { Language = "fr" };
        PassFail(InstructionIds.ResponseLanguage, args,
            "Bonjour, je voudrais réserver une table pour deux personnes ce soir, s'il vous plaît.",
            "Hello, I would like to book a table for two people tonight, please.");
        Assert.True(Strict(InstructionIds.ResponseLanguage, new ConstraintArgs { Language = "kn" }, "ಹ್ಯಾಂಬರ್ಗರ್ ಒಂದು ಸ್ಯಾಂಡ್‌ವಿಚ್ ಆಗಿದೆ."));
        Assert.True(Strict(InstructionIds.ResponseLanguage, new ConstraintArgs { Language = "ko" }, "제방과 둑의 차이점은 무엇입니까? 둑은 강을 따라 쌓은 구조물입니다."));
    }

    [Fact]
    public void Sentences_are_counted_in_the_Punkt_manner()
    {
        Assert.Equal(3, TextMeasures.CountSentences("Dr. Smith arrived. He was late! Was he sorry?"));
        Assert.Equal(2, TextMeasures.CountSentences("It cost 3.5 dollars. Apples, e.g. reds, are cheap"));
        PassFail(NumberSentences, new ConstraintArgs { NumSentences = 3, Relation = Relation.LessThan },
            "One. Two.", "One. Two. Three.");
        PassFail(NumberSentences, new ConstraintArgs { NumSentences = 2, Relation = Relation.AtLeast },
            "One. Two.", "Just one here");
    }

    [Fact]
    public void Words_are_runs_of_word_characters()
    {
        Assert.Equal(6, TextMeasures.CountWords("It's a well-known fact.")); // \w+ splits at the apostrophe and hyphen, as IFEval
        PassFail(NumberWords, new ConstraintArgs { NumWords = 5, Relation = Relation.LessThan },
            "Four words right here.", "These are five words now.");
    }

    [Fact]
    public void Paragraphs_are_split_on_the_markdown_divider_and_empty_middles_fail()
    {
        var args = new ConstraintArgs { NumParagraphs = 2 };
        PassFail(NumberParagraphs, args, "First part.\n***\nSecond part.", "Only one part.");
        Assert.False(Strict(NumberParagraphs, args, "One\n***\n***\nTwo"));
        Assert.True(Strict(NumberParagraphs, args, "***\nOne\n***\nTwo\n***")); // empty edges do not count
    }

    [Fact]
    public void Nth_paragraph_first_word_splits_on_blank_lines()
    {
        var args = new ConstraintArgs { NumParagraphs = 2, NthParagraph = 2, FirstWord = "summary" };
        PassFail(NthParagraphFirstWord, args, "Intro text here.\n\n\"Summary, then the rest.", "Intro text here.\n\nIn summary, the rest.");
        Assert.False(Strict(NthParagraphFirstWord, args, "Intro.\n\nSummary here.\n\nThird."));
    }

    [Fact]
    public void Placeholders_postscript_bullets_highlights()
    {
        PassFail(NumberPlaceholders, new ConstraintArgs { NumPlaceholders = 2 }, "Dear [name], at [address].", "Dear [name].");
        PassFail(Postscript, new ConstraintArgs { PostscriptMarker = "P.P.S" }, "Body.\n\nP.P.S. See you.", "Body.\n\nP.S. See you.");
        PassFail(Postscript, new ConstraintArgs { PostscriptMarker = "P.S." }, "Body.\np.s. later", "Body. PS later");
        PassFail(NumberBulletLists, new ConstraintArgs { NumBullets = 3 }, "* a\n* b\n- c", "* a\n* b");
        PassFail(NumberHighlightedSections, new ConstraintArgs { NumHighlights = 2 }, "Some *one* and **two** here.", "Some *one* and ** ** here.");
    }

    [Fact]
    public void Sections_constrained_json_title()
    {
        PassFail(MultipleSections, new ConstraintArgs { SectionSpliter = "Section", NumSections = 2 },
            "Section 1\nabc\nSection 2\ndef", "Section 1\nabc only");
        PassFail(ConstrainedResponse, ConstraintArgs.None, "Hmm. My answer is maybe.", "My answer is: yes");
        PassFail(JsonFormat, ConstraintArgs.None, "```json\n{\"a\": [1, 2]}\n```", "{\"a\": [1, 2],}");
        PassFail(Title, ConstraintArgs.None, "<<Ode to Joy>>\nText.", "<< >>\nText.");
    }

    [Fact]
    public void Repeat_two_responses_end_quotation()
    {
        PassFail(RepeatPrompt, new ConstraintArgs { PromptToRepeat = "Write a poem." }, "write a poem. Roses are red.", "Sure! Write a poem.");
        PassFail(TwoResponses, ConstraintArgs.None, "First answer.\n******\nSecond answer.", "Same.\n******\nSame.");
        PassFail(EndChecker, new ConstraintArgs { EndPhrase = "Any questions?" }, "Done. Any questions?\"", "Any questions? Bye.");
        PassFail(Quotation, ConstraintArgs.None, "  \"Quoted whole.\"  ", "\"Half quoted.");
    }

    [Fact]
    public void Case_checks_and_commas()
    {
        PassFail(CapitalWordFrequency, new ConstraintArgs { CapitalFrequency = 2, CapitalRelation = Relation.AtLeast },
            "This is VERY IMPORTANT news.", "This is Very important news.");
        PassFail(EnglishCapital, ConstraintArgs.None, "THIS IS ALL IN CAPITAL LETTERS AND IN ENGLISH.", "THIS IS MOSTLY capital.");
        PassFail(EnglishLowercase, ConstraintArgs.None, "this is all lowercase and written in english.", "this is Mostly lowercase.");
        PassFail(NoComma, ConstraintArgs.None, "No commas here.", "Yes, a comma.");
    }

    [Fact]
    public void Own_kinds_check_lines_starts_tables_code_lists_headings_items_caps_and_endings()
    {
        PassFail(LineCount, new ConstraintArgs { NumLines = 3, Relation = Relation.Exactly }, "a\nb\n\nc", "a\nb");
        PassFail(StartPhrase, new ConstraintArgs { Starter = "Dear team" }, "\"Dear team, hello.", "Hello dear team.");
        PassFail(StartLetter, new ConstraintArgs { Letter = "B" }, "Bright ideas win.", "Ideas win.");
        PassFail(MarkdownTable, ConstraintArgs.None, "| a | b |\n|---|---|\n| 1 | 2 |", "a | b\n1 | 2");
        PassFail(CodeBlock, new ConstraintArgs { CodeLanguage = "python" }, "```python\nprint(1)\n```", "```js\nx\n```");
        PassFail(NumberedList, new ConstraintArgs { NumItems = 2, Relation = Relation.Exactly }, "1. a\n2) b", "1. a\n2. b\n3. c");
        PassFail(BulletCount, new ConstraintArgs { NumBullets = 2, Relation = Relation.AtMost }, "* a\n* b", "* a\n* b\n* c");
        PassFail(TitledSections, new ConstraintArgs { NumSections = 2, Relation = Relation.AtLeast }, "# One\ntext\n## Two", "# One\n#Two");
        PassFail(WordsPerItem, new ConstraintArgs { MaxWords = 3 }, "- one two\n- three four five", "- one two three four");
        PassFail(WordsInAllCaps, new ConstraintArgs { Keywords = ["urgent"] }, "This is URGENT.", "This is Urgent.");
        PassFail(EndingPunctuation, new ConstraintArgs { Punctuation = "?" }, "Is it done?\"", "It is done.");
    }

    [Fact]
    public void Loose_tries_without_first_or_last_line_and_without_asterisks()
    {
        var c = new Constraint(EndChecker, new ConstraintArgs { EndPhrase = "Bye." });
        var v = ConstraintCheckers.Check(c, "Hello.\nBye.\nHere is a trailing note.");
        Assert.False(v.Strict.Passed);
        Assert.True(v.Loose.Passed);
        var q = ConstraintCheckers.Check(new Constraint(Quotation), "Sure, here it is:\n\"All quoted.\"");
        Assert.False(q.Strict.Passed);
        Assert.True(q.Loose.Passed);
        Assert.Equal(8, ConstraintCheckers.LooseVariants("a\nb\nc").Count);
    }

    [Fact]
    public void Check_gives_the_verdicts_of_strict_and_of_every_loose_variant_tried_in_order()
    {
        // Check reuses the strict result and skips repeated variants: it must equal the plain definition.
        Constraint[] constraints =
        [
            new(EndChecker, new ConstraintArgs { EndPhrase = "Bye." }), new(Quotation), new(NoComma),
            new(NumberWords, new ConstraintArgs { NumWords = 6, Relation = Relation.LessThan }),
            new(NumberSentences, new ConstraintArgs { NumSentences = 3, Relation = Relation.AtLeast }),
            new(NumberHighlightedSections, new ConstraintArgs { NumHighlights = 2 }),
        ];
        string[] responses =
        [
            "Hello.\nBye.\nHere is a trailing note.", "Sure, here it is:\n\"All quoted.\"", "a, b\nc", "*one* two\n*three*",
            "One. Two.\nThree, four five six seven.", "no asterisks at all", "x", "  \n  ", "**a**\n**b**\n**c**",
        ];
        foreach (var c in constraints)
            foreach (var r in responses)
            {
                var strict = ConstraintCheckers.CheckStrict(c, r);
                CheckResult? best = null, passed = null;
                foreach (var variant in ConstraintCheckers.LooseVariants(r))
                {
                    if (variant.Trim().Length == 0) continue;
                    var v = ConstraintCheckers.CheckStrict(c, variant);
                    if (v.Passed) { passed = v; break; }
                    if (best is null || v.Score > best.Score) best = v;
                }
                var loose = passed ?? best ?? CheckResult.Fail("empty response");
                var verdict = ConstraintCheckers.Check(c, r);
                Assert.Equal(strict, verdict.Strict);
                Assert.Equal(loose, verdict.Loose);
                Assert.Equal(loose, ConstraintCheckers.CheckLoose(c, r));
            }
    }

    [Fact]
    public void Graded_score_rewards_a_near_miss_over_a_far_miss()
    {
        var c = new Constraint(NumberWords, new ConstraintArgs { NumWords = 50, Relation = Relation.AtLeast });
        var near = ConstraintCheckers.CheckStrict(c, string.Join(' ', Enumerable.Repeat("word", 48)));
        var far = ConstraintCheckers.CheckStrict(c, string.Join(' ', Enumerable.Repeat("word", 10)));
        Assert.False(near.Passed);
        Assert.False(far.Passed);
        Assert.InRange(near.Score, 0.95, 0.97);
        Assert.True(near.Score > far.Score);
        Assert.Equal(0.0, ConstraintCheckers.CheckStrict(new Constraint(NoComma), "a, b").Score);
    }

    [Fact]
    public void Empty_response_fails_and_bad_kwargs_are_reported()
    {
        Assert.False(Strict(NoComma, ConstraintArgs.None, "   "));
        Assert.Contains("num_words", ConstraintCheckers.Validate(new Constraint(NumberWords, new ConstraintArgs { Relation = Relation.AtLeast })));
        Assert.Contains("unknown instruction id", ConstraintCheckers.Validate(new Constraint("nope:nothing")));
        Assert.Null(ConstraintCheckers.Validate(new Constraint(NoComma)));
        Assert.All(InstructionIds.IfEval.Concat(InstructionIds.Own), id => Assert.True(ConstraintCheckers.Supports(id), id));
    }
}
