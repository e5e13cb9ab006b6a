using RewardEngine.Verifiers.Constraints;
using Xunit;

namespace RewardEngine.Tests.Verifiers.Constraints;

/// <summary>
/// The writer's counting (kwarg counting=writer, for constraints read from free text) against IFEval's (the same id
/// given explicitly): each rule of docs/instruction-following.md, on answers where the two differ.
/// </summary>
public class WriterCountingTests
{
    private static bool Passes(string id, ConstraintArgs args, string response) =>
        ConstraintCheckers.CheckStrict(new Constraint(id, args), response).Passed;

    private static ConstraintArgs Writer(ConstraintArgs a) => a with { Counting = ConstraintArgs.Writer };

    [Theory]
    [InlineData("We passed the harbors at dusk.", false)]
    [InlineData("We passed the harboring boats.", false)]
    [InlineData("We passed the harbor at dusk.", true)]
    [InlineData("The HARBOR's lights were on.", true)]
    [InlineData("A harbor-side cafe.", true)]
    public void Keyword_existence_is_the_exact_form_on_word_boundaries(string response, bool expected)
    {
        var args = new ConstraintArgs { Keywords = ["harbor"] };
        Assert.Equal(expected, Passes(InstructionIds.KeywordsExistence, Writer(args), response));
        // IFEval's rule (explicit ids) keeps substring matching: every one of these passes.
        Assert.True(Passes(InstructionIds.KeywordsExistence, args, response));
    }

    [Fact]
    public void A_symbol_asked_for_in_words_is_counted_as_itself()
    {
        // "Include at least 2 hashtags": the parser reads letter_frequency '#' from free text, marked counting=writer.
        var parsed = new ConstraintParser().Parse("Write a tweet encouraging people to recycle. Include at least 2 hashtags.");
        var hashtags = Assert.Single(parsed, c => c.InstructionId == InstructionIds.LetterFrequency);
        Assert.True(hashtags.Args.WriterCounting);
        Assert.True(ConstraintCheckers.CheckStrict(hashtags, "Small habits add up. #Recycle #ZeroWaste").Passed);
        Assert.False(ConstraintCheckers.CheckStrict(hashtags, "Small habits add up. #Recycle").Passed);
        // Given explicitly (IFEval's id without the kwarg), a non-letter takes the verdict most letters give.
        var explicitId = new Constraint(InstructionIds.LetterFrequency, hashtags.Args with { Counting = null });
        Assert.Equal(ConstraintCheckers.CheckStrict(explicitId, "Small habits add up. #Recycle").Passed,
            ConstraintCheckers.CheckStrict(explicitId, "Small habits add up. #Recycle #ZeroWaste").Passed);
    }

    [Fact]
    public void Keyword_frequency_counts_only_the_exact_form()
    {
        var args = new ConstraintArgs { Keyword = "river", Frequency = 3, Relation = Relation.AtLeast };
        const string response = "The river ran. The river rose. The rivers met.";
        Assert.False(Passes(InstructionIds.KeywordsFrequency, Writer(args), response));
        Assert.True(Passes(InstructionIds.KeywordsFrequency, args, response));
        var fewer = new ConstraintArgs { Keyword = "very", Frequency = 2, Relation = Relation.LessThan };
        Assert.True(Passes(InstructionIds.KeywordsFrequency, Writer(fewer), "It was very good for every one of us, every day."));
        Assert.False(Passes(InstructionIds.KeywordsFrequency, fewer, "It was very good for every one of us, every day."));
    }

    [Fact]
    public void Keywords_with_apostrophes_match_straight_and_curly()
    {
        var args = Writer(new ConstraintArgs { Keywords = ["farmer's market"] });
        Assert.True(Passes(InstructionIds.KeywordsExistence, args, "Meet me at the farmer’s market."));
        Assert.False(Passes(InstructionIds.KeywordsExistence, args, "Meet me at the farmers market."));
    }

    [Fact]
    public void Words_are_whitespace_tokens_and_hyphenated_words_and_contractions_count_once()
    {
        Assert.Equal(7, WriterText.CountWords("It's a well-known, state-of-the-art tool we'll use."));
        Assert.Equal(3, WriterText.CountWords("- one\n- two\n1. three"));
        Assert.Equal(2, WriterText.CountWords("Run this:\n```\nls -la /tmp\n```"));
        var args = new ConstraintArgs { Relation = Relation.LessThan, NumWords = 5 };
        Assert.True(Passes(InstructionIds.NumberWords, Writer(args), "Don't over-think it."));
        Assert.False(Passes(InstructionIds.NumberWords, args, "Don't over-think it, friend's."));
    }

    [Theory]
    [InlineData("# Why it matters.\nThe lake froze. Kids skated. Bakers sold bread.", 3)] // a heading with a period is no sentence
    [InlineData("**Overview**\nThe lake froze. Kids skated.", 2)] // bold-only line
    [InlineData("Here is what I found:\nThe lake froze. Kids skated.", 3)] // a colon preamble is one sentence
    [InlineData("Great news!\n- walk daily\n- sleep early", 3)] // exclamation opener; list items without periods
    [InlineData("The lake froze.\n\n```python\n# Step one. Step two.\nx = 1\n```", 1)] // code is excluded
    [InlineData("| A. | B. |\n|---|---|\n| C. | D. |\nThe lake froze.", 1)] // tables are excluded
    [InlineData("Part 2: Results\nThe lake froze. Kids skated.", 2)] // a labelled line is a heading
    public void Sentences_follow_the_written_rule(string response, int expected) =>
        Assert.Equal(expected, WriterText.CountSentences(response));

    [Fact]
    public void Paragraphs_are_blank_line_blocks_without_headings_dividers_or_code()
    {
        const string response = "## Title\n\nFirst para.\n\n---\n\nSecond para\nstill second.\n\n```\ncode\n```\n\nThird.";
        Assert.Equal(3, WriterText.Paragraphs(response).Count);
        var args = new ConstraintArgs { NumParagraphs = 3, Relation = Relation.Exactly };
        Assert.True(Passes(InstructionIds.ParagraphCount, args, response));
        Assert.False(Passes(InstructionIds.ParagraphCount, args with { NumParagraphs = 4 }, response));
    }

    [Theory]
    [InlineData("One.\n\n* * *\n\nTwo.\n\n * * * \n\nThree.")]
    [InlineData("One.\n***\nTwo.\n***\nThree.")]
    [InlineData("One.\n\n*  *  *\n\nTwo.\n\n***\n\nThree.")]
    public void Divided_paragraphs_accept_spaced_dividers_when_written(string response)
    {
        var args = new ConstraintArgs { NumParagraphs = 3 };
        Assert.True(Passes(InstructionIds.NumberParagraphs, Writer(args), response));
        Assert.False(Passes(InstructionIds.NumberParagraphs, Writer(args with { NumParagraphs = 2 }), response));
    }

    [Fact]
    public void An_all_lowercase_answer_has_lowercase_sentences()
    {
        var args = Writer(new ConstraintArgs { Relation = Relation.AtLeast, NumSentences = 3 });
        Assert.True(Passes(InstructionIds.NumberSentences, args, "ice melts. rivers rise. birds return."));
        // With capitals present, a lowercase word after a period still continues the sentence ("e.g. this").
        Assert.False(Passes(InstructionIds.NumberSentences, args, "Ice melts. rivers rise. birds return."));
    }

    [Fact]
    public void A_postscript_is_not_a_paragraph()
    {
        var args = new ConstraintArgs { NumParagraphs = 2, Relation = Relation.Exactly };
        Assert.True(Passes(InstructionIds.ParagraphCount, args, "Ice melts.\n\nRivers rise.\n\nP.S. Bring boots."));
        Assert.False(Passes(InstructionIds.ParagraphCount, args, "Ice melts. Rivers rise.\n\nP.S. Bring boots."));
    }

    [Fact]
    public void Capital_words_are_words_of_two_or_more_capitals()
    {
        var args = new ConstraintArgs { CapitalFrequency = 2, CapitalRelation = Relation.AtLeast };
        const string response = "A storm is coming and I think it is REALLY close.";
        Assert.False(Passes(InstructionIds.CapitalWordFrequency, Writer(args), response));
        Assert.True(Passes(InstructionIds.CapitalWordFrequency, Writer(args), response + " Leave NOW."));
        // IFEval's rule (explicit ids) counts "A" and "I" too.
        Assert.True(Passes(InstructionIds.CapitalWordFrequency, args, response));
    }

    [Fact]
    public void A_bracketed_label_is_a_list_marker_not_words()
    {
        var args = Writer(new ConstraintArgs { Relation = Relation.LessThan, NumWords = 5 });
        Assert.True(Passes(InstructionIds.NumberWords, args, "[Step 1] Boil water.\n[Step 2] Add tea."));
    }

    [Fact]
    public void IFEval_semantics_stay_for_explicit_ids()
    {
        // IFEval splits on the bare *** only: a spaced divider is one paragraph there.
        Assert.False(Passes(InstructionIds.NumberParagraphs, new ConstraintArgs { NumParagraphs = 2 }, "One.\n\n* * *\n\nTwo."));
        // IFEval's \w+ words: a contraction is two.
        Assert.Equal(2, TextMeasuresCount("don't"));
    }

    private static int TextMeasuresCount(string s) =>
        ConstraintCheckers.CheckStrict(new Constraint(InstructionIds.NumberWords, new ConstraintArgs { Relation = Relation.AtLeast, NumWords = 2 }), s).Passed ? 2 : 1;
}
