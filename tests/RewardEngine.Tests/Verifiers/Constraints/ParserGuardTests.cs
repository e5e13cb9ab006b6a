using System.Text.RegularExpressions;
using RewardEngine.Verifiers.Constraints;
using Xunit;

namespace RewardEngine.Tests.Verifiers.Constraints;

/// <summary>
/// The parser skips a rule when its text lacks every literal the rule's patterns need (an ordinal ignore-case search).
/// That is exact only while no character outside ASCII other than the Kelvin sign matches an ASCII letter in an
/// ignore-case, culture-invariant regex: these tests pin that fact of .NET's regex and the parses that rely on it.
/// </summary>
public class ParserGuardTests
{
    [Fact]
    public void Only_the_Kelvin_sign_matches_an_ascii_letter_outside_ascii()
    {
        var letter = new Regex("^[a-z]$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var matching = new List<int>();
        for (int c = 0x80; c <= 0xFFFF; c++)
            if (c is < 0xD800 or > 0xDFFF && letter.IsMatch(((char)c).ToString())) matching.Add(c);
        Assert.Equal([0x212A], matching);
    }

    [Theory]
    [InlineData("Include the keywords ocean and sand.", "Include the \u212Aeywords ocean and sand.")]
    [InlineData("Answer in fewer than 40 words.", "Caf\u00e9 notes: answer in fewer than 40 words.")]
    [InlineData("Use exactly 3 bullet points.", "Na\u00efve plan \u2014 use exactly 3 bullet points.")]
    public void Text_outside_ascii_parses_as_its_ascii_twin(string ascii, string other)
    {
        var parser = new ConstraintParser();
        var expected = parser.Parse(ascii).Select(c => c.Describe()).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, parser.Parse(other).Select(c => c.Describe()).ToList());
    }
}
