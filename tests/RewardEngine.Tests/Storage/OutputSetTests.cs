using RewardEngine.Diagnostics;
using RewardEngine.Storage;

namespace RewardEngine.Tests.Storage;

public class OutputSetTests
{
    private static Dictionary<string, string> Files(string dir) =>
        Directory.EnumerateFiles(dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

    [Fact]
    public void A_failed_write_leaves_the_previous_set_whole_and_no_temporary_files()
    {
        var dir = TestPaths.NewTempDirectory();
        new OutputSet(dir).Add("a.json", "old a").Add("b.jsonl", "old b").Add("c.json", "old c").Commit();
        var before = Files(dir);

        var e = Assert.Throws<WriteFailedException>(() => new OutputSet(dir)
            .Add("a.json", "new a")
            .Add("b.jsonl", _ => throw new IOException("No space left on device", 28))
            .Add("c.json", "new c")
            .Commit());
        Assert.Equal("RWD620", e.Code);
        Assert.Contains("the disk is full", e.Message);
        Assert.Contains("unchanged", e.Message);
        Assert.Equal(before, Files(dir));
    }

    [Fact]
    public void A_commit_replaces_every_file()
    {
        var dir = TestPaths.NewTempDirectory();
        new OutputSet(dir).Add("a.json", "old a").Add("b.jsonl", "old b").Commit();
        new OutputSet(dir).Add("a.json", "new a").Add("b.jsonl", "new b").Commit();
        Assert.Equal(new Dictionary<string, string> { ["a.json"] = "new a", ["b.jsonl"] = "new b" }, Files(dir));
    }

    [Fact]
    public void A_commit_cut_short_by_a_kill_is_completed_by_the_next_writer()
    {
        var dir = TestPaths.NewTempDirectory();
        new OutputSet(dir).Add("a.json", "old a").Add("b.jsonl", "old b").Commit();
        // What a process killed between its first and second rename leaves: the record, one temp file renamed.
        File.WriteAllText(Path.Combine(dir, ".rwdtmp-0123456789ab-b.jsonl"), "new b");
        File.WriteAllText(Path.Combine(dir, "a.json"), "new a");
        File.WriteAllText(Path.Combine(dir, ".output-commit"),
            """[[".rwdtmp-0123456789ab-a.json","a.json"],[".rwdtmp-0123456789ab-b.jsonl","b.jsonl"]]""");
        // A stray temp file of a write that never reached its commit.
        File.WriteAllText(Path.Combine(dir, ".rwdtmp-ffffffffffff-a.json"), "half");
        OutputSet.Recover(dir);
        Assert.Equal(new Dictionary<string, string> { ["a.json"] = "new a", ["b.jsonl"] = "new b" }, Files(dir));
    }
}
