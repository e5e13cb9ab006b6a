using System.Text;
using System.Text.RegularExpressions;
using RewardEngine.Diagnostics;

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
        if (File.Exists(path)) _files = [Path.GetFullPath(path)];
        else if (Directory.Exists(path))
            _files = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .Select(Path.GetFullPath)
                .Order(StringComparer.Ordinal)
                .ToList();
        else throw new KnowledgeBaseException($"{path}: input not found");
        TotalBytes = _files.Sum(f => new FileInfo(f).Length);
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
