using System.Text.Json;
using RewardEngine.Tests.Commands;
using RewardEngine.Verifiers.Constraints;

namespace RewardEngine.Tests.Constraints;

/// <summary>A number no constraint can hold is dropped with a note; it never aborts a parse or an evaluation.</summary>
public class BigNumberTests
{
    [Theory]
    [InlineData("Write fewer than 2147483648 words.")]
    [InlineData("Use exactly 99999999999 bullet points.")]
    [InlineData("Answer with 4294967297 paragraphs separated by ***.")]
    [InlineData("Write at most 2147483647 words.")]
    [InlineData("Use between 5 and 123456789012345678901234567890 sentences.")]
    public void A_count_past_the_limit_is_dropped_with_a_note(string instruction)
    {
        var parse = new ConstraintParser().ParseWithNotes(instruction);
        var note = Assert.Single(parse.Notes);
        Assert.Contains("constraint dropped", note);
        Assert.Contains("larger than any count a constraint can hold", note);
    }

    [Fact]
    public void The_largest_count_still_parses()
    {
        var parse = new ConstraintParser().ParseWithNotes("Write fewer than 2146000000 words.");
        Assert.Empty(parse.Notes);
        Assert.Equal(2146000000, Assert.Single(parse.Constraints).Args.NumWords);
    }

    [Fact]
    public void Digits_of_other_scripts_are_read()
    {
        // \d matches Arabic-Indic digits; reading them with int.Parse threw.
        var parse = new ConstraintParser().ParseWithNotes("Write fewer than ٥٠ words.");
        Assert.Empty(parse.Notes);
        Assert.Equal(50, Assert.Single(parse.Constraints).Args.NumWords);
    }

    [Fact]
    public void Parse_and_eval_through_the_cli_complete_with_the_note()
    {
        var dir = TestPaths.NewTempDirectory();
        var prompts = Path.Combine(dir, "p.jsonl");
        File.WriteAllText(prompts, "{\"key\": 1, \"prompt\": \"Write fewer than 2147483648 words and use no commas.\"}\n");
        var parse = RewardCli.Run("constraints", "parse", "--input", prompts);
        Assert.Equal(0, parse.ExitCode);
        using (var doc = JsonDocument.Parse(parse.StdOut))
        {
            Assert.Equal("punctuation:no_comma", doc.RootElement.GetProperty("constraints")[0].GetProperty("instruction_id").GetString());
            Assert.Contains("2147483648", doc.RootElement.GetProperty("notes")[0].GetString());
        }

        var data = Path.Combine(dir, "d.json");
        File.WriteAllText(data, JsonSerializer.Serialize(new[] { "Write fewer than 2147483648 words.", "Use exactly 99999999999 bullet points." }
            .Select((t, i) => new
            {
                id = i, domain = "big",
                text_chosen = new[] { new { role = "user", content = t }, new { role = "assistant", content = "short answer" } },
                text_rejected = new[] { new { role = "user", content = t }, new { role = "assistant", content = "another short answer" } },
            })));
        var outDir = Path.Combine(dir, "o");
        var eval = RewardCli.Run("eval", "--dataset", data, "--out", outDir);
        Assert.True(eval.ExitCode == 0, eval.StdErr);
        var scores = File.ReadAllText(Path.Combine(outDir, "scores.jsonl"));
        Assert.Contains("parser notes", scores);
        Assert.Contains("errors: 0", eval.StdOut);
    }
}
