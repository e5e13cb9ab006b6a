using RewardEngine.Verifiers.Constraints;
using Xunit;

namespace RewardEngine.Tests.Verifiers.Constraints;

/// <summary>Each of the engine's structural kinds on one answer that meets it and one that breaks it.</summary>
public class UnitKindTests
{
    private static void PassFail(string id, ConstraintArgs args, string good, string bad)
    {
        var c = new Constraint(id, args);
        Assert.Null(ConstraintCheckers.Validate(c));
        var g = ConstraintCheckers.CheckStrict(c, good);
        var b = ConstraintCheckers.CheckStrict(c, bad);
        Assert.True(g.Passed, $"{c.Describe()} on good: {g.Reason}");
        Assert.False(b.Passed, $"{c.Describe()} on bad: {b.Reason}");
    }

    [Fact]
    public void Sentences_per_unit() => PassFail(InstructionIds.SentencesPerUnit,
        new ConstraintArgs { Unit = "paragraph", NumSentences = 2, Relation = Relation.Exactly },
        "Ice melts. Rivers rise.\n\nBirds return. Days grow.", "Ice melts. Rivers rise.\n\nBirds return. Days grow. Nights shrink.");

    [Fact]
    public void Each_bullet_a_single_sentence() => PassFail(InstructionIds.SentencesPerUnit,
        new ConstraintArgs { Unit = "bullet", NumSentences = 1, Relation = Relation.Exactly },
        "- Walk daily.\n- Sleep early", "- Walk daily. Run too.\n- Sleep early");

    [Fact]
    public void Words_per_unit() => PassFail(InstructionIds.WordsPerUnit,
        new ConstraintArgs { Unit = "heading", NumWords = 3, Relation = Relation.AtMost },
        "## Morning Walks\nText.\n\n**Evening Tea**\nText.", "## Morning Walks\nText.\n\n**A Long Evening Tea Party**\nText.");

    [Fact]
    public void Keywords_per_unit_need_the_word_in_every_section() => PassFail(InstructionIds.KeywordsPerUnit,
        new ConstraintArgs { Unit = "section", Keywords = ["cost"] },
        "## One\nThe cost is low.\n\n## Two\nCost rises.", "## One\nThe cost is low.\n\n## Two\nThe costs rise.");

    [Fact]
    public void Unit_opening_one_starter_for_all() => PassFail(InstructionIds.UnitOpening,
        new ConstraintArgs { Unit = "paragraph", Keywords = ["Today"] },
        "Today we rest.\n\nToday, we eat.", "Today we rest.\n\nTodays are long.");

    [Fact]
    public void Unit_opening_respectively() => PassFail(InstructionIds.UnitOpening,
        new ConstraintArgs { Unit = "paragraph", Keywords = ["First", "Next", "Finally"] },
        "First a.\n\nNext b.\n\n\"Finally\" c.", "First a.\n\nNext b.\n\nThen c.");

    [Fact]
    public void Labelled_sections_number_in_order() => PassFail(InstructionIds.LabelledSections,
        new ConstraintArgs { SectionSpliter = "Part {n}:", NumSections = 3 },
        "Part 1: Intro\nx\n\n**Part 2:** Body\ny\n\n## Part III: End\nz", "Part 1: Intro\nx\n\nPart 3: End\nz\n\nPart 2: Body");

    [Fact]
    public void Headings_count_markdown_bold_and_labelled_lines() => PassFail(InstructionIds.TitledSections,
        new ConstraintArgs { NumSections = 3, Relation = Relation.Exactly },
        "# A\nx\n\n**B**\ny\n\nStep 3: Finish\nz", "# A\nx\n\n**B** is bold in a sentence.\ny");

    [Fact]
    public void Headings_at_a_level() => PassFail(InstructionIds.TitledSections,
        new ConstraintArgs { NumSections = 2, Relation = Relation.Exactly, HeadingLevel = 2 },
        "## A\nx\n\n## B\ny\n\n### C\nz", "# A\nx\n\n## B\ny");

    [Theory]
    [InlineData("**", "**Winter Notes**\nText.", "*Winter Notes*\nText.")]
    [InlineData("[[", "[[Harbor Days]]\nText.", "[Harbor Days]\nText.")]
    [InlineData("#", "# Market Day\nText.", "## Market Day\nText.")]
    public void Title_format(string wrapper, string good, string bad) =>
        PassFail(InstructionIds.TitleFormat, new ConstraintArgs { Wrapper = wrapper }, good, bad);

    [Theory]
    [InlineData("[Step {n}]", "[Step 1] Mix.\n[Step 2] Bake.")]
    [InlineData("{n}:", "1: Mix.\n2: Bake.")]
    [InlineData("Tip #{n}", "Tip #1 Mix.\nTip #2 Bake.")]
    public void Custom_item_markers(string marker, string good) =>
        PassFail(InstructionIds.ItemMarker, new ConstraintArgs { Marker = marker }, good, "1. Mix.\n2. Bake.");

    [Theory]
    [InlineData("1) a\n2) b\n3) c")]
    [InlineData("**1.** a\n**2.** b\n**3.** c")]
    [InlineData("[1] a\n[2] b\n[3] c")]
    [InlineData("1: a\n2: b\n3: c")]
    public void Numbered_items_of_any_marker(string good) =>
        PassFail(InstructionIds.NumberedList, new ConstraintArgs { NumItems = 3, Relation = Relation.Exactly }, good, "1. a\n2. b");

    [Fact]
    public void List_items_count_bullets_and_numbers() => PassFail(InstructionIds.ListItems,
        new ConstraintArgs { NumItems = 3, Relation = Relation.AtLeast }, "- a\n- b\n1. c", "- a\n- b");

    [Fact]
    public void End_wrapper() => PassFail(InstructionIds.EndWrapper,
        new ConstraintArgs { Wrapper = "{}" }, "Text.\n\n{In short: fine.}", "Text.\n\n(In short: fine.)");

    [Fact]
    public void Code_lines_count_inside_fences_only() => PassFail(InstructionIds.CodeLines,
        new ConstraintArgs { NumLines = 2, Relation = Relation.Exactly }, "Run it:\n```\na = 1\n\nprint(a)\n```", "```\na = 1\n```");

    [Fact]
    public void Distinct_sentence_initials() => PassFail(InstructionIds.DistinctSentenceInitials,
        ConstraintArgs.None, "Apples grow. Bees buzz. Cats nap.", "Apples grow. Bees buzz. Birds sing.");

    [Fact]
    public void Character_limit() => PassFail(InstructionIds.CharCount,
        new ConstraintArgs { NumChars = 20, Relation = Relation.LessThan }, "  Fresh bread daily.  ", "Fresh bread every single day.");

    [Fact]
    public void A_unit_kind_without_its_unit_is_invalid()
    {
        Assert.NotNull(ConstraintCheckers.Validate(new Constraint(InstructionIds.SentencesPerUnit, new ConstraintArgs { NumSentences = 1, Relation = Relation.Exactly })));
        Assert.NotNull(ConstraintCheckers.Validate(new Constraint(InstructionIds.WordsPerUnit, new ConstraintArgs { Unit = "chapter", NumWords = 1, Relation = Relation.Exactly })));
        Assert.NotNull(ConstraintCheckers.Validate(new Constraint(InstructionIds.LabelledSections, new ConstraintArgs { SectionSpliter = "Part", NumSections = 2 })));
    }

    [Fact]
    public void Item_marker_with_a_count() => PassFail(InstructionIds.ItemMarker,
        new ConstraintArgs { Marker = "{n}:", NumItems = 2 },
        "Plan:\n1: Boil water.\n2: Add tea.", "Plan:\n1: Boil water.\n2: Add tea.\n3: Wait.");

    [Fact]
    public void Words_per_item_reads_every_list_marker() => PassFail(InstructionIds.WordsPerItem,
        new ConstraintArgs { MaxWords = 3 },
        "1: Boil water.\n2: Add tea.", "1: Boil the water first.\n2: Add tea.");
}
