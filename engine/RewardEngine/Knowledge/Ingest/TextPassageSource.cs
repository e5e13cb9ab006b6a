using System.Text;
using System.Text.RegularExpressions;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;

namespace RewardEngine.Knowledge.Ingest;

/// <summary>
/// Passages from plain-text and Markdown files (.txt, .md): one file, or every such file under a folder, in path
/// order. Each file is cut into passages on paragraph boundaries (<see cref="PassageChunker"/>). The title is the
/// file's first Markdown heading, else its name. A file that is not UTF-8 text is a bad record.
/// </summary>
public sealed partial class TextPassageSource : IPassageSource
{
    private static readonly string[] Extensions = [".txt", ".md", ".markdown"];
    private readonly string _root;
    private readonly List<string> _files;
    private long _bytesRead;

    public TextPassageSource(string path)
    {
        _root = path;
        switch (InputFile.KindOf(path))
        {
            case PathKind.File: _files = [Path.GetFullPath(path)]; break;
            case PathKind.Directory: _files = FilesUnder(Path.GetFullPath(path)); break;
            case PathKind.Missing: throw new KnowledgeBaseException($"{path}: input not found");
            default: throw new KnowledgeBaseException($"{path}: input {InputFile.NotAFile(path)}");
        }
        TotalBytes = _files.Sum(f => new FileInfo(f).Length);
    }

    /// <summary>
    /// The .txt/.md files under a folder, in path order. Links are followed, but a folder reached a second time (a
    /// link loop, or two links to one place) is not walked again; named pipes and devices are left out (reading
    /// one would block).
    /// </summary>
    private static List<string> FilesUnder(string root)
    {
        var files = new List<string>();
        var visited = new HashSet<(uint, uint, ulong)>();
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            // Where inode numbers are unknown, the link's final target stands in for the folder's identity.
            var id = NativeFs.Identity(dir) ?? (0u, 0u, (ulong)(new DirectoryInfo(dir).ResolveLinkTarget(true)?.FullName ?? dir).GetHashCode());
            if (!visited.Add(id)) continue;
            List<string> entries;
            try { entries = Directory.EnumerateFileSystemEntries(dir).Order(StringComparer.Ordinal).ToList(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            // Reverse order onto the stack: folders are walked in path order, so which of two routes to one folder is
            // taken does not depend on the file system's listing order.
            foreach (var entry in Enumerable.Reverse(entries))
            {
                switch (InputFile.KindOf(entry))
                {
                    case PathKind.Directory: pending.Push(entry); break;
                    case PathKind.File when Extensions.Contains(Path.GetExtension(entry).ToLowerInvariant()): files.Add(entry); break;
                }
            }
        }
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    public long BytesRead => Interlocked.Read(ref _bytesRead);
    public long TotalBytes { get; }
    public long Ignored => 0;

    public IEnumerable<SourceItem> Read(CancellationToken cancellationToken)
    {
        var baseDir = Directory.Exists(_root) ? Path.GetFullPath(_root) : Path.GetDirectoryName(Path.GetFullPath(_root))!;
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        foreach (var file in _files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rel = Path.GetRelativePath(baseDir, file);
            string? text = null;
            string? problem = null;
            try
            {
                var bytes = File.ReadAllBytes(file);
                Interlocked.Add(ref _bytesRead, bytes.Length);
                if (bytes.AsSpan().Contains((byte)0)) problem = "binary file (NUL bytes), not text";
                else text = strict.GetString(bytes).TrimStart('\uFEFF');
            }
            catch (DecoderFallbackException) { problem = "not valid UTF-8 text"; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { problem = "cannot read: " + e.Message; }
            if (problem is not null)
            {
                yield return SourceItem.Bad(rel, problem);
                continue;
            }
            var (title, body) = CleanMarkdown(text!, Path.GetFileNameWithoutExtension(file));
            var chunks = PassageChunker.Chunk(PassageChunker.Paragraphs(body));
            for (int i = 0; i < chunks.Count; i++)
                yield return SourceItem.Of(new PassageRecord($"{rel}#{i + 1}", title, chunks[i]));
        }
    }

    /// <summary>The first heading as title; heading marks, emphasis and code fences removed from the body.</summary>
    internal static (string Title, string Body) CleanMarkdown(string text, string fallbackTitle)
    {
        string? title = null;
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var sb = new StringBuilder(text.Length);
        foreach (var line in lines)
        {
            var h = Heading().Match(line);
            if (h.Success)
            {
                title ??= h.Groups[1].Value.Trim();
                // A heading is its own paragraph.
                sb.Append("\n\n").Append(h.Groups[1].Value.Trim()).Append("\n\n");
                continue;
            }
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) { sb.Append('\n'); continue; }
            sb.Append(Emphasis().Replace(line, "")).Append('\n');
        }
        return (title ?? fallbackTitle, sb.ToString());
    }

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")] private static partial Regex Heading();
    [GeneratedRegex(@"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")] private static partial Regex Emphasis();
}
