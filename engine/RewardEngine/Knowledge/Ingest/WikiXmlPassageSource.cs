using System.Text;
using System.Xml;
using ICSharpCode.SharpZipLib.BZip2;
using RewardEngine.Diagnostics;
using RewardEngine.Storage;

namespace RewardEngine.Knowledge.Ingest;

/// <summary>
/// Passages from a MediaWiki XML export (<c>pages-articles.xml</c>, or <c>.xml.bz2</c> decompressed as it streams).
/// Articles (namespace 0, not redirects) are stripped of markup (<see cref="Wikitext"/>) and cut into passages;
/// other pages are counted as ignored. A page without title or text is a bad record.
/// Each page is cut out of the text by its <c>&lt;page&gt;</c> and <c>&lt;/page&gt;</c> tags and parsed on its own, so
/// a page that is not well-formed XML (an unescaped <c>&amp;</c> or <c>&lt;</c> in its text) is one bad record and the
/// pages after it are read as usual. Invalid UTF-8 is read as U+FFFD and counted.
/// </summary>
public sealed class WikiXmlPassageSource(string path) : IPassageSource
{
    /// <summary>A page longer than this without its closing tag is cut off as a bad record (the largest articles are a few MB).</summary>
    internal const int MaxPageChars = 64 << 20;

    private CountingStream? _counter;
    private readonly CountingUtf8 _utf8 = new();
    private long _ignored;

    public long BytesRead => _counter?.Count ?? 0;
    public long TotalBytes { get; } = File.Exists(path) ? new FileInfo(path).Length : 0;
    public long Ignored => Interlocked.Read(ref _ignored);
    public long InvalidUtf8Replaced => _utf8.Replaced;
    public string? FirstInvalidUtf8At => _utf8.FirstAt;

    private sealed record Page(string? Title, string? Ns, string? Id, bool Redirect, string? Text, int Line);

    public IEnumerable<SourceItem> Read(CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        using var file = _counter = new CountingStream(InputFile.OpenRead(path, problem => new KnowledgeBaseException($"{path}: input {problem}")));
        var (input, openError) = OpenInput(file);
        if (openError is not null)
        {
            yield return SourceItem.Bad(name, openError);
            yield break;
        }
        using var _ = input == file ? null : input;
        using var text = new StreamReader(input, _utf8.Encoding, detectEncodingFromByteOrderMarks: true, 1 << 16);
        var splitter = new PageSplitter(text, _utf8, name);
        string? lastTitle = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (chunk, line, error) = splitter.Next();
            if (error is not null)
            {
                var after = lastTitle is null ? "" : $" (after page '{lastTitle}')";
                yield return SourceItem.Bad($"{name}: line {line}{after}", error);
                if (splitter.Ended) yield break;
                continue;
            }
            if (chunk is null) yield break;
            var (page, xmlError) = ParsePage(chunk, line);
            if (xmlError is not null)
            {
                var title = TitleHint(chunk);
                yield return SourceItem.Bad($"{name}: line {xmlError.Value.Line}{(title is null ? "" : $", page '{title}'")}",
                    $"malformed XML: {xmlError.Value.Message}; page skipped");
                lastTitle = title ?? lastTitle;
                continue;
            }
            lastTitle = page!.Title ?? lastTitle;
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

    private static readonly XmlReaderSettings PageSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        ConformanceLevel = ConformanceLevel.Fragment,
    };

    /// <summary>One &lt;page&gt; element; its line numbers are counted from <paramref name="firstLine"/>.</summary>
    private static (Page? Page, (int Line, string Message)? Error) ParsePage(string chunk, int firstLine)
    {
        try
        {
            using var xml = XmlReader.Create(new StringReader(chunk), PageSettings);
            string? title = null, ns = null, id = null, text = null;
            bool redirect = false;
            xml.MoveToContent(); // <page>
            int pageDepth = xml.Depth;
            xml.Read();
            while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == pageDepth))
            {
                if (xml.NodeType == XmlNodeType.Element)
                {
                    int depth = xml.Depth - pageDepth;
                    switch (xml.LocalName)
                    {
                        case "title" when depth == 1: title = AllText(xml); continue;
                        case "ns" when depth == 1: ns = AllText(xml); continue;
                        case "id" when depth == 1: id = AllText(xml); continue;
                        case "redirect" when depth == 1: redirect = true; break;
                        case "text" when text is null: text = AllText(xml); continue;
                    }
                }
                xml.Read();
            }
            // Anything after </page> in the chunk (there is none by construction) is not read.
            return (new Page(title, ns, id, redirect, text, firstLine), null);
        }
        catch (XmlException e)
        {
            return (null, (firstLine + Math.Max(0, e.LineNumber - 1), e.Message.Split('\n')[0].Trim()));
        }
    }

    /// <summary>
    /// The text of an element, markup inside it included as text (<c>&lt;b&gt;bold&lt;/b&gt;</c> unescaped in a dump is
    /// still the word "bold"); the reader ends past its end tag.
    /// </summary>
    private static string AllText(XmlReader xml)
    {
        if (xml.IsEmptyElement) { xml.Read(); return ""; }
        int depth = xml.Depth;
        var sb = new StringBuilder();
        xml.Read();
        while (!xml.EOF && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
                sb.Append(xml.Value);
            xml.Read();
        }
        xml.Read(); // past the end tag
        return sb.ToString();
    }

    /// <summary>The raw title of a page that failed to parse, for the report; null when none is found.</summary>
    private static string? TitleHint(string chunk)
    {
        int start = chunk.IndexOf("<title>", StringComparison.Ordinal);
        if (start < 0) return null;
        int end = chunk.IndexOf("</title>", start, StringComparison.Ordinal);
        if (end < 0 || end - start > 300) return null;
        return System.Net.WebUtility.HtmlDecode(chunk[(start + 7)..end]).Trim();
    }

    /// <summary>Cuts the decoded text of a dump into &lt;page&gt;...&lt;/page&gt; pieces, with the line each starts on.</summary>
    private sealed class PageSplitter(StreamReader reader, CountingUtf8 utf8, string name)
    {
        private int _lineNo;
        private string? _rest;
        private bool _sawMarkup;

        public bool Ended { get; private set; }

        /// <summary>The next page, (null, 0, null) at the end, or an error with its line.</summary>
        public (string? Chunk, int Line, string? Error) Next()
        {
            try
            {
                StringBuilder? page = null;
                int start = 0;
                while (true)
                {
                    string? line = _rest ?? ReadLine();
                    bool continued = _rest is not null;
                    _rest = null;
                    if (line is null)
                    {
                        Ended = true;
                        if (page is not null) return (null, start, "the file ends inside a <page> (no </page>): the file is cut short");
                        if (!_sawMarkup) return (null, Math.Max(1, _lineNo), "not a MediaWiki XML export (no XML markup found)");
                        return (null, 0, null);
                    }
                    if (!_sawMarkup && line.Trim().Length > 0)
                    {
                        _sawMarkup = true;
                        if (!line.TrimStart().StartsWith('<'))
                        {
                            Ended = true;
                            return (null, _lineNo, "not a MediaWiki XML export (the file does not start with XML markup)");
                        }
                    }
                    if (page is null)
                    {
                        int open = OpenTag(line);
                        if (open < 0) continue;
                        page = new StringBuilder();
                        start = _lineNo;
                        line = line[open..];
                    }
                    else if (!continued) page.Append('\n');
                    int close = line.IndexOf("</page>", StringComparison.Ordinal);
                    if (close >= 0)
                    {
                        page.Append(line, 0, close + 7);
                        var after = line[(close + 7)..];
                        if (after.Trim().Length > 0) _rest = after;
                        return (page.ToString(), start, null);
                    }
                    page.Append(line);
                    if (page.Length > MaxPageChars)
                        return (null, start, $"a <page> longer than {MaxPageChars >> 20} MiB without </page>; skipped to the next page");
                }
            }
            catch (Exception e) when (e is ICSharpCode.SharpZipLib.SharpZipBaseException or EndOfStreamException or IOException)
            {
                Ended = true;
                return (null, _lineNo, "compressed stream is corrupt: " + e.Message + "; the rest of the file cannot be read");
            }
        }

        private string? ReadLine()
        {
            var line = reader.ReadLine();
            if (line is null) return null;
            _lineNo++;
            utf8.Note(line, $"{name}: line {_lineNo}");
            return line;
        }

        // "<page>" or "<page ...>", not "<pages>".
        private static int OpenTag(string line)
        {
            for (int i = line.IndexOf("<page", StringComparison.Ordinal); i >= 0; i = line.IndexOf("<page", i + 1, StringComparison.Ordinal))
            {
                int next = i + 5;
                if (next >= line.Length || line[next] == '>' || char.IsWhiteSpace(line[next])) return i;
            }
            return -1;
        }
    }
}
