using System.Text.Json;

namespace RewardEngine.Tests.Commands;

/// <summary>The CLI's conventions, through the real executable: help, version, suggestions, streams, exit codes.</summary>
public class CliConventionTests
{
    [Theory]
    [InlineData(new string[0], "Commands:")]
    [InlineData(new[] { "kb" }, "ingest")]
    [InlineData(new[] { "kb", "--help" }, "search")]
    [InlineData(new[] { "help", "eval" }, "--dataset")]
    [InlineData(new[] { "eval", "-h" }, "--dataset")]
    [InlineData(new[] { "help", "kb", "ingest" }, "--on-error")]
    public void Group_and_command_help_exit_0_on_stdout(string[] args, string expected)
    {
        var r = RewardCli.Run(args);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains(expected, r.StdOut);
        Assert.Equal("", r.StdErr);
    }

    [Fact]
    public void Version_prints_the_engine_version()
    {
        var r = RewardCli.Run("--version");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", r.StdOut.Trim());
    }

    [Theory]
    [InlineData(new[] { "evl" }, "eval")]
    [InlineData(new[] { "eval", "--datset", "x.json" }, "--dataset")]
    [InlineData(new[] { "kb", "serch" }, "search")]
    public void Typos_get_a_suggestion_on_stderr_and_exit_1(string[] args, string suggestion)
    {
        var r = RewardCli.Run(args);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(suggestion, r.StdErr);
        Assert.Equal("", r.StdOut);
    }

    [Fact]
    public void A_single_dash_long_option_is_not_the_long_option()
    {
        var r = RewardCli.Run("eval", "-dataset", "x.json");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("'-dataset'", r.StdErr);
    }

    [Fact]
    public void Bad_option_values_are_usage_errors()
    {
        Assert.Equal(1, RewardCli.Run("eval", "--dataset", "x.json", "--ties", "sometimes").ExitCode);
        Assert.Equal(1, RewardCli.Run("eval", "--dataset", "x.json", "--threads", "0").ExitCode);
        Assert.Equal(1, RewardCli.Run("eval", "--dataset", "x.json", "--limit", "abc").ExitCode);
    }

    [Fact]
    public async Task Short_option_forms_and_values_starting_with_a_dash()
    {
        var dir = TestPaths.NewTempDirectory();
        var corpus = Path.Combine(dir, "p.jsonl");
        File.WriteAllText(corpus, """{"id":"1","title":"Dashes","text":"the -verbose flag of a tool"}""" + "\n");
        var db = Path.Combine(dir, "kb.db");
        Assert.Equal(0, (await RewardCli.RunAsync(["kb", "ingest", "--db", db, "--input", corpus])).ExitCode);
        foreach (var form in new[] { new[] { "-k5" }, new[] { "-k", "5" }, new[] { "--top-k=5" }, new[] { "--top-k", "5" } })
        {
            var r = await RewardCli.RunAsync(["kb", "search", "--db", db, "--query", "-verbose", .. form, "--json"]);
            Assert.True(r.ExitCode == 0, string.Join(' ', form) + ": " + r.StdErr);
            using var doc = JsonDocument.Parse(r.StdOut);
            Assert.Equal("-verbose", doc.RootElement.GetProperty("query").GetString());
            Assert.Equal(1, doc.RootElement.GetProperty("hits").GetArrayLength());
        }
    }

    [Fact]
    public async Task Eval_json_is_one_document_on_stdout_with_warnings_on_stderr()
    {
        var dir = TestPaths.NewTempDirectory();
        var r = await RewardCli.RunAsync(["eval", "--dataset", TestPaths.SharedData("judgebench", "knowledge.as-shipped.json"), "--limit", "5", "--out", Path.Combine(dir, "o"), "--json"]);
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var doc = JsonDocument.Parse(r.StdOut);
        Assert.True(doc.RootElement.TryGetProperty("overall", out _));
        Assert.Matches("(?i)repeat|duplicat", r.StdErr);
    }
}
