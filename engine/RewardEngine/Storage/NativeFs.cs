using System.Runtime.InteropServices;

namespace RewardEngine.Storage;

/// <summary>
/// The few POSIX calls .NET does not expose: the type of a file before opening it (a FIFO blocks in open), an
/// advisory lock that does not depend on .NET's own (which DOTNET_SYSTEM_IO_DISABLEFILELOCKING turns off), and
/// fsync of a folder (renames are durable only then). Linux (glibc 2.28+); elsewhere every call reports "unknown".
/// </summary>
internal static class NativeFs
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int LockExclusive = 2, LockNonBlocking = 4;
    private const int OpenReadOnly = 0, OpenDirectory = 0x10000, OpenCloseOnExec = 0x80000;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static extern int Flock(IntPtr fd, int operation);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    /// <summary>The file type bits (S_IFMT) of <paramref name="path"/>, following links; null when unknown.</summary>
    public static int? FileTypeBits(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            // struct statx is the same on every architecture: stx_mode is the u16 at offset 28.
            var buffer = new byte[256];
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return null;
            return BitConverter.ToUInt16(buffer, 28) & 0xF000;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// The identity of the file or folder <paramref name="path"/> names, following links (device and inode), so a walk
    /// can tell a folder it has already visited through a link; null when unknown.
    /// </summary>
    public static (uint DevMajor, uint DevMinor, ulong Inode)? Identity(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            const uint statxIno = 0x100;
            var buffer = new byte[256];
            if (Statx(AtFdCwd, path, 0, StatxType | statxIno, buffer) != 0) return null;
            return (BitConverter.ToUInt32(buffer, 136), BitConverter.ToUInt32(buffer, 140), BitConverter.ToUInt64(buffer, 32));
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Takes an exclusive advisory lock on an open file without waiting. True when taken (or when the platform has
    /// no flock, where .NET's FileShare.None is the lock); false when another open file holds it.
    /// </summary>
    public static bool TryLockExclusive(Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux()) return true;
        try
        {
            return Flock(handle.DangerousGetHandle(), LockExclusive | LockNonBlocking) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return true;
        }
    }

    /// <summary>Makes the entries of a folder (renames, new files) durable; best effort.</summary>
    public static void SyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            int fd = Open(path, OpenReadOnly | OpenDirectory | OpenCloseOnExec);
            if (fd < 0) return;
            Fsync(fd);
            Close(fd);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
        }
    }
}
