using System.Diagnostics;

namespace RewardEngine.Tests.Storage;

/// <summary>
/// A small tmpfs mounted for one test (disk-full and read-only cases need a real file system that fills up or is
/// read-only; root can mount one). Unmounted on dispose.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Why tmpfs mounts cannot be made here, or null when they can.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    public static TmpfsMount Create(int sizeKb)
    {
        var dir = TestPaths.NewTempDirectory("rwd-tmpfs");
        var (code, err) = Run("mount", "-t", "tmpfs", "-o", $"size={sizeKb}k", "tmpfs", dir);
        if (code != 0) throw new InvalidOperationException($"mount failed: {err}");
        return new TmpfsMount(dir);
    }

    /// <summary>Remounts read-only (what a read-only medium looks like to the engine).</summary>
    public void MakeReadOnly()
    {
        var (code, err) = Run("mount", "-o", "remount,ro", Path);
        if (code != 0) throw new InvalidOperationException($"remount failed: {err}");
    }

    /// <summary>Fills the file system until only about <paramref name="leaveBytes"/> are free.</summary>
    public void Fill(long leaveBytes)
    {
        var free = new DriveInfo(Path).AvailableFreeSpace;
        var size = Math.Max(0, free - leaveBytes);
        using var f = new FileStream(System.IO.Path.Combine(Path, "fill"), FileMode.Create);
        var block = new byte[1 << 16];
        try
        {
            for (long written = 0; written < size; written += block.Length)
                f.Write(block, 0, (int)Math.Min(block.Length, size - written));
            f.Flush(true);
        }
        catch (IOException) { } // full already
    }

    /// <summary>Frees what <see cref="Fill"/> took.</summary>
    public void Unfill() => File.Delete(System.IO.Path.Combine(Path, "fill"));

    public void Dispose() => Run("umount", "-l", Path);

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "tmpfs mounts need Linux";
        if (Environment.UserName != "root") return "mounting a tmpfs needs root (run the tests as root to cover disk-full and read-only cases)";
        try
        {
            using var m = Create(64);
            File.WriteAllText(System.IO.Path.Combine(m.Path, "probe"), "x");
            return null;
        }
        catch (Exception e) { return "cannot mount a tmpfs here: " + e.Message; }
    }

    private static (int Code, string Err) Run(params string[] args)
    {
        var psi = new ProcessStartInfo(args[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args.Skip(1)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, err.Trim());
    }
}

/// <summary>A fact that needs a tmpfs mount: skipped, with the reason shown, where one cannot be made.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (TmpfsMount.WhyUnavailable is { } why) Skip = why;
    }
}
