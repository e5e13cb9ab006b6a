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
    [InlineData("\"Is it ready?\" she asked. The cook shook his head.", 2)] // '?' before a lowercase tag continues
    [InlineData("We packed tents, lanterns, etc. The trip took four days.", 2)] // "etc." can end a sentence
    [InlineData("The meeting is at 3:30 p.m. Please don't be late.", 2)]
    [InlineData("Mr. and Mrs. Chen arrived at 9 a.m. on Monday.", 1)] // ...but not before a lowercase word
    [InlineData("The answer is 42. That is all.", 2)] // a number ends a sentence (list markers are gone)
    [InlineData("The short answer is no. Here is why.", 2)] // "no." is an abbreviation only before a number
    [InlineData("Ask for form No. 5 at the desk.", 1)]
    [InlineData("Step 1. Mix the flour.\nStep 2. Bake it.", 2)] // numbered steps: the label is no sentence
    [InlineData("I'd choose Option A. It's cheaper.", 2)] // an opener after a single letter ends the sentence...
    [InlineData("J. R. R. Tolkien wrote it. Dr. Adams read it.", 2)] // ...a name after initials or a title does not
    [InlineData("Prices rose in the U.S. The rest of the world held steady.", 2)]
    [InlineData("Overview\n========\n\nSome text here.", 1)] // a setext heading is no sentence
    [InlineData("✅ Fast setup\n✅ Low cost\n❌ No offline mode", 3)] // symbol-led list lines are items
    public void Sentences_follow_the_written_rule(string response, int expected) =>
        Assert.Equal(expected, WriterText.CountSentences(response));

    [Theory]
    [InlineData("• Eat more vegetables.\n• Walk every day.\n+ Sleep eight hours.", 3)] // every bullet sign
    [InlineData("- Revenue rose.\n  - Most came from Europe.\n- Costs fell.", 3)] // nested bullets count
    [InlineData("One.\n* * *\nTwo.\n\n---\n\nThree.\n\n*Source: a survey.*", 0)] // dividers, italic lines
    [InlineData("```\n- not a bullet\n* nor this\n```\n- a bullet", 1)] // code is not a list
    [InlineData("✅ Fast setup\n✅ Low cost\n❌ No offline mode", 3)] // lines led by symbols, one under another
    [InlineData("– Fast\n– Cheap\n\n🎉 Congratulations on the launch!\nThe team did well.", 2)] // a lone emoji opener is not
    public void Bullets_are_the_writers_list_lines(string response, int expected)
    {
        Assert.Equal(expected, WriterText.Count(response, WriterText.LineKind.Bullet));
        var args = new ConstraintArgs { NumBullets = expected, Relation = Relation.Exactly };
        Assert.True(Passes(InstructionIds.BulletCount, args, response));
        Assert.True(Passes(InstructionIds.NumberBulletLists, Writer(args), response));
    }

    [Fact]
    public void Numbered_steps_are_items_and_their_labels_are_words()
    {
        const string steps = "Step 1: Remove the cover.\nStep 2: Unscrew the bolts.\n**Step 3:** Lift out the filter.\n[Step 4] Rinse it.";
        Assert.Equal(4, WriterText.Count(steps, WriterText.LineKind.Numbered));
        Assert.Equal(4, WriterText.CountSentences(steps));
        Assert.Equal(18, WriterText.CountWords(steps)); // "Step 1:" is written out: two words; "[Step 4]" is a marker
        Assert.Equal(["Remove the cover.", "Unscrew the bolts.", "Lift out the filter.", "Rinse it."], WriterText.Units(steps, "item"));
        // A label without a sentence after it is a heading, not an item.
        const string headed = "Step 1: Prepare\n\nWash the vegetables.\n\nStep 2: Cook\n\nFry the onions.";
        Assert.Equal(0, WriterText.Count(headed, WriterText.LineKind.Numbered));
        Assert.Equal(2, WriterText.Count(headed, WriterText.LineKind.Heading));
    }

    [Fact]
    public void A_headings_own_number_is_a_marker_not_a_word()
    {
        const string response = "## 1. Choose a Topic\n\nPick one.\n\n**2) Do the Research**\n\nRead.";
        Assert.Equal(["Choose a Topic", "Do the Research"], WriterText.Units(response, "heading"));
        Assert.Equal(9, WriterText.CountWords(response));
        Assert.Equal(["2023 Results", "3.5 Update"], WriterText.Units("## 2023 Results\n\n## 3.5 Update", "heading"));
    }

    [Fact]
    public void Display_math_is_like_code_no_words_sentences_or_paragraphs()
    {
        const string response = "The formula is:\n\n\\[\nA = \\frac{1}{2} b h. Then more.\n\\]\n\nSo A = 6.\n\n$$x = 2$$\n\n1. **Distribute:**\n   \\[ 3x + 10 = 5x - 10 \\]\n2. **Solve.**";
        Assert.Equal(4, WriterText.CountSentences(response));
        Assert.Equal(3, WriterText.Paragraphs(response).Count);
        Assert.Equal(8, WriterText.CountWords(response));
        Assert.Equal(2, WriterText.Count(response, WriterText.LineKind.Numbered));
        Assert.Equal(0, WriterText.Count("\\[\n- 2x = -20\n\\]", WriterText.LineKind.Bullet));
    }

    [Theory]
    [InlineData("The Benefits of Morning Walks\n\nWalk daily. It helps.\n\nStart small.", 1, 2)]
    [InlineData("<<A Walk in the Rain>>\n\nWalk daily. It helps.\n\nStart small.", 1, 2)]
    [InlineData("Sure thing\n\nWalk daily. It helps.\n\nStart small.", 0, 3)] // not in title case
    [InlineData("Walk Daily.\n\nWalk daily. It helps.\n\nStart small.", 0, 3)] // end punctuation: a sentence
    [InlineData("The Benefits of Morning Walks\nWalk daily. It helps.\n\nStart small.", 0, 2)] // no blank line under it
    public void A_title_case_first_line_standing_alone_is_a_title(string response, int headings, int paragraphs)
    {
        Assert.Equal(headings, WriterText.Count(response, WriterText.LineKind.Heading));
        Assert.Equal(paragraphs, WriterText.Paragraphs(response).Count);
    }

    [Fact]
    public void A_setext_underline_makes_a_heading()
    {
        const string response = "Overview\n========\n\nSome text here.\n\n===";
        Assert.Equal(["Overview"], WriterText.Units(response, "heading"));
        Assert.Single(WriterText.Paragraphs(response));
        Assert.Equal(4, WriterText.CountWords(response));
    }

    [Theory]
    [InlineData("Scene 1: The Market\nThe stalls opened.\n\nScene 2: The Storm\nRain fell.")]
    [InlineData("Question 1\nWhat is a noun?\n\nQuestion 2\nWhat is a verb?")]
    public void Labelled_lines_with_more_labels_are_headings(string response) =>
        Assert.Equal(2, WriterText.Count(response, WriterText.LineKind.Heading));

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
        // IFEval's bullets: a line opening with '*' or '-', a divider included.
        Assert.True(Passes(InstructionIds.NumberBulletLists, new ConstraintArgs { NumBullets = 3 }, "* a\n* * *\n- b"));
        // The Punkt-like split of IFEval's sentences is unchanged: '?' ends a sentence before a lowercase word.
        Assert.Equal(3, TextMeasures.CountSentences("\"Is it ready?\" she asked. The cook shook his head."));
    }

    private static int TextMeasuresCount(string s) =>
        ConstraintCheckers.CheckStrict(new Constraint(InstructionIds.NumberWords, new ConstraintArgs { Relation = Relation.AtLeast, NumWords = 2 }), s).Passed ? 2 : 1;
}
