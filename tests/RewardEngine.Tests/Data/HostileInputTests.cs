using System.Diagnostics;
using System.Text;
using RewardEngine.Data;
using RewardEngine.Diagnostics;
using RewardEngine.Tests.Commands;

namespace RewardEngine.Tests.Data;

/// <summary>Datasets that are not files, not UTF-8, not one JSON value, or not text: each says what it is.</summary>
public class HostileInputTests
{
    private const string Good = """{"id":"a","text_chosen":[{"role":"user","content":"q"},{"role":"assistant","content":"x"}],"text_rejected":[{"role":"user","content":"q"},{"role":"assistant","content":"y"}]}""";

    private static string Write(byte[] bytes, string name = "d.json")
    {
        var f = Path.Combine(TestPaths.NewTempDirectory(), name);
        File.WriteAllBytes(f, bytes);
        return f;
    }

    public static TheoryData<string, byte[], string> Messages() => new()
    {
        { "trailing content", Encoding.UTF8.GetBytes("[" + Good + "]\n{\"id\": 2}"), "unexpected content after the array's closing ']'" },
        { "UTF-16 BE without BOM", Encoding.BigEndianUnicode.GetBytes("[" + Good + "]"), "UTF-16 big-endian text without a byte-order mark" },
        { "UTF-16 LE with BOM", [0xFF, 0xFE, .. Encoding.Unicode.GetBytes("[" + Good + "]")], "UTF-16 little-endian text (with a byte-order mark)" },
        { "UTF-32 LE without BOM", new UTF32Encoding(false, false).GetBytes("[" + Good + "]"), "UTF-32 little-endian text without a byte-order mark" },
        { "lone surrogate", Encoding.UTF8.GetBytes("[" + Good.Replace("\"content\":\"x\"", "\"content\":\"x \\ud800 y\"") + "]"), "record 1, field 'text_chosen[1].content': holds an escaped lone UTF-16 surrogate ('\\ud800')" },
        { "lone low surrogate in id", Encoding.UTF8.GetBytes(Good.Replace("\"id\":\"a\"", "\"id\":\"\\udc00\"") + "\n"), "line 1, field 'id': holds an escaped lone UTF-16 surrogate ('\\udc00')" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Each_problem_says_what_it_is(string what, byte[] bytes, string expected)
    {
        var file = Write(bytes);
        var e = Assert.Throws<DatasetException>(() => DatasetLoader.Load(file));
        Assert.True(e.Message.Contains(expected), $"{what}: {e.Message}");
    }

    [Fact]
    public void A_surrogate_pair_is_text()
    {
        var file = Write(Encoding.UTF8.GetBytes("[" + Good.Replace("\"content\":\"x\"", "\"content\":\"x \\ud83d\\ude00\"") + "]"));
        Assert.Equal("x \U0001F600", DatasetLoader.Load(file).Pairs[0].Chosen);
    }

    [Fact]
    public async Task A_folder_a_pipe_and_a_device_are_refused_at_once_through_the_cli()
    {
        var dir = TestPaths.NewTempDirectory();
        var fifo = Path.Combine(dir, "pipe.json");
        using (var p = Process.Start("mkfifo", fifo)) p.WaitForExit();
        foreach (var (path, says) in new[] { (dir, "is a folder, not a file"), (fifo, "is a named pipe (FIFO)"), ("/dev/zero", "is a character device") })
        {
            var clock = Stopwatch.StartNew();
            var r = await RewardCli.RunAsync(["eval", "--dataset", path, "--out", TestPaths.NewTempDirectory()], TimeSpan.FromSeconds(60));
            Assert.Equal(2, r.ExitCode);
            Assert.StartsWith($"error RWD100: {path}: {says}", r.StdErr.Trim());
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{path}: {clock.Elapsed}");
        }
    }

    [Fact]
    public void Loading_stops_when_cancelled()
    {
        var file = Write(Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Repeat(Good, 2000)) + "]"));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => DatasetLoader.Load(file, cancelled.Token));
        Assert.Equal(2000, DatasetLoader.Load(file).Pairs.Count);
    }

    /// <summary>Bytes the process has read so far (/proc/PID/io's rchar), 0 when it cannot be read.</summary>
    private static long BytesRead(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/io"))
                if (line.StartsWith("rchar:", StringComparison.Ordinal)) return long.Parse(line.AsSpan(6).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        return 0;
    }

    private const int SigInt = 2;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    [Fact]
    public async Task Ctrl_c_while_loading_a_large_dataset_ends_the_run_with_130()
    {
        // ~40 MB: long enough to be loading when SIGINT comes.
        var big = "[" + string.Join(",", Enumerable.Range(0, 40_000).Select(i => Good.Replace("\"id\":\"a\"", $"\"id\":\"a{i}\"").Replace("\"q\"", "\"" + new string('q', 900) + "\""))) + "]";
        var file = Write(Encoding.UTF8.GetBytes(big));
        using var p = RewardCli.Start("eval", "--dataset", file, "--out", TestPaths.NewTempDirectory());
        var stderr = p.StandardError.ReadToEndAsync();
        // Signal once the process has read the dataset's bytes (it is parsing its records), not while the runtime
        // still starts up: the file is open only for the few milliseconds of one read, too short to poll for.
        var size = new FileInfo(file).Length;
        for (var until = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < until && !p.HasExited && BytesRead(p.Id) < size;)
            await Task.Delay(2);
        if (!p.HasExited)
        {
            // Signalled directly: spawning kill(1) from a busy test host can take longer than the whole run.
            Assert.Equal(0, SendSignal(p.Id, SigInt));
            Assert.True(p.WaitForExit(30_000), "the run went on after Ctrl+C");
            Assert.Equal(130, p.ExitCode);
            Assert.Contains("cancelled", await stderr);
        }
    }
}
