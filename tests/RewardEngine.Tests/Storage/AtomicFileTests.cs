using RewardEngine.Storage;

namespace RewardEngine.Tests.Storage;

public class AtomicFileTests
{
    [Fact]
    public void A_write_makes_the_folder_and_replaces_the_file_whole_leaving_no_temporary()
    {
        var dir = Path.Combine(TestPaths.NewTempDirectory(), "a", "b");
        var file = Path.Combine(dir, "x.txt");
        AtomicFile.Write(file, "first é\n");
        AtomicFile.Write(file, "second");
        Assert.Equal("second", File.ReadAllText(file));
        Assert.Equal([0x73], File.ReadAllBytes(file)[..1]); // no byte order mark
        Assert.Equal(["x.txt"], Directory.GetFiles(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failed_write_keeps_what_was_there_and_removes_its_temporary()
    {
        var dir = TestPaths.NewTempDirectory();
        var blocked = Path.Combine(dir, "blocked");
        Directory.CreateDirectory(blocked); // a folder where the file should go: the rename fails
        File.WriteAllText(Path.Combine(blocked, "keep"), "kept");

        Assert.False(AtomicFile.TryWrite(blocked, "new"u8));
        Assert.ThrowsAny<IOException>(() => AtomicFile.Write(blocked, "new"u8));
        Assert.Equal("kept", File.ReadAllText(Path.Combine(blocked, "keep")));
        Assert.Equal(["blocked"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
    }
}
