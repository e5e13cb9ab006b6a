using System.Text;
using RewardEngine.Cli.Commands.Constraints;
using RewardEngine.Diagnostics;
using RewardEngine.Verifiers.Constraints;

namespace RewardEngine.Tests.Constraints;

/// <summary>
/// The whole-file check (shared responses and constraints, one check per distinct pair, JSON written once per pair)
/// writes what checking each line on its own writes, and refuses bad input with the same error.
/// </summary>
public class CheckLinesTests
{
    private static string Write(params string[] lines) => CheckFileTests.Write(lines);

    // Keys of every kind, prompts present and absent, kwargs null and missing, unknown fields, an escaped field
    // name and an object key (both read by the JsonNode path), and lines repeating (constraint, response) pairs.
    private static readonly string[] Lines =
    [
        """{"key": 0, "response": "Hello there, friend.\nSecond line *here*.", "instruction_id_list": ["punctuation:no_comma", "length_constraints:number_words"], "kwargs": [{}, {"relation": "at least", "num_words": 3}]}""",
        """{"key": 1.50, "response": "Hello there, friend.\nSecond line *here*.", "instruction_id_list": ["punctuation:no_comma"], "kwargs": [null]}""",
        """{"key": -7e3, "prompt": "Say hi.\nFirst repeat the request word for word, then answer.", "response": "Say hi. Hi", "instruction_id_list": ["combination:repeat_prompt"], "kwargs": [{}]}""",
        """{"key": "caf\u00e9 \"q\" \n", "response": "Bonjour tout le monde, je suis ici.", "instruction_id_list": ["language:response_language"], "kwargs": [{"language": "fr"}]}""",
        """{"key": null, "response": "ALL CAPS HERE", "instruction_id_list": ["change_case:english_capital"]}""",
        """{"response": "no key at all", "instruction_id_list": ["punctuation:no_comma"], "kwargs": null, "extra": {"a": [1, 2]}}""",
        """{"key": true, "\u0072esponse": "escaped field name", "instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}]}""",
        """{"key": {"id": "x", "n": [1, "é"]}, "response": "object key", "instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}]}""",
        """{"key": 8, "prompt": null, "response": "Hello there, friend.\nSecond line *here*.", "instruction_id_list": ["length_constraints:number_words", "keywords:existence"], "kwargs": [{"relation": "at least", "num_words": 3}, {"keywords": ["friend", "zebra"]}]}""",
        """{"key": 9, "response": "    ", "instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}]}""",
    ];

    [Fact]
    public async Task Writes_what_checking_each_line_on_its_own_writes()
    {
        var file = Write(Lines);
        var expected = ConstraintCheckFile.Read(file).Select(item =>
        {
            var verdicts = item.Constraints.Select(c => ConstraintCheckers.Check(c, item.Response)).ToList();
            // The check command's line-by-line JSON: the definition the whole-file output is held to.
            return CheckCommand.ResultObject(item.Key, verdicts).ToJsonString(ConstraintJson.Options);
        }).ToList();

        using var output = new MemoryStream();
        var counts = await CheckLinesRun.RunAsync(CheckLines.Read(file), output, CancellationToken.None);
        var written = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(expected, written);
        Assert.Equal(Lines.Length, counts.Responses);
        Assert.Equal(expected.Count(l => l.Contains("\"follow_all_strict\":true")), counts.FollowAllStrict);
    }

    [Fact]
    public void A_line_that_is_not_JSON_is_reported_before_an_earlier_line_with_a_bad_field()
    {
        // As the line-by-line reader: every line is parsed before any is read field by field.
        var file = Write(
            """{"key": 0, "response": "x", "instruction_id_list": ["made:up"], "kwargs": [{}]}""",
            """{"key": 1, "response": "fine", "instruction_id_list": [], "kwargs": []}""",
            """not json""");
        var e = Assert.Throws<DatasetException>(() => CheckLines.Read(file));
        var reference = Assert.Throws<DatasetException>(() => ConstraintCheckFile.Read(file));
        Assert.Equal(reference.Message, e.Message);
        Assert.Equal(3, e.Record);
    }

    [Theory]
    [InlineData("""{"key": 1, "response": "x", "instruction_id_list": ["length_constraints:number_words"], "kwargs": [{"num_words": "many"}]}""")]
    [InlineData("""{"key": 1, "response": "x", "instruction_id_list": ["length_constraints:number_words"], "kwargs": [{"num_words": 5}]}""")]
    [InlineData("""{"key": 1, "response": "\ud800", "instruction_id_list": [], "kwargs": []}""")]
    [InlineData("""{"key": 1, "response": "x", "response": "y", "instruction_id_list": [], "kwargs": []}""")]
    public void Bad_lines_get_the_line_by_line_readers_error(string bad)
    {
        var file = Write("""{"key": 0, "response": "fine", "instruction_id_list": [], "kwargs": []}""", bad);
        var reference = Record.Exception(() => ConstraintCheckFile.Read(file));
        var e = Record.Exception(() => CheckLines.Read(file));
        Assert.NotNull(reference);
        Assert.Equal(reference.GetType(), e?.GetType());
        Assert.Equal(reference.Message, e?.Message);
    }
}
