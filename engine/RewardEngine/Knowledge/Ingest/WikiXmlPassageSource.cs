using System.Xml;
using ICSharpCode.SharpZipLib.BZip2;
using RewardEngine.Diagnostics;

namespace RewardEngine.Knowledge.Ingest;

/// <summary>
/// Passages from a MediaWiki XML export (<c>pages-articles.xml</c>, or <c>.xml.bz2</c> decompressed as it streams).
/// Articles (namespace 0, not redirects) are stripped of markup (<see cref="Wikitext"/>) and cut into passages;
/// other pages are counted as ignored. A page without title or text is a bad record. Malformed XML is reported
/// with its line; the rest of that file cannot be read past it, so the run goes on with what came before.
/// </summary>
public sealed class WikiXmlPassageSource(string path) : IPassageSource
{
    private CountingStream? _counter;
    private long _ignored;

    public long BytesRead => _counter?.Count ?? 0;
    public long TotalBytes { get; } = File.Exists(path) ? new FileInfo(path).Length : 0;
    public long Ignored => Interlocked.Read(ref _ignored);

    private sealed record Page(string? Title, string? Ns, string? Id, bool Redirect, string? Text, int Line);

    public IEnumerable<SourceItem> Read(CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) throw new KnowledgeBaseException($"{path}: input file not found");
        var name = Path.GetFileName(path);
        using var file = _counter = new CountingStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16));
        var (input, openError) = OpenInput(file);
        if (openError is not null)
        {
            yield return SourceItem.Bad(name, openError);
            yield break;
        }
        using var _ = input == file ? null : input;
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            IgnoreWhitespace = true,
            CloseInput = false,
        };
        using var xml = XmlReader.Create(input, settings);
        string? lastTitle = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (page, error) = NextPage(xml);
            if (error is not null)
            {
                var after = lastTitle is null ? "" : $" (after page '{lastTitle}')";
                yield return SourceItem.Bad($"{name}: line {error.Value.Line}{after}",
                    $"malformed XML: {error.Value.Message}; the rest of the file cannot be read");
                yield break;
            }
            if (page is null) yield break;
            lastTitle = page.Title ?? lastTitle;
            var where = $"{name}: line {page.Line}, page '{page.Title ?? "?"}'";
            if (string.IsNullOrWhiteSpace(page.Title)) { yield return SourceItem.Bad(where, "page has no <title>"); continue; }
            if (page.Ns is not null && page.Ns.Trim() != "0") { Interlocked.Increment(ref _ignored); continue; }
            if (page.Text is null) { yield return SourceItem.Bad(where, "page has no <text> in its revision"); continue; }
            if (page.Redirect || Wikitext.IsRedirect(page.Text)) { Interlocked.Increment(ref _ignored); continue; }
            var plain = Wikitext.ToPlainText(page.Text);
            var chunks = PassageChunker.Chunk(PassageChunker.Paragraphs(plain));
            if (chunks.Count == 0) { Interlocked.Increment(ref _ignored); continue; }
            var id = string.IsNullOrWhiteSpace(page.Id) ? page.Title : page.Id.Trim();
            for (int i = 0; i < chunks.Count; i++)
                yield return SourceItem.Of(new PassageRecord($"{name}#{id}:{i + 1}", page.Title.Trim(), chunks[i]));
        }
    }

    private (Stream Input, string? Error) OpenInput(Stream file)
    {
        if (!path.EndsWith(".bz2", StringComparison.OrdinalIgnoreCase)) return (file, null);
        try { return (new BZip2InputStream(file) { IsStreamOwner = false }, null); }
        catch (Exception e) when (e is ICSharpCode.SharpZipLib.SharpZipBaseException or EndOfStreamException or IOException)
        {
            return (file, "not a readable bzip2 stream: " + e.Message);
        }
    }

    /// <summary>The next &lt;page&gt;, null at the end, or the XML error (iterators cannot catch around yield).</summary>
    private static (Page? Page, (int Line, string Message)? Error) NextPage(XmlReader xml)
    {
        try
        {
            while (true)
            {
                if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "page") break;
                if (!xml.Read()) return (null, null);
            }
            int line = (xml as IXmlLineInfo)?.LineNumber ?? 0;
            string? title = null, ns = null, id = null, text = null;
            bool redirect = false;
            using (var page = xml.ReadSubtree())
            {
                page.Read(); // <page>
                page.Read();
                while (!page.EOF)
                {
                    if (page.NodeType == XmlNodeType.Element)
                    {
                        switch (page.LocalName)
                        {
                            case "title" when page.Depth == 1: title = page.ReadElementContentAsString(); continue;
                            case "ns" when page.Depth == 1: ns = page.ReadElementContentAsString(); continue;
                            case "id" when page.Depth == 1: id = page.ReadElementContentAsString(); continue;
                            case "redirect" when page.Depth == 1: redirect = true; break;
                            case "text" when text is null: text = page.ReadElementContentAsString(); continue;
                        }
                    }
                    page.Read();
                }
            }
            xml.Read(); // past </page>
            return (new Page(title, ns, id, redirect, text, line), null);
        }
        catch (XmlException e)
        {
            return (null, (e.LineNumber, e.Message.Split('\n')[0].Trim()));
        }
        catch (Exception e) when (e is ICSharpCode.SharpZipLib.SharpZipBaseException or EndOfStreamException or IOException)
        {
            return (null, ((xml as IXmlLineInfo)?.LineNumber ?? 0, "compressed stream is corrupt: " + e.Message));
        }
    }
}
