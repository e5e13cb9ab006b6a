using System.Text;
using RewardEngine.Data;
using RewardEngine.Diagnostics;

namespace RewardEngine.Tests.Data;

/// <summary>TRL and RewardBench preference rows, and RewardBench 2 listwise rows.</summary>
public class PreferenceFormatTests
{
    private static string Write(string text, string ext = ".jsonl")
    {
        var f = Path.Combine(TestPaths.NewTempDirectory(), "rows" + ext);
        File.WriteAllBytes(f, Encoding.UTF8.GetBytes(text));
        return f;
    }

    [Fact]
    public void TRL_rows_with_explicit_and_implicit_prompts_as_text_or_messages()
    {
        var d = DatasetLoader.Load(Write("""
            {"prompt": "The sky is", "chosen": " blue.", "rejected": " green."}
            {"chosen": "The sky is blue.", "rejected": "The sky is green."}
            {"prompt": [{"role": "user", "content": "What color is the sky?"}], "chosen": [{"role": "assistant", "content": "It is blue."}], "rejected": [{"role": "assistant", "content": "It is green."}]}
            {"chosen": [{"role": "user", "content": "What color is the sky?"}, {"role": "assistant", "content": "It is blue."}], "rejected": [{"role": "user", "content": "What color is the sky?"}, {"role": "assistant", "content": "It is green."}], "margin": 0.5}
            {"chosen": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}, {"role": "user", "content": "Sky?"}, {"role": "assistant", "content": "Blue"}], "rejected": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}, {"role": "user", "content": "Sky?"}, {"role": "assistant", "content": "Green"}]}
            """));
        var p = d.Pairs;
        Assert.Equal(5, p.Count);
        Assert.Equal(("The sky is", " blue.", " green."), (p[0].Instruction, p[0].Chosen, p[0].Rejected));
        Assert.Equal(("The sky is", " blue.", " green."), (p[1].Instruction, p[1].Chosen, p[1].Rejected)); // TRL keeps the space with the answer
        Assert.Equal(("What color is the sky?", "It is blue.", "It is green."), (p[2].Instruction, p[2].Chosen, p[2].Rejected));
        Assert.Equal(("What color is the sky?", "It is blue.", "It is green."), (p[3].Instruction, p[3].Chosen, p[3].Rejected));
        Assert.Equal(4, p[4].Prompt.Count);
        Assert.Equal(("Sky?", "Blue", "Green"), (p[4].Instruction, p[4].Chosen, p[4].Rejected));
        Assert.Equal(["0", "1", "2", "3", "4"], p.Select(x => x.Id)); // no id: the record's index
        Assert.All(p, x => Assert.Equal("rows", x.Subset));
    }

    [Fact]
    public void RewardBench_hub_rows_keep_their_subset_and_id()
    {
        var d = DatasetLoader.Load(Write("""
            [{"prompt": "Say hi", "chosen": "hi", "chosen_model": "m1", "rejected": "bye", "rejected_model": "m2", "subset": "alpacaeval-easy", "id": 30},
             {"prompt": "2+2", "chosen": "4", "rejected": "5", "subset": "math-prm", "id": 31}]
            """, ".json"));
        Assert.Equal([("30", "alpacaeval-easy"), ("31", "math-prm")], d.Pairs.Select(p => (p.Id, p.Subset)));
    }

    [Fact]
    public void A_missing_id_is_the_record_index_in_every_format()
    {
        var d = DatasetLoader.Load(Write("""
            {"text_chosen": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}], "text_rejected": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "b"}]}

            {"id": "x", "prompt": "q", "chosen": "a", "rejected": "b"}
            {"prompt": "q2", "chosen": "a", "rejected": "b"}
            """));
        Assert.Equal(["0", "x", "2"], d.Pairs.Select(p => p.Id));
        Assert.Equal([1, 3, 4], d.Pairs.Select(p => p.Record)); // lines, blank one included
    }

    [Theory]
    [InlineData("""{"chosen": "abc", "rejected": "xyz"}""", "field 'prompt'", "share no leading text")]
    [InlineData("""{"prompt": "q", "chosen": "a", "rejected": 5}""", "field 'rejected'", "both as strings")]
    [InlineData("""{"prompt": "q", "chosen": ["a", "b"], "rejected": ["c"]}""", "field 'chosen'", "listwise row")]
    [InlineData("""{"prompt": "q", "chosen": [{"role": "assistant", "content": "a"}], "rejected": [{"role": "robot", "content": "b"}]}""", "field 'rejected[0].role'", "unknown role 'robot'")]
    [InlineData("""{"chosen": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}, {"role": "user", "content": "more"}], "rejected": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "b"}]}""", "field 'chosen'", "one assistant answer")]
    [InlineData("""{"prompt": "q", "rejected": "b"}""", "field 'chosen'", "missing")]
    [InlineData("""{"prompt": "", "chosen": "a", "rejected": "b"}""", "field 'prompt'", "empty")]
    [InlineData("""{"prompt": "q", "chosen": "a", "rejected": "b", "subset": 3}""", "field 'subset'", "non-empty string")]
    [InlineData("""{"prompt": "q", "chosen": "a\udc00", "rejected": "b"}""", "field 'chosen'", "lone UTF-16 surrogate")]
    [InlineData("""{"prompt": [{"role": "user", "content": "\ud800"}], "chosen": [{"role": "assistant", "content": "a"}], "rejected": [{"role": "assistant", "content": "b"}]}""", "field 'prompt[0].content'", "lone UTF-16 surrogate")]
    public void Bad_preference_rows_name_line_and_field(string row, string where, string problem)
    {
        var file = Write(row + "\n");
        var e = Assert.Throws<DatasetException>(() => DatasetLoader.Load(file));
        Assert.Contains($"line 1, {where}", e.Message);
        Assert.Contains(problem, e.Message);
        Assert.Equal("RWD100", e.Code);
    }

    [Fact]
    public void RewardBench_2_rows_load_as_listwise_items()
    {
        var d = ListwiseLoader.Load(Write("""
            {"id": "1", "prompt": "Name a primary colour.", "chosen": ["red"], "rejected": ["green", "black", "white"], "num_correct": 1, "num_incorrect": 3, "total_completions": 4, "models": ["a"], "subset": "Ties"}
            {"prompt": [{"role": "user", "content": "q"}], "chosen": ["x", "y"], "rejected": ["z"], "subset": "Focus"}
            """));
        Assert.Equal(2, d.Items.Count);
        Assert.Equal(("1", "Ties", 1, 3, 4), (d.Items[0].Id, d.Items[0].Subset, d.Items[0].NumCorrect, d.Items[0].NumIncorrect, d.Items[0].TotalCompletions));
        Assert.Equal(("1", 2, "q"), (d.Items[1].Id, d.Items[1].NumCorrect, d.Items[1].Instruction));
    }

    [Theory]
    [InlineData("""{"prompt": "q", "chosen": ["a"], "rejected": ["b"], "num_correct": 2}""", "field 'num_correct'", "chosen holds 1")]
    [InlineData("""{"prompt": "q", "chosen": ["a"], "rejected": ["b"], "total_completions": 3}""", "field 'total_completions'", "hold 2")]
    [InlineData("""{"prompt": "q", "chosen": [], "rejected": ["b"]}""", "field 'chosen'", "no correct answer")]
    [InlineData("""{"prompt": "q", "chosen": ["a", 1], "rejected": ["b"]}""", "field 'chosen[1]'", "expected a string")]
    [InlineData("""{"chosen": ["a"], "rejected": ["b"]}""", "field 'prompt'", "missing")]
    [InlineData("""{"id": "\udc00", "prompt": "q", "chosen": ["a"], "rejected": ["b"]}""", "field 'id'", "lone UTF-16 surrogate")]
    [InlineData("""{"prompt": "q", "chosen": ["a"], "rejected": ["\ud800"]}""", "field 'rejected[0]'", "lone UTF-16 surrogate")]
    public void Bad_listwise_rows_name_line_and_field(string row, string where, string problem)
    {
        var file = Write(row + "\n");
        var e = Assert.Throws<DatasetException>(() => ListwiseLoader.Load(file));
        Assert.Contains($"line 1, {where}", e.Message);
        Assert.Contains(problem, e.Message);
    }
}
