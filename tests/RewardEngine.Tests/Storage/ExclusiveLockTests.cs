using RewardEngine.Diagnostics;
using RewardEngine.Storage;

namespace RewardEngine.Tests.Storage;

public class ExclusiveLockTests
{
    [Fact]
    public void A_second_holder_is_refused_naming_the_first_until_it_lets_go()
    {
        var dir = TestPaths.NewTempDirectory();
        using (var first = ExclusiveLock.ForFolder(dir))
        {
            // Another open file description is what another process has: the same refusal.
            var e = Assert.Throws<ResourceLockedException>(() => ExclusiveLock.ForFolder(dir));
            Assert.Equal("RWD600", e.Code);
            Assert.Equal(ExitCodes.RunFailed, e.ExitCode);
            Assert.Contains($"pid {Environment.ProcessId}", e.Message);
            Assert.Contains(dir, e.Message);
        }
        using var again = ExclusiveLock.ForFolder(dir);
        Assert.True(File.Exists(again.LockFile + ".owner"));
    }

    [Fact]
    public void A_folder_that_is_a_file_is_an_output_path_error()
    {
        var file = Path.Combine(TestPaths.NewTempDirectory(), "out");
        File.WriteAllText(file, "x");
        var e = Assert.Throws<OutputPathException>(() => ExclusiveLock.ForFolder(file));
        Assert.Equal("RWD210", e.Code);
        Assert.Contains("is a file, not a folder", e.Message);
    }

    [Fact]
    public void The_lock_of_a_killed_holder_is_free()
    {
        // The kernel drops a flock with its process: a holder killed with SIGKILL never blocks the next run.
        var dir = TestPaths.NewTempDirectory();
        var psi = new System.Diagnostics.ProcessStartInfo("flock", ["-x", Path.Combine(dir, ".lock"), "sleep", "30"]) { UseShellExecute = false };
        using var holder = System.Diagnostics.Process.Start(psi)!;
        try
        {
            var until = DateTime.UtcNow.AddSeconds(10);
            while (DateTime.UtcNow < until)
            {
                try { using var probe = ExclusiveLock.ForFolder(dir); Thread.Sleep(20); }
                catch (ResourceLockedException) { break; }
            }
            Assert.Throws<ResourceLockedException>(() => ExclusiveLock.ForFolder(dir));
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            holder.WaitForExit();
        }
        // The killed tree's last process may take a moment to go; then the lock is free.
        for (var until = DateTime.UtcNow.AddSeconds(10); ; Thread.Sleep(50))
        {
            try { using var free = ExclusiveLock.ForFolder(dir); break; }
            catch (ResourceLockedException) when (DateTime.UtcNow < until) { }
        }
    }
}
