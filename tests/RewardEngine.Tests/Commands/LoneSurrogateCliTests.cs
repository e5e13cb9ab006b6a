namespace RewardEngine.Tests.Commands;

/// <summary>
/// An escaped lone surrogate ("\ud800") is not text: every command that reads JSON strings names the line (or
/// record) and field with a coded error, exit code 2, instead of crashing. kb ingest skips the record and reports it.
/// </summary>
public class LoneSurrogateCliTests
{
    private static string Write(string name, string text)
    {
        var f = Path.Combine(TestPaths.NewTempDirectory(), name);
        File.WriteAllText(f, text);
        return f;
    }

    private static void AssertCoded(RewardCli.Result r, string code, string mentions)
    {
        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}\n{r.StdErr}");
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error "));
        Assert.StartsWith($"error {code}: ", line);
        Assert.Contains(mentions, line);
        Assert.Contains("lone UTF-16 surrogate", line);
    }

    [Fact]
    public void Constraints_parse_names_the_line_and_field()
    {
        var input = Write("p.jsonl", "{\"key\": 1, \"prompt\": \"fine\"}\n{\"key\": 2, \"prompt\": \"Use \\ud800 fewer than 5 words.\"}\n");
        AssertCoded(RewardCli.Run("constraints", "parse", "--input", input), "RWD100", "line 2, field 'prompt'");
    }

    [Fact]
    public void Check_names_the_line_and_field()
    {
        var input = Write("c.jsonl", "{\"key\": 1, \"response\": \"a \\udfff\", \"instruction_id_list\": [\"punctuation:no_comma\"], \"kwargs\": [{}]}\n");
        AssertCoded(RewardCli.Run("check", "--input", input), "RWD100", "line 1, field 'response'");
    }

    [Fact]
    public void Rm_score_names_the_record_and_field()
    {
        var data = Write("d.json", """[{"id":"a","text_chosen":[{"role":"user","content":"q"},{"role":"assistant","content":"x\ud800"}],"text_rejected":[{"role":"user","content":"q"},{"role":"assistant","content":"y"}]}]""");
        var r = RewardCli.Run("rm", "score", "--config", RewardModels.RmFixture.RmJson, "--dataset", data, "--out", Path.Combine(TestPaths.NewTempDirectory(), "s.jsonl"));
        AssertCoded(r, "RWD100", "record 1, field 'text_chosen[1].content'");
    }

    [Fact]
    public void Kb_ingest_skips_and_reports_the_record_or_stops_with_on_error_stop()
    {
        var input = Write("k.jsonl", "{\"id\": 1, \"title\": \"A\", \"text\": \"Good passage one.\"}\n{\"id\": 2, \"title\": \"B\", \"text\": \"bad \\ud800 passage\"}\n{\"id\": 3, \"title\": \"C\", \"text\": \"Good passage three.\"}\n");
        var db = Path.Combine(TestPaths.NewTempDirectory(), "kb.db");
        var r = RewardCli.Run("kb", "ingest", "--db", db, "--input", input);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("2 added", r.StdOut);
        Assert.Contains("1 skipped", r.StdOut);
        Assert.Contains("k.jsonl:2: field 'text' holds an escaped lone UTF-16 surrogate", r.StdErr);

        var stop = RewardCli.Run("kb", "ingest", "--db", Path.Combine(TestPaths.NewTempDirectory(), "kb.db"), "--input", input, "--on-error", "stop");
        Assert.Equal(2, stop.ExitCode);
        Assert.Contains("error RWD400: k.jsonl:2: field 'text' holds an escaped lone UTF-16 surrogate", stop.StdErr);
    }
}
