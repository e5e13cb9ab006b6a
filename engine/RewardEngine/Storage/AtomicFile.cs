using System.Text;

namespace RewardEngine.Storage;

/// <summary>
/// A file written through a temporary file beside it and one rename: a reader sees the old file or the whole new one,
/// never a part. Each write has a temporary of its own (process id and a random part), so two processes writing the
/// same file at once never share one. A command's own outputs go through <see cref="OutputText"/> (coded errors,
/// standard output) or <see cref="OutputSet"/> (several files as one).
/// </summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, making its folder; a failure is thrown, with the temporary removed.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                stream.Write(bytes);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte order mark.</summary>
    public static void Write(string path, string text) => Write(path, Encoding.UTF8.GetBytes(text));

    /// <summary>Best effort, for caches: false where the write failed, and nothing is left behind.</summary>
    public static bool TryWrite(string path, ReadOnlySpan<byte> bytes)
    {
        try { Write(path, bytes); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
