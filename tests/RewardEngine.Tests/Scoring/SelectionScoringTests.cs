using System.Text.Json.Nodes;
using RewardEngine.Diagnostics;
using RewardEngine.Scoring;

namespace RewardEngine.Tests.Scoring;

public sealed class SelectionScoringTests
{
    [Theory]
    [InlineData("The Eiffel Tower!", "eiffel tower")]
    [InlineData("  An   apple, a day ", "apple day")]
    [InlineData("Paris.", "paris")]
    public void Exact_match_normalizes_case_punctuation_articles_and_spaces(string text, string normalized) =>
        Assert.Equal(normalized, ExactMatch.Normalize(text));

    [Fact]
    public void Exact_match_needs_the_whole_answer()
    {
        Assert.True(ExactMatch.IsMatch("The Paris", ["paris", "Paris, France"]));
        Assert.False(ExactMatch.IsMatch("It is Paris", ["paris"]));
    }

    [Fact]
    public void Oracle_counts_any_correct_response_and_random_is_the_mean_of_the_first_n()
    {
        // Two prompts, four responses each: prompt 0 has response 2 correct, prompt 1 responses 0 and 3.
        IReadOnlyDictionary<string, MetricValue> V(double v) => new Dictionary<string, MetricValue> { ["m"] = new(v, 1) };
        var metrics = new[] { new[] { V(0), V(0), V(1), V(0) }, new[] { V(1), V(0), V(0), V(1) } };
        var picks = new Dictionary<int, IReadOnlyDictionary<string, int[]>>
        {
            [2] = new Dictionary<string, int[]> { ["first"] = [0, 0] },
            [4] = new Dictionary<string, int[]> { ["first"] = [0, 0], ["agent"] = [2, 3] },
        };
        var cells = SelectionTable.Build(metrics, picks, ["m"]);
        double Cell(int n, string s) => cells.Single(c => c.N == n && c.Selector == s).Accuracy;
        Assert.Equal(0.5, Cell(2, "first"));
        Assert.Equal(0.5, Cell(2, SelectionTable.Oracle));
        Assert.Equal(0.25, Cell(2, SelectionTable.Random));
        Assert.Equal(1.0, Cell(4, "agent"));
        Assert.Equal(1.0, Cell(4, SelectionTable.Oracle));
        Assert.Equal(0.375, Cell(4, SelectionTable.Random));
        Assert.Contains("n=4", SelectionTable.Format(cells));
    }

    [Fact]
    public void Ifeval_score_writes_ifevals_fields_in_input_order_and_refuses_an_unknown_prompt()
    {
        var dir = TestPaths.NewTempDirectory();
        var input = Path.Combine(dir, "input.jsonl");
        File.WriteAllLines(input,
        [
            """{"key": 1, "prompt": "Say hi without commas.", "instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}]}""",
            """{"key": 2, "prompt": "Say hi in lowercase.", "instruction_id_list": ["change_case:english_lowercase"], "kwargs": [{}]}""",
            """{"key": 3, "prompt": "Unanswered.", "instruction_id_list": ["punctuation:no_comma"], "kwargs": [{}]}""",
        ]);
        var responses = Path.Combine(dir, "responses.jsonl");
        File.WriteAllLines(responses, ["""{"prompt": "Say hi in lowercase.", "response": "*Hi* there"}""", """{"prompt": "Say hi without commas.", "response": "hi, you"}"""]);
        var report = IfEvalEvaluation.Run(input, responses, Path.Combine(dir, "out"));
        Assert.Equal(1, report.Unanswered);
        Assert.Equal(2, report.Accuracy.Prompts);
        Assert.Equal(0.0, report.Accuracy.PromptStrict);
        var strict = File.ReadAllLines(Path.Combine(dir, "out", IfEvalEvaluation.StrictFile)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(["Say hi without commas.", "Say hi in lowercase."], strict.Select(r => r["prompt"]!.GetValue<string>()));
        Assert.Equal(["instruction_id_list", "prompt", "response", "follow_all_instructions", "follow_instruction_list"], strict[0].Select(kv => kv.Key));
        Assert.False(strict[0]["follow_all_instructions"]!.GetValue<bool>());

        File.AppendAllLines(responses, ["""{"prompt": "Not in the input.", "response": "x"}"""]);
        var e = Assert.Throws<DatasetException>(() => IfEvalEvaluation.Run(input, responses, Path.Combine(dir, "out2")));
        Assert.Contains("line 3", e.Message);
        Assert.Contains("prompt", e.Message);
    }
}
