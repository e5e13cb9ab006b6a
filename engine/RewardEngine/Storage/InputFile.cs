using System.Globalization;

namespace RewardEngine.Storage;

/// <summary>What a path names.</summary>
public enum PathKind { Missing, File, Directory, Fifo, CharacterDevice, BlockDevice, Socket, Other }

/// <summary>
/// Input files are regular files: a named pipe without a writer blocks in open forever, /dev/zero never ends, and a
/// folder read as a file fails with "access denied". Each is refused up front with a line that says what the path is.
/// </summary>
public static class InputFile
{
    /// <summary>The most bytes an input is read into memory whole (the largest .NET array).</summary>
    public static readonly long MaxInMemoryBytes = Array.MaxLength;

    /// <summary>What <paramref name="path"/> names, following links.</summary>
    public static PathKind KindOf(string path)
    {
        if (NativeFs.FileTypeBits(path) is { } bits)
        {
            return bits switch
            {
                0x8000 => PathKind.File,
                0x4000 => PathKind.Directory,
                0x1000 => PathKind.Fifo,
                0x2000 => PathKind.CharacterDevice,
                0x6000 => PathKind.BlockDevice,
                0xC000 => PathKind.Socket,
                _ => PathKind.Other,
            };
        }
        return Directory.Exists(path) ? PathKind.Directory : File.Exists(path) ? PathKind.File : PathKind.Missing;
    }

    /// <summary>Null when <paramref name="path"/> is a regular file; otherwise what it is, as the end of a sentence.</summary>
    public static string? NotAFile(string path) => KindOf(path) switch
    {
        PathKind.File => null,
        PathKind.Missing => "file not found",
        PathKind.Directory => "is a folder, not a file",
        PathKind.Fifo => "is a named pipe (FIFO), not a regular file: inputs are read from files on disk (write the stream to a file first)",
        PathKind.CharacterDevice => "is a character device (like /dev/zero), not a regular file",
        PathKind.BlockDevice => "is a block device, not a regular file",
        PathKind.Socket => "is a socket, not a regular file",
        _ => "is not a regular file",
    };

    /// <summary>
    /// The bytes of a regular file of at most <paramref name="maxBytes"/>, read in chunks so that Ctrl+C stops it.
    /// Every problem (not a file, too large, unreadable) goes through <paramref name="fail"/>, which makes the
    /// caller's coded exception from a sentence.
    /// </summary>
    public static byte[] ReadAllBytes(string path, Func<string, Exception> fail, CancellationToken cancellationToken = default, long? maxBytes = null)
    {
        if (NotAFile(path) is { } problem) throw fail(problem);
        var limit = Math.Min(maxBytes ?? MaxInMemoryBytes, MaxInMemoryBytes);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var length = stream.Length;
            if (length > limit)
                throw fail($"is {Bytes(length)}, over the {Bytes(limit)} an input may hold in memory: split it into several files");
            var bytes = new byte[length];
            int read = 0;
            while (read < bytes.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int n = stream.Read(bytes, read, Math.Min(bytes.Length - read, 1 << 22));
                if (n == 0) break;
                read += n;
            }
            return read == bytes.Length ? bytes : bytes[..read];
        }
        catch (FileNotFoundException) { throw fail("file not found"); }
        catch (DirectoryNotFoundException) { throw fail("file not found"); }
        catch (UnauthorizedAccessException) { throw fail("cannot read it: permission denied"); }
        catch (IOException e) { throw fail($"cannot read it: {e.Message}"); }
    }

    /// <summary>
    /// Opens a regular file for streaming (inputs read line by line or in blocks); problems go through
    /// <paramref name="fail"/> as in <see cref="ReadAllBytes"/>.
    /// </summary>
    public static FileStream OpenRead(string path, Func<string, Exception> fail, int bufferSize = 1 << 16)
    {
        if (NotAFile(path) is { } problem) throw fail(problem);
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan); }
        catch (FileNotFoundException) { throw fail("file not found"); }
        catch (DirectoryNotFoundException) { throw fail("file not found"); }
        catch (UnauthorizedAccessException) { throw fail("cannot read it: permission denied"); }
        catch (IOException e) { throw fail($"cannot read it: {e.Message}"); }
    }

    internal static string Bytes(long n) => n switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{n / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{n / (double)(1L << 20):0.0} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{n / (double)(1L << 10):0.0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{n} bytes"),
    };
}
