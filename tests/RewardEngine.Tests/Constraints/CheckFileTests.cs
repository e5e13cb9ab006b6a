using RewardEngine.Diagnostics;
using RewardEngine.Verifiers.Constraints;
using Xunit;

namespace RewardEngine.Tests.Constraints;

public class CheckFileTests
{
    internal static string Write(params string[] lines)
    {
        var file = Path.Combine(TestPaths.NewTempDirectory(), "check.jsonl");
        File.WriteAllLines(file, lines);
        return file;
    }

    [Fact]
    public void Reads_IFEval_fields_with_null_kwargs_and_prompt_for_repeat()
    {
        var file = Write(
            """{"key": 7, "response": "r", "instruction_id_list": ["length_constraints:number_words"], "kwargs": [{"relation": "at least", "num_words": 3, "num_bullets": null}]}""",
            """{"key": 8, "prompt": "Say hi.\nFirst repeat the request word for word, then answer.", "response": "Say hi. Hi", "instruction_id_list": ["combination:repeat_prompt"], "kwargs": [{}]}""");
        var items = ConstraintCheckFile.Read(file).ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(3, items[0].Constraints[0].Args.NumWords);
        Assert.Equal("Say hi.", items[1].Constraints[0].Args.PromptToRepeat);
    }

    [Theory]
    [InlineData("""{"key": 1, "instruction_id_list": [], "kwargs": []}""", "field 'response'")]
    [InlineData("""{"key": 1, "response": "x", "instruction_id_list": ["made:up"], "kwargs": [{}]}""", "field 'instruction_id_list[0]'")]
    [InlineData("""{"key": 1, "response": "x", "instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}, {}]}""", "field 'kwargs'")]
    [InlineData("""{"key": 1, "response": "x", "instruction_id_list": ["length_constraints:number_words"], "kwargs": [{"num_words": "many"}]}""", "field 'kwargs[0]'")]
    [InlineData("""{"key": 1, "response": "x", "instruction_id_list": ["length_constraints:number_words"], "kwargs": [{"num_words": 5}]}""", "'relation' is required")]
    [InlineData("""not json""", "not valid JSON")]
    public void Bad_input_names_file_line_and_field(string badLine, string expected)
    {
        var file = Write("""{"key": 0, "response": "fine", "instruction_id_list": [], "kwargs": []}""", badLine);
        var e = Assert.Throws<DatasetException>(() => ConstraintCheckFile.Read(file).ToList());
        Assert.Equal(2, e.Record);
        Assert.Contains(expected, e.Message);
        Assert.StartsWith(file, e.Message);
    }

    [Fact]
    public void Of_several_bad_lines_the_first_in_the_file_is_reported()
    {
        // Lines are read on several threads: the error must still be the one a serial read meets first.
        var good = """{"key": 0, "response": "fine", "instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}]}""";
        var lines = Enumerable.Repeat(good, 3000).ToArray();
        lines[1234] = """{"key": 1, "response": "x", "instruction_id_list": ["made:up"], "kwargs": [{}]}""";
        lines[2500] = """{"key": 2, "instruction_id_list": [], "kwargs": []}""";
        var e = Assert.Throws<DatasetException>(() => ConstraintCheckFile.Read(Write(lines)));
        Assert.Equal(1235, e.Record);
        Assert.Contains("instruction_id_list[0]", e.Message);
    }

    [Fact]
    public async Task Check_command_writes_strict_and_loose_verdicts_per_line()
    {
        var dir = TestPaths.NewTempDirectory();
        var input = Write("""{"key": "a", "response": "Sure:\n\"quoted\"", "instruction_id_list": ["startend:quotation", "punctuation:no_comma"], "kwargs": [{}, {}]}""");
        var output = Path.Combine(dir, "out.jsonl");
        var rc = await Commands.InProcessCli.RunAsync("check", "--input", input, "--out", output);
        Assert.Equal(0, rc);
        var line = Assert.Single(File.ReadAllLines(output));
        Assert.Contains("\"key\":\"a\"", line);
        Assert.Contains("\"instruction_id\":\"startend:quotation\",\"kwargs\":{},\"strict\":false,\"loose\":true", line);
        Assert.Contains("\"follow_all_loose\":true", line);
    }

    [Fact]
    public async Task Parse_command_writes_constraints_per_key()
    {
        var dir = TestPaths.NewTempDirectory();
        var input = Write("""{"key": 5, "prompt": "Use no commas and at least 2 placeholders like [x]."}""");
        var output = Path.Combine(dir, "parsed.jsonl");
        Assert.Equal(0, await Commands.InProcessCli.RunAsync("constraints", "parse", "--input", input, "--out", output));
        var line = Assert.Single(File.ReadAllLines(output));
        Assert.Contains("\"key\":5", line);
        Assert.Contains("{\"instruction_id\":\"detectable_content:number_placeholders\",\"kwargs\":{\"num_placeholders\":2}}", line);
        Assert.Contains("{\"instruction_id\":\"punctuation:no_comma\",\"kwargs\":{}}", line);
    }
}
