using Microsoft.Data.Sqlite;
using RewardEngine.Storage;
using RewardEngine.Tests.Storage;

namespace RewardEngine.Tests.Commands;

/// <summary>
/// What happens to an output folder when something else uses it, when the disk fills, and when its run store is not
/// one: a coded error of one line, the documented exit code, and nothing stored lost.
/// </summary>
public class OutputFolderTests
{
    private static string Data => TestPaths.SharedData("rm-bench", "chat_normal.json");

    private static string[] Eval(string outDir, params string[] more) => ["eval", "--dataset", Data, "--out", outDir, "--limit", "40", .. more];

    private static void AssertOneCodedLine(RewardCli.Result r, string code, int exit, string mentions)
    {
        Assert.True(r.ExitCode == exit, $"exit {r.ExitCode}, expected {exit}\n{r.StdErr}");
        var errors = r.StdErr.Split('\n').Where(l => l.StartsWith("error ", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(errors);
        Assert.StartsWith($"error {code}: ", line);
        Assert.Contains(mentions, line);
        Assert.DoesNotContain("   at ", r.StdErr);
        Assert.NotEqual(134, r.ExitCode);
    }

    [Fact]
    public void A_second_process_on_a_held_folder_is_refused_and_changes_nothing()
    {
        var dir = TestPaths.NewTempDirectory();
        Assert.Equal(0, RewardCli.Run(Eval(dir)).ExitCode);
        var before = Directory.EnumerateFiles(dir).ToDictionary(f => f, File.ReadAllBytes);
        using (ExclusiveLock.ForFolder(dir))
        {
            var r = RewardCli.Run(Eval(dir, "--order", "both"));
            AssertOneCodedLine(r, "RWD600", 3, $"pid {Environment.ProcessId}");
            Assert.Contains("in use by another process", r.StdErr);
        }
        foreach (var (file, bytes) in before.Where(f => !f.Key.EndsWith(".lock.owner")))
            Assert.True(bytes.SequenceEqual(File.ReadAllBytes(file)), $"{file} changed");
    }

    [Fact]
    public void Out_naming_a_file_is_a_coded_error()
    {
        var file = Path.Combine(TestPaths.NewTempDirectory(), "results.txt");
        File.WriteAllText(file, "mine");
        AssertOneCodedLine(RewardCli.Run(Eval(file)), "RWD210", 2, file);
        Assert.Equal("mine", File.ReadAllText(file));
    }

    public static TheoryData<string> BadStores() => ["random bytes", "text", "cut in half", "a folder", "another schema", "a record that is not JSON"];

    [Theory]
    [MemberData(nameof(BadStores))]
    public void A_run_store_that_is_not_one_is_named_and_left_as_it_is(string what)
    {
        var dir = TestPaths.NewTempDirectory();
        var db = Path.Combine(dir, "run.db");
        switch (what)
        {
            case "random bytes": File.WriteAllBytes(db, Enumerable.Range(0, 8192).Select(i => (byte)(i * 131 + 7)).ToArray()); break;
            case "text": File.WriteAllText(db, "these are my notes, not a database\n"); break;
            case "a folder": Directory.CreateDirectory(db); break;
            case "another schema":
                using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
                {
                    c.Open();
                    using var cmd = c.CreateCommand();
                    cmd.CommandText = "CREATE TABLE invoices(id INTEGER PRIMARY KEY, amount REAL); INSERT INTO invoices VALUES (1, 9.5)";
                    cmd.ExecuteNonQuery();
                }
                break;
            case "cut in half" or "a record that is not JSON":
                Assert.Equal(0, RewardCli.Run(Eval(dir)).ExitCode);
                if (what == "cut in half")
                {
                    using (var c = new SqliteConnection($"Data Source={db};Pooling=False"))
                    {
                        c.Open();
                        using var cmd = c.CreateCommand();
                        cmd.CommandText = "PRAGMA journal_mode=DELETE";
                        cmd.ExecuteNonQuery();
                    }
                    var bytes = File.ReadAllBytes(db);
                    File.WriteAllBytes(db, bytes[..(bytes.Length / 2)]);
                }
                else
                {
                    using var c = new SqliteConnection($"Data Source={db};Pooling=False");
                    c.Open();
                    using var cmd = c.CreateCommand();
                    cmd.CommandText = "UPDATE pairs SET record = '{not json' WHERE idx = 3";
                    cmd.ExecuteNonQuery();
                }
                break;
        }
        var snapshot = Directory.Exists(db) ? null : File.ReadAllBytes(db);
        var r = RewardCli.Run(Eval(dir));
        AssertOneCodedLine(r, "RWD610", 2, db);
        Assert.Contains("start the run afresh", r.StdErr);
        if (snapshot is not null) Assert.Equal(snapshot, File.ReadAllBytes(db));
        if (what == "a record that is not JSON") Assert.Contains("pair 3", r.StdErr);
    }

    [TmpfsFact]
    public void Disk_full_while_writing_results_leaves_the_previous_set_whole()
    {
        using var disk = TmpfsMount.Create(8 * 1024);
        var dir = Path.Combine(disk.Path, "o");
        var first = RewardCli.Run(["eval", "--dataset", Data, "--out", dir, "--ties", "strict"]);
        Assert.Equal(0, first.ExitCode);
        var before = new[] { "results_grouped.json", "scores.jsonl", "run.json" }.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(dir, f)));
        disk.Fill(leaveBytes: 100 * 1024);

        var r = RewardCli.Run(["eval", "--dataset", Data, "--out", dir, "--ties", "half"]);
        AssertOneCodedLine(r, "RWD620", 3, "the disk is full");
        foreach (var (name, bytes) in before)
            Assert.True(bytes.SequenceEqual(File.ReadAllBytes(Path.Combine(dir, name))), $"{name} changed");
        Assert.Empty(Directory.EnumerateFiles(dir, ".rwdtmp-*"));

        disk.Unfill();
        var again = RewardCli.Run(["eval", "--dataset", Data, "--out", dir, "--ties", "half"]);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("resumed", again.StdOut);
    }

    [TmpfsFact]
    public void Disk_full_while_saving_pairs_keeps_what_was_saved()
    {
        using var disk = TmpfsMount.Create(8 * 1024);
        var dir = Path.Combine(disk.Path, "o");
        Directory.CreateDirectory(dir);
        disk.Fill(leaveBytes: 160 * 1024);
        var r = RewardCli.Run(["eval", "--dataset", Data, "--out", dir, "--threads", "1"]);
        AssertOneCodedLine(r, "RWD620", 3, "run.db");
        Assert.Contains("free space and run the same command again to resume", r.StdErr);

        disk.Unfill();
        var again = RewardCli.Run(["eval", "--dataset", Data, "--out", dir, "--threads", "1"]);
        Assert.Equal(0, again.ExitCode);
        Assert.Matches(@"\(\d+ evaluated now, [1-9]\d* resumed\)", again.StdOut);
    }

    [TmpfsFact]
    public void A_read_only_output_folder_is_a_coded_error()
    {
        using var disk = TmpfsMount.Create(1024);
        Directory.CreateDirectory(Path.Combine(disk.Path, "o"));
        disk.MakeReadOnly();
        AssertOneCodedLine(RewardCli.Run(Eval(Path.Combine(disk.Path, "o"))), "RWD210", 2, "read-only");
    }
}
