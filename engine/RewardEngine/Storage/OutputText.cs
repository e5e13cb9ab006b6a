using System.Text;
using RewardEngine.Diagnostics;

namespace RewardEngine.Storage;

/// <summary>
/// The text output of a command (<c>--out F.jsonl</c>, or standard output when no file is given): a file is written
/// to a temporary name beside it and renamed over the old one only when complete, so a failed write (a full disk)
/// leaves the previous file as it was and is reported as a coded error naming the file.
/// </summary>
public static class OutputText
{
    public static async Task WriteLinesAsync(string? file, IEnumerable<string> lines, CancellationToken cancellationToken = default)
    {
        if (file is null)
        {
            foreach (var line in lines)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Console.Out.WriteLineAsync(line);
            }
            return;
        }
        await WriteAsync(file, async writer =>
        {
            foreach (var line in lines)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await writer.WriteLineAsync(line);
            }
        });
    }

    /// <summary>Writes <paramref name="file"/> whole or not at all.</summary>
    public static Task WriteAsync(string file, Func<TextWriter, Task> write) =>
        WriteBytesAsync(file, async stream =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            await write(writer);
            await writer.FlushAsync();
        });

    /// <summary>
    /// Writes UTF-8 bytes to <paramref name="file"/> whole or not at all, or to standard output when it is null.
    /// </summary>
    internal static async Task WriteBytesAsync(string? file, Func<Stream, Task> write)
    {
        if (file is null)
        {
            await using var stdout = new BufferedStream(Console.OpenStandardOutput(), 1 << 16);
            await write(stdout);
            return;
        }
        var full = Path.GetFullPath(file);
        CheckWritable(full);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                await write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); } catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
            var kept = File.Exists(full) ? "the previous file is unchanged" : "nothing was written";
            throw new WriteFailedException(full, $"writing it failed ({IoFaults.Describe(e)}); {kept}", e);
        }
    }

    /// <summary>Refuses an output path that is a folder or whose folder cannot be made (RWD210).</summary>
    public static void CheckWritable(string full)
    {
        if (InputFile.KindOf(full) is not (PathKind.File or PathKind.Missing))
            throw new OutputPathException(full, $"{InputFile.NotAFile(full)}: give a file name for the output");
        var dir = Path.GetDirectoryName(full)!;
        if (InputFile.KindOf(dir) is not (PathKind.Directory or PathKind.Missing))
            throw new OutputPathException(dir, "is a file, so it cannot hold the output; give a path in a folder");
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputPathException(dir, $"cannot create the output's folder: {IoFaults.Describe(e)}");
        }
    }
}
