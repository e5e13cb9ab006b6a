using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace RewardEngine.Knowledge.Ingest;

/// <summary>
/// Turns MediaWiki markup into plain paragraphs: templates, tables, references, comments, files and categories
/// are removed; links keep their label; bold/italic quotes, heading marks and list bullets go. Sections that are
/// only lists of sources (References, External links, See also, ...) are dropped. Good enough for retrieval text,
/// not a renderer.
/// </summary>
public static partial class Wikitext
{
    private static readonly HashSet<string> DroppedSections = new(StringComparer.OrdinalIgnoreCase)
    {
        "References", "External links", "See also", "Further reading", "Notes", "Bibliography", "Sources",
        "Citations", "Footnotes", "Notes and references", "Works cited",
    };

    private static readonly string[] DroppedLinkPrefixes =
        ["file:", "image:", "category:", "media:", "wikipedia:", "wp:", "template:", "help:", "portal:", "special:"];

    /// <summary>True for redirect pages ("#REDIRECT [[Target]]").</summary>
    public static bool IsRedirect(string wikitext) =>
        wikitext.TrimStart().StartsWith("#redirect", StringComparison.OrdinalIgnoreCase);

    /// <summary>The plain text, paragraphs separated by blank lines.</summary>
    public static string ToPlainText(string wikitext)
    {
        var s = Comment().Replace(wikitext, "");
        s = RefSelfClosing().Replace(s, "");
        s = RefPair().Replace(s, "");
        s = DroppedTagPair().Replace(s, "");
        s = RemoveNested(s, "{{", "}}");
        s = RemoveTables(s);
        s = ReplaceLinks(s);
        s = ExternalLinkWithLabel().Replace(s, "$1");
        s = ExternalLinkBare().Replace(s, "");
        s = AnyTag().Replace(s, "");
        s = Quotes().Replace(s, "");
        s = MagicWord().Replace(s, "");
        s = WebUtility.HtmlDecode(s);
        return Lines(s);
    }

    /// <summary>Line-level pass: headings become paragraphs, dropped sections go, list marks and table leftovers go.</summary>
    private static string Lines(string s)
    {
        var sb = new StringBuilder(s.Length);
        int dropLevel = 0; // > 0 while inside a dropped section of that heading level
        foreach (var raw in s.Split('\n'))
        {
            var line = raw.Trim();
            var h = Heading().Match(line);
            if (h.Success)
            {
                int level = h.Groups[1].Value.Length;
                var title = h.Groups[2].Value.Trim();
                if (dropLevel > 0 && level > dropLevel) continue;
                dropLevel = DroppedSections.Contains(title) ? level : 0;
                if (dropLevel == 0 && title.Length > 0) sb.Append("\n\n").Append(title).Append("\n\n");
                continue;
            }
            if (dropLevel > 0) continue;
            if (line.StartsWith('|') || line.StartsWith('!')) continue;
            line = ListMark().Replace(line, "");
            if (line.Length == 0) { sb.Append('\n'); continue; }
            sb.Append(line).Append(IsListItem(raw) ? "\n\n" : "\n");
        }
        return ExtraBlank().Replace(sb.ToString(), "\n\n").Trim();

        // List items are paragraphs of their own.
        static bool IsListItem(string l) => l.Length > 0 && l[0] is '*' or '#' or ':' or ';';
    }

    /// <summary>Removes balanced open..close spans (templates, possibly nested).</summary>
    private static string RemoveNested(string s, string open, string close)
    {
        if (!s.Contains(open, StringComparison.Ordinal)) return s;
        var sb = new StringBuilder(s.Length);
        int depth = 0;
        for (int i = 0; i < s.Length;)
        {
            if (string.CompareOrdinal(s, i, open, 0, open.Length) == 0) { depth++; i += open.Length; continue; }
            if (depth > 0 && string.CompareOrdinal(s, i, close, 0, close.Length) == 0) { depth--; i += close.Length; continue; }
            if (depth == 0) sb.Append(s[i]);
            i++;
        }
        return sb.ToString();
    }

    /// <summary>Removes {| ... |} tables, nested ones included (they start and end at line starts).</summary>
    private static string RemoveTables(string s)
    {
        if (!s.Contains("{|", StringComparison.Ordinal)) return s;
        var sb = new StringBuilder(s.Length);
        int depth = 0;
        foreach (var line in s.Split('\n'))
        {
            var t = line.TrimStart();
            if (t.StartsWith("{|", StringComparison.Ordinal)) { depth++; continue; }
            if (depth > 0)
            {
                if (t.StartsWith("|}", StringComparison.Ordinal)) depth--;
                continue;
            }
            sb.Append(line).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>[[target|label]] to label, [[target]] to target; files, categories and interwiki links removed.</summary>
    private static string ReplaceLinks(string s)
    {
        if (!s.Contains("[[", StringComparison.Ordinal)) return s;
        var sb = new StringBuilder(s.Length);
        int i = 0;
        while (i < s.Length)
        {
            int start = s.IndexOf("[[", i, StringComparison.Ordinal);
            if (start < 0) { sb.Append(s, i, s.Length - i); break; }
            sb.Append(s, i, start - i);
            // Find the matching ]] allowing nested [[...]] (file captions hold links).
            int depth = 0, j = start;
            for (; j < s.Length - 1; j++)
            {
                if (s[j] == '[' && s[j + 1] == '[') { depth++; j++; }
                else if (s[j] == ']' && s[j + 1] == ']') { depth--; j++; if (depth == 0) break; }
            }
            if (depth != 0) { sb.Append(s, start, s.Length - start); break; } // unbalanced: leave the rest as text
            var inner = s.Substring(start + 2, j - 1 - (start + 2));
            sb.Append(LinkText(inner));
            i = j + 1;
        }
        return sb.ToString();
    }

    private static string LinkText(string inner)
    {
        var target = inner.TrimStart(':').TrimStart();
        var lower = target.ToLowerInvariant();
        if (DroppedLinkPrefixes.Any(p => lower.StartsWith(p, StringComparison.Ordinal))) return "";
        if (InterwikiPrefix().IsMatch(target)) return "";
        int bar = inner.IndexOf('|');
        if (bar >= 0)
        {
            var label = inner[(bar + 1)..].Trim();
            if (label.Length > 0) return ReplaceLinks(label);
            target = inner[..bar]; // the "pipe trick": [[Paris (city)|]] shows "Paris"
            return Parenthetical().Replace(target, "").Trim();
        }
        int hash = target.IndexOf('#');
        if (hash > 0) target = target[..hash];
        else if (hash == 0) target = target[1..];
        return target.Trim();
    }

    [GeneratedRegex(@"<!--.*?(-->|\z)", RegexOptions.Singleline)] private static partial Regex Comment();
    [GeneratedRegex(@"<ref\b[^>]*/\s*>", RegexOptions.IgnoreCase)] private static partial Regex RefSelfClosing();
    [GeneratedRegex(@"<ref\b[^>/]*>.*?(</ref\s*>|\z)", RegexOptions.IgnoreCase | RegexOptions.Singleline)] private static partial Regex RefPair();
    [GeneratedRegex(@"<(math|gallery|timeline|syntaxhighlight|source|score|graph|imagemap|templatedata|chem|ce|hiero)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex DroppedTagPair();
    [GeneratedRegex(@"</?[a-zA-Z][^<>]*?/?>")] private static partial Regex AnyTag();
    [GeneratedRegex(@"\[(?:https?:|ftp:)?//[^\s\]]+\s+([^\]]*)\]")] private static partial Regex ExternalLinkWithLabel();
    [GeneratedRegex(@"\[(?:https?:|ftp:)?//[^\s\]]*\]")] private static partial Regex ExternalLinkBare();
    [GeneratedRegex(@"'{2,}")] private static partial Regex Quotes();
    [GeneratedRegex(@"__[A-Z]+__")] private static partial Regex MagicWord();
    [GeneratedRegex(@"^(={1,6})\s*(.*?)\s*\1\s*$")] private static partial Regex Heading();
    [GeneratedRegex(@"^[*#:;]+\s*")] private static partial Regex ListMark();
    [GeneratedRegex(@"\n\s*\n(\s*\n)*")] private static partial Regex ExtraBlank();
    [GeneratedRegex(@"^[a-z]{2,3}(-[a-z]+)?:", RegexOptions.IgnoreCase)] private static partial Regex InterwikiPrefix();
    [GeneratedRegex(@"\s*\([^)]*\)\s*$")] private static partial Regex Parenthetical();
}
