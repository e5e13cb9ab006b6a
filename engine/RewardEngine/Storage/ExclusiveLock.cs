using System.Globalization;
using RewardEngine.Diagnostics;

namespace RewardEngine.Storage;

/// <summary>
/// An exclusive lock held by one process for as long as it works on a folder or a database (an advisory flock on a
/// lock file: the kernel drops it when the process ends, however it ends). A second process is refused at once with
/// a <see cref="ResourceLockedException"/> naming the holder, read from <c>LOCKFILE.owner</c> (pid, start, command).
/// </summary>
public sealed class ExclusiveLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _ownerFile;
    private bool _disposed;

    private ExclusiveLock(FileStream stream, string lockFile)
    {
        _stream = stream;
        LockFile = lockFile;
        _ownerFile = lockFile + ".owner";
    }

    /// <summary>The lock file.</summary>
    public string LockFile { get; }

    /// <summary>Locks an output folder (created when missing) through <c>FOLDER/.lock</c>.</summary>
    public static ExclusiveLock ForFolder(string folder, string what = "output folder", string advice = "wait for it to end, or choose another --out")
    {
        var full = Path.GetFullPath(folder);
        if (File.Exists(full) || InputFile.KindOf(full) is not (PathKind.Directory or PathKind.Missing))
            throw new OutputPathException(full, $"is a file, not a folder: give a folder for the {what}");
        try { Directory.CreateDirectory(full); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputPathException(full, $"cannot create the {what}: {IoFaults.Describe(e)}; choose a writable place");
        }
        return Acquire(Path.Combine(full, ".lock"), $"{what} {full}", advice);
    }

    /// <summary>Locks a single file (a database) through <c>FILE.lock</c> beside it.</summary>
    public static ExclusiveLock ForFile(string file, string what, string advice) =>
        Acquire(Path.GetFullPath(file) + ".lock", $"{what} {Path.GetFullPath(file)}", advice);

    /// <summary>Takes the lock on <paramref name="lockFile"/> or refuses, naming the holder.</summary>
    public static ExclusiveLock Acquire(string lockFile, string resource, string advice)
    {
        FileStream stream;
        try
        {
            // FileShare.None is .NET's own flock; the explicit one below also holds where .NET's is turned off.
            stream = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            throw Locked(lockFile, resource, advice);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputPathException(lockFile, $"cannot create the lock file of the {resource}: {IoFaults.Describe(e)}; choose a writable place");
        }
        if (!NativeFs.TryLockExclusive(stream.SafeFileHandle))
        {
            stream.Dispose();
            throw Locked(lockFile, resource, advice);
        }
        var held = new ExclusiveLock(stream, lockFile);
        held.WriteOwner();
        return held;
    }

    /// <summary>Who holds <paramref name="lockFile"/>, as written by the holder; null when unknown.</summary>
    public static string? Holder(string lockFile)
    {
        // The holder writes its owner file right after taking the lock: give it a moment.
        for (int attempt = 0; attempt < 10; attempt++)
        {
            try
            {
                var text = File.ReadAllText(lockFile + ".owner").Trim();
                if (text.Length > 0) return text;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            Thread.Sleep(20);
        }
        return null;
    }

    private static ResourceLockedException Locked(string lockFile, string resource, string advice)
    {
        var holder = Holder(lockFile);
        return new ResourceLockedException(
            $"{resource} is in use by another process ({holder ?? "holder unknown"}); {advice}");
    }

    // .NET reports a flock held elsewhere as an IOException with EWOULDBLOCK (11) and a "being used by another
    // process" message; any other IOException is a real fault of the path.
    private static bool IsHeldElsewhere(IOException e) =>
        e.HResult == 11 || e.Message.Contains("used by another process", StringComparison.OrdinalIgnoreCase);

    private void WriteOwner()
    {
        var args = Environment.GetCommandLineArgs();
        var command = string.Join(' ', args.Skip(1).Prepend(Path.GetFileNameWithoutExtension(Environment.ProcessPath ?? args[0])));
        if (command.Length > 300) command = command[..300] + " ...";
        var line = string.Create(CultureInfo.InvariantCulture,
            $"pid {Environment.ProcessId}, since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC: {command}");
        try
        {
            var tmp = _ownerFile + ".tmp" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            File.WriteAllText(tmp, line + "\n");
            File.Move(tmp, _ownerFile, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Informational only: the lock holds without it (a full disk must not stop a run that can still resume).
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        // The owner file goes first, while the lock is still held, so a new holder's is never removed.
        try { File.Delete(_ownerFile); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        _stream.Dispose();
    }
}
