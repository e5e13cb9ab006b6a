using RewardEngine.Storage;

namespace RewardEngine.Tests.Storage;

public class InputFileTests
{
    [Fact]
    public void Kinds_of_paths_are_told_apart_without_opening_them()
    {
        var dir = TestPaths.NewTempDirectory();
        var fifo = Path.Combine(dir, "pipe");
        using (var p = System.Diagnostics.Process.Start("mkfifo", fifo)) p.WaitForExit();
        var file = Path.Combine(dir, "f.json");
        File.WriteAllText(file, "[]");
        Assert.Equal(PathKind.File, InputFile.KindOf(file));
        Assert.Equal(PathKind.Directory, InputFile.KindOf(dir));
        Assert.Equal(PathKind.Fifo, InputFile.KindOf(fifo));
        Assert.Equal(PathKind.CharacterDevice, InputFile.KindOf("/dev/zero"));
        Assert.Equal(PathKind.Missing, InputFile.KindOf(Path.Combine(dir, "none")));
        Assert.Contains("named pipe", InputFile.NotAFile(fifo));
    }

    [Fact]
    public void Reading_is_capped_and_cancellable()
    {
        var file = Path.Combine(TestPaths.NewTempDirectory(), "big.bin");
        File.WriteAllBytes(file, new byte[10_000]);
        var e = Assert.Throws<InvalidDataException>(() => InputFile.ReadAllBytes(file, m => new InvalidDataException(m), maxBytes: 1000));
        Assert.Contains("over the", e.Message);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => InputFile.ReadAllBytes(file, m => new InvalidDataException(m), cancelled.Token));
        Assert.Equal(10_000, InputFile.ReadAllBytes(file, m => new InvalidDataException(m)).Length);
    }
}
