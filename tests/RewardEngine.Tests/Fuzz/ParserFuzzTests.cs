using System.Text;
using RewardEngine.Verifiers.Constraints;

namespace RewardEngine.Tests.Fuzz;

/// <summary>
/// Instructions built from the grammar's own pieces with numbers of any size, Unicode and very long text: the parser
/// never throws and never takes long, and every constraint it returns is one the checkers accept and can check.
/// </summary>
public class ParserFuzzTests
{
    private static readonly string[] Relations = ["", "at least ", "fewer than ", "less than ", "exactly ", "no more than ", "between 3 and ", "at most ", "over ", "a minimum of "];
    private static readonly string[] Units = ["words", "sentences", "paragraphs", "bullet points", "sections", "highlighted sections", "placeholders", "times", "lines", "letters"];
    private static readonly string[] Frames =
    [
        "Write {R}{N} {U}.", "Your answer must contain {R}{N} {U}.", "Use {R}{N} {U} separated by ***.", "Answer in {R}{N} {U}",
        "Include the keyword 'x' {R}{N} times.", "The letter q should appear {R}{N} times.", "Respond with {R}{N}+ {U} in all lowercase letters, no commas.",
        "Wrap your entire response in double quotes and end it with 'Is there anything else?'", "Mark {R}{N} sections with SECTION X.",
    ];
    private static readonly string[] Noise = ["😀", "\u202E", "é\u0301", "\ud800", "\udc00", "ﬁ", "Ⅻ", "٥٠", "二十", "\0", "\t", "\r\n", "***", "\"", "'", "(", "[["];

    private static string Number(Random rng) => rng.Next(4) switch
    {
        0 => Mutations.Pick(rng, Mutations.Numbers),
        1 => string.Concat(Enumerable.Range(0, 1 + rng.Next(40)).Select(_ => (char)('0' + rng.Next(10)))),
        2 => Mutations.Pick(rng, ["one", "twenty-five", "a dozen", "two hundred", "nine thousand", "a single", "zero"]),
        _ => rng.Next(0, 500).ToString(),
    };

    private static string Instruction(Random rng)
    {
        var sb = new StringBuilder();
        for (int i = 0, n = 1 + rng.Next(4); i < n; i++)
        {
            sb.Append(Mutations.Pick(rng, Frames).Replace("{R}", Mutations.Pick(rng, Relations)).Replace("{N}", Number(rng)).Replace("{U}", Mutations.Pick(rng, Units)));
            if (rng.Next(3) == 0) sb.Append(Mutations.Pick(rng, Noise));
            sb.Append(' ');
        }
        if (rng.Next(15) == 0) sb.Append(new string('a', 50_000)).Append(" and fewer than 9 words");
        if (rng.Next(15) == 0) sb.Insert(0, string.Concat(Enumerable.Repeat("at least ", 2_000)));
        return sb.ToString();
    }

    [Fact]
    public async Task Generated_instructions_parse_into_checkable_constraints()
    {
        var parser = new ConstraintParser();
        await FuzzProperty.HoldsAsync("parser", 300, seed =>
        {
            var rng = new Random(seed);
            var instruction = Instruction(rng);
            var parse = parser.ParseWithNotes(instruction);
            var response = Instruction(new Random(seed + 1_000_000));
            foreach (var c in parse.Constraints)
            {
                Assert.Null(ConstraintCheckers.Validate(c));
                var verdict = ConstraintCheckers.Check(c, response);
                Assert.InRange(verdict.Strict.Score, 0.0, 1.0);
            }
        }, TimeSpan.FromSeconds(10));
    }
}
