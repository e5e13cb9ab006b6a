using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RewardEngine.Diagnostics;

namespace RewardEngine.Storage;

/// <summary>
/// The result files of a run, replaced together: every file is written in full to a temporary name beside its
/// final one and flushed to disk, then a commit record lists the renames, then the renames are made. A failure
/// before the commit record (a full disk, an I/O error) removes the temporary files and leaves the previous set
/// whole; a process killed after it is completed by the next <see cref="Recover"/> (every writer calls it first).
/// So the folder holds one run's set at every moment it is at rest, never a mix of two.
/// Callers hold the folder's <see cref="ExclusiveLock"/>.
/// </summary>
public sealed class OutputSet
{
    private const string CommitRecord = ".output-commit";
    private const string TempMarker = ".rwdtmp-";
    private readonly List<(string Name, Action<Stream> Write)> _files = [];

    public OutputSet(string folder) => Folder = Path.GetFullPath(folder);

    public string Folder { get; }

    /// <summary>Adds a file (a name inside the folder) whose content <paramref name="write"/> streams.</summary>
    public OutputSet Add(string name, Action<Stream> write)
    {
        if (name.Contains('/') || name.StartsWith('.')) throw new ArgumentException("a plain file name", nameof(name));
        _files.Add((name, write));
        return this;
    }

    /// <summary>Adds a text file (UTF-8, no BOM).</summary>
    public OutputSet Add(string name, string text) =>
        Add(name, s => { var bytes = new UTF8Encoding(false).GetBytes(text); s.Write(bytes); });

    /// <summary>Writes every file, then replaces the previous set in one commit.</summary>
    public void Commit()
    {
        Recover(Folder);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var renames = new List<(string Temp, string Final)>();
        string current = Folder;
        try
        {
            foreach (var (name, write) in _files)
            {
                current = Path.Combine(Folder, name);
                var temp = Path.Combine(Folder, $"{TempMarker}{token}-{name}");
                renames.Add((temp, current));
                using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            current = Path.Combine(Folder, CommitRecord);
            WriteDurably(current, JsonSerializer.SerializeToUtf8Bytes(renames.Select(r => new[] { Path.GetFileName(r.Temp), Path.GetFileName(r.Final) })));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var (temp, _) in renames) TryDelete(temp);
            TryDelete(Path.Combine(Folder, CommitRecord));
            var kept = _files.Any(f => File.Exists(Path.Combine(Folder, f.Name)))
                ? $"the previous results in {Folder} are unchanged" : "no results were written";
            if (e is IOException io && IoFaults.IsDiskFull(io))
                throw new WriteFailedException(current, $"the disk is full: writing the results failed and {kept}; free space and run the same command again (finished pairs are kept in run.db)", e);
            throw new WriteFailedException(current, $"writing the results failed ({IoFaults.Describe(e)}) and {kept}; fix it and run the same command again (finished pairs are kept in run.db)", e);
        }
        Apply(Folder);
    }

    /// <summary>
    /// Completes a commit a killed process left recorded, and removes temporary files of writes that never reached
    /// their commit. Safe to call at any time the folder's lock is held.
    /// </summary>
    public static void Recover(string folder)
    {
        folder = Path.GetFullPath(folder);
        if (!Directory.Exists(folder)) return;
        if (File.Exists(Path.Combine(folder, CommitRecord))) Apply(folder);
        TryDelete(Path.Combine(folder, CommitRecord + ".tmp"));
        foreach (var stray in Directory.EnumerateFiles(folder, TempMarker + "*")) TryDelete(stray);
    }

    private static void Apply(string folder)
    {
        var record = Path.Combine(folder, CommitRecord);
        string[][]? renames;
        try { renames = JsonSerializer.Deserialize<string[][]>(File.ReadAllBytes(record)); }
        catch (JsonException) { renames = null; } // a record cut short was never committed (it is written whole first)
        try
        {
            foreach (var pair in renames ?? [])
            {
                if (pair is not [var temp, var final] || temp.Contains('/') || final.Contains('/')) continue;
                var from = Path.Combine(folder, temp);
                if (File.Exists(from)) File.Move(from, Path.Combine(folder, final), overwrite: true);
            }
            NativeFs.SyncDirectory(folder);
            File.Delete(record);
            NativeFs.SyncDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WriteFailedException(folder, $"completing the commit of the results failed ({IoFaults.Describe(e)}); the next run in this folder completes it", e);
        }
    }

    private static void WriteDurably(string path, byte[] bytes)
    {
        var temp = path + ".tmp";
        using (var s = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            s.Write(bytes);
            s.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        NativeFs.SyncDirectory(Path.GetDirectoryName(path)!);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
