using RewardEngine.Verifiers.Constraints;
using Xunit;

namespace RewardEngine.Tests.Constraints;

/// <summary>
/// The parser's rules skip a prompt without any literal their patterns need; that skip must ignore case the way the
/// patterns do, and must not apply to text beyond ASCII (where an ignore-case pattern matches more than two cases).
/// </summary>
public class ParserPrefilterTests
{
    private static readonly ConstraintParser Parser = new();

    private static List<string> Parse(string text) => Parser.Parse(text).Select(c => c.Describe()).ToList();

    [Theory]
    [InlineData("Answer in exactly 3 BULLET Points.", "detectable_format:number_bullet_lists {\"num_bullets\":3}")]
    [InlineData("Keep it under 50 WORDS.", "length_constraints:number_words {\"relation\":\"less than\",\"num_words\":50,\"counting\":\"writer\"}")]
    [InlineData("Please don't use any COMMAS.", "punctuation:no_comma")]
    [InlineData("Wrap the whole answer in Double QUOTES.", "startend:quotation")]
    [InlineData("Café menu: answer in exactly 3 bullet points.", "detectable_format:number_bullet_lists {\"num_bullets\":3}")]
    [InlineData("Naïve question — please don't use any commas.", "punctuation:no_comma")]
    public void A_constraint_is_found_whatever_the_case_of_its_key_word_and_in_non_ascii_text(string instruction, string expected) =>
        Assert.Contains(expected, Parse(instruction));

    [Fact]
    public void A_language_name_written_with_a_kelvin_sign_is_read_as_the_language_not_a_crash() =>
        Assert.Contains(Parse("Answer only in U\u212Arainian, please."), d => d.StartsWith("language:response_language", StringComparison.Ordinal) && d.Contains("\"uk\"", StringComparison.Ordinal));

    [Fact]
    public void A_prompt_holding_no_key_word_of_any_rule_has_no_constraints() =>
        Assert.Empty(Parse("In the brain stem, pathways for discriminative touch decussate where?\n(A) pyramids\n(B) medial lemniscus"));
}
