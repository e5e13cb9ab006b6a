using RewardEngine.Verifiers.Constraints;
using Xunit;

namespace RewardEngine.Tests.Constraints;

/// <summary>
/// The parser on phrasings written for these tests, not taken from IFEval (paraphrases, other word orders,
/// number words, relations after the unit), and its scores on IFEval's gold annotations.
/// </summary>
public class ParserTests
{
    private static readonly ConstraintParser Parser = new();

    private static List<string> Parse(string text) => Parser.Parse(text).Select(c => c.Describe()).ToList();

    [Theory]
    [InlineData("Keep it under 50 words.", "length_constraints:number_words {\"relation\":\"less than\",\"num_words\":50,\"counting\":\"writer\"}")]
    [InlineData("Your reply must not exceed 120 words.", "length_constraints:number_words {\"relation\":\"less than\",\"num_words\":121,\"counting\":\"writer\"}")]
    [InlineData("Limit your answer to 100 words.", "length_constraints:number_words {\"relation\":\"less than\",\"num_words\":101,\"counting\":\"writer\"}")]
    [InlineData("Don't write more than sixty words.", "length_constraints:number_words {\"relation\":\"less than\",\"num_words\":61,\"counting\":\"writer\"}")]
    [InlineData("The essay must be 500 words or more.", "length_constraints:number_words {\"relation\":\"at least\",\"num_words\":500,\"counting\":\"writer\"}")]
    [InlineData("Please respond in fewer than twenty-five words.", "length_constraints:number_words {\"relation\":\"less than\",\"num_words\":25,\"counting\":\"writer\"}")]
    [InlineData("Use no more than four sentences.", "length_constraints:number_sentences {\"relation\":\"less than\",\"num_sentences\":5,\"counting\":\"writer\"}")]
    [InlineData("The answer should be at least twelve sentences long.", "length_constraints:number_sentences {\"relation\":\"at least\",\"num_sentences\":12,\"counting\":\"writer\"}")]
    [InlineData("Answer in exactly 3 bullet points.", "detectable_format:number_bullet_lists {\"num_bullets\":3}")]
    [InlineData("Format your answer as four bullet points.", "detectable_format:number_bullet_lists {\"num_bullets\":4}")]
    [InlineData("Please don't use any commas.", "punctuation:no_comma")]
    [InlineData("Commas are forbidden in your reply.", "punctuation:no_comma")]
    [InlineData("End with 'Any questions?'", "startend:end_checker {\"end_phrase\":\"Any questions?\"}")]
    [InlineData("Respond in all lowercase.", "change_case:english_lowercase")]
    [InlineData("Your whole response should be in capital letters.", "change_case:english_capital")]
    [InlineData("Include the keywords apple and banana.", "keywords:existence {\"keywords\":[\"apple\",\"banana\"],\"counting\":\"writer\"}")]
    [InlineData("Wrap the whole answer in double quotes.", "startend:quotation")]
    [InlineData("Give it a title in <<double angle brackets>>.", "detectable_format:title")]
    [InlineData("Mention the word \"river\" at least three times.", "keywords:frequency {\"keyword\":\"river\",\"frequency\":3,\"relation\":\"at least\",\"counting\":\"writer\"}")]
    [InlineData("Never use the word \"very\".", "keywords:forbidden_words {\"forbidden_words\":[\"very\"]}")]
    [InlineData("Do not mention cats or dogs.", "keywords:forbidden_words {\"forbidden_words\":[\"cats\",\"dogs\"]}")]
    [InlineData("Write it entirely in Spanish.", "language:response_language {\"language\":\"es\"}")]
    [InlineData("Respond only in French, please.", "language:response_language {\"language\":\"fr\"}")]
    [InlineData("Can you reply in Japanese?", "language:response_language {\"language\":\"ja\"}")]
    [InlineData("Write your answer in Portuguese and keep it under 80 words.", "language:response_language {\"language\":\"pt\"}")]
    [InlineData("Reply with a JSON object.", "detectable_format:json_format")]
    [InlineData("Output only JSON, no extra text.", "detectable_format:json_format")]
    [InlineData("Avoid exclamation marks entirely.", "keywords:letter_frequency {\"letter\":\"!\",\"let_frequency\":1,\"let_relation\":\"less than\",\"counting\":\"writer\"}")]
    [InlineData("Please ensure that the word \"innovation\" appears no more than twice.", "keywords:frequency {\"keyword\":\"innovation\",\"frequency\":3,\"relation\":\"less than\",\"counting\":\"writer\"}")]
    [InlineData("The letter \"e\" must not appear anywhere in your reply.", "keywords:letter_frequency {\"letter\":\"e\",\"let_frequency\":1,\"let_relation\":\"less than\"}")]
    [InlineData("Please make the first word of your reply \"Absolutely\".", "rwd:start_phrase {\"starter\":\"Absolutely\"}")]
    [InlineData("Conclude your answer with the sentence \"Thank you for reading.\"", "startend:end_checker {\"end_phrase\":\"Thank you for reading.\"}")]
    [InlineData("Your last line must be \"Stay curious.\"", "startend:end_checker {\"end_phrase\":\"Stay curious.\"}")]
    [InlineData("Respond using only uppercase letters.", "change_case:english_capital")]
    [InlineData("Don't capitalize anything.", "change_case:english_lowercase")]
    [InlineData("Refrain from mentioning \"Apple\" or \"Google\".", "keywords:forbidden_words {\"forbidden_words\":[\"Apple\",\"Google\"]}")]
    [InlineData("Make sure to use the terms \"latency\" and \"throughput\".", "keywords:existence {\"keywords\":[\"latency\",\"throughput\"],\"counting\":\"writer\"}")]
    [InlineData("Provide three sections, each beginning with \"Part X\".", "detectable_format:multiple_sections {\"section_spliter\":\"Part\",\"num_sections\":3}")]
    [InlineData("Include a postscript that begins with P.P.S.", "detectable_content:postscript {\"postscript_marker\":\"P.P.S\"}")]
    [InlineData("Write 3 paragraphs separated by two blank lines; the second paragraph must begin with \"However\".", "length_constraints:nth_paragraph_first_word {\"num_paragraphs\":3,\"nth_paragraph\":2,\"first_word\":\"however\"}")]
    [InlineData("Highlight three important terms in bold using markdown.", "detectable_format:number_highlighted_sections {\"num_highlights\":3}")]
    [InlineData("Keep the response to a maximum of 3 sentences.", "length_constraints:number_sentences {\"relation\":\"less than\",\"num_sentences\":4,\"counting\":\"writer\"}")]
    [InlineData("Put a P.S. at the end.", "detectable_content:postscript {\"postscript_marker\":\"P.S.\"}")]
    [InlineData("Make sure the letter z shows up at least 5 times.", "keywords:letter_frequency {\"letter\":\"z\",\"let_frequency\":5,\"let_relation\":\"at least\"}")]
    [InlineData("Use exactly two paragraphs separated by ***.", "length_constraints:number_paragraphs {\"num_paragraphs\":2,\"counting\":\"writer\"}")]
    [InlineData("Your response must contain two different answers separated by ******.", "combination:two_responses")]
    [InlineData("Include at least 2 placeholders like [name].", "detectable_content:number_placeholders {\"num_placeholders\":2}")]
    [InlineData("Highlight at least two key phrases using *asterisks*.", "detectable_format:number_highlighted_sections {\"num_highlights\":2}")]
    [InlineData("Start your answer with \"Dear team\".", "rwd:start_phrase {\"starter\":\"Dear team\"}")]
    [InlineData("Present the comparison as a markdown table.", "rwd:markdown_table")]
    [InlineData("Include a Python code block.", "rwd:code_block {\"code_language\":\"python\"}")]
    [InlineData("Give a numbered list of 5 items.", "rwd:numbered_list {\"relation\":\"exactly\",\"num_items\":5}")]
    [InlineData("Each bullet point should have at most 8 words.", "rwd:words_per_item {\"max_words\":8}")]
    [InlineData("End your response with a question mark.", "rwd:ending_punctuation {\"punctuation\":\"?\"}")]
    [InlineData("Write the word URGENT in all caps.", "rwd:words_in_all_caps {\"keywords\":[\"URGENT\"]}")]
    [InlineData("Write a poem with exactly 8 lines.", "rwd:line_count {\"relation\":\"exactly\",\"num_lines\":8}")]
    public void Parses_paraphrases_beyond_IFEval(string instruction, string expected)
    {
        var found = Parse(instruction);
        Assert.Contains(expected, found);
    }

    [Fact]
    public void Ranges_and_exact_counts_become_two_IFEval_constraints()
    {
        Assert.Equal(
            ["length_constraints:number_words {\"relation\":\"at least\",\"num_words\":200,\"counting\":\"writer\"}",
             "length_constraints:number_words {\"relation\":\"less than\",\"num_words\":301,\"counting\":\"writer\"}"],
            Parse("Write between 200 and 300 words."));
        Assert.Equal(
            ["length_constraints:number_sentences {\"relation\":\"at least\",\"num_sentences\":2,\"counting\":\"writer\"}",
             "length_constraints:number_sentences {\"relation\":\"less than\",\"num_sentences\":4,\"counting\":\"writer\"}"],
            Parse("Answer in 2-3 sentences."));
    }

    [Fact]
    public void Combined_instruction_yields_every_constraint_and_nothing_else()
    {
        var found = Parse("Explain photosynthesis to a child in at most 3 sentences, all in lowercase, and avoid the words \"chlorophyll\" and \"glucose\".");
        Assert.Equal(3, found.Count);
        Assert.Contains("length_constraints:number_sentences {\"relation\":\"less than\",\"num_sentences\":4,\"counting\":\"writer\"}", found);
        Assert.Contains("change_case:english_lowercase", found);
        Assert.Contains("keywords:forbidden_words {\"forbidden_words\":[\"chlorophyll\",\"glucose\"]}", found);
    }

    [Theory]
    [InlineData("What is the capital of France?")]
    [InlineData("Write a friendly email to my landlord about the broken heater.")]
    [InlineData("Summarize the plot of Hamlet in a playful tone.")]
    [InlineData("Write a 200 word essay about the sea.")] // an approximate length, not a hard bound
    [InlineData("Tell me about Japanese history.")]
    [InlineData("Write me a script that saves a dictionary in json format in a file in python.")] // JSON is the file's, not the answer's
    [InlineData("The gardener, who speaks only English, sued the homeowner. Who wins?")]
    public void Finds_nothing_in_instructions_without_hard_constraints(string instruction) =>
        Assert.Empty(Parse(instruction));

    [Fact]
    public void Repeat_prompt_takes_the_request_before_or_after_the_instruction()
    {
        var after = Parser.Parse("Write a limerick about cheese.\nFirst repeat the request word for word without change, then give your answer.");
        Assert.Contains(after, c => c.InstructionId == InstructionIds.RepeatPrompt && c.Args.PromptToRepeat == "Write a limerick about cheese.");
        var before = Parser.Parse("Repeat the request below first, word for word.\n\nName three rivers in Asia.");
        Assert.Contains(before, c => c.InstructionId == InstructionIds.RepeatPrompt && c.Args.PromptToRepeat == "Name three rivers in Asia.");
    }

    [Fact]
    public void Ordinary_chat_prompts_rarely_carry_constraints()
    {
        // RM-Bench chat prompts ask for help, not for formats: spurious constraints there would add noise to
        // every pair the router sends to this verifier.
        var file = TestPaths.SharedData("rm-bench", "chat_normal.json");
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
        var prompts = doc.RootElement.EnumerateArray()
            .Select(p => p.GetProperty("text_chosen").EnumerateArray().Last(t => t.GetProperty("role").GetString() == "user").GetProperty("content").GetString()!)
            .Distinct().ToList();
        var withConstraints = prompts.Where(p => Parser.Parse(p).Count > 0).ToList();
        Assert.True(prompts.Count >= 100);
        Assert.True(withConstraints.Count <= prompts.Count / 50, string.Join("\n---\n", withConstraints));
    }

    [Fact]
    public void Parsing_is_deterministic() =>
        Assert.Equal(Parse("Use less than 5 sentences and no commas. Include the keywords moon and tide."),
                     Parse("Use less than 5 sentences and no commas. Include the keywords moon and tide."));

    [Fact]
    public void Meets_the_goals_on_IFEval_gold()
    {
        var file = TestPaths.SharedData("ifeval", "input_data.jsonl");
        Assert.True(File.Exists(file), $"missing {file}");
        var eval = ParserEvaluation.Run(file, Parser);
        Assert.Equal(541, eval.Prompts);
        Assert.Equal(834, eval.TruePositives + eval.FalseNegatives);
        Assert.True(eval.MicroF1 >= 0.95, eval.FormatTable());
        Assert.True(eval.KwargsExactShare >= 0.90, eval.FormatTable());
    }
}
