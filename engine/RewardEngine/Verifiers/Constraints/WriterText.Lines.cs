using System.Globalization;
using System.Text.RegularExpressions;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>The writer's line classification: every count of <see cref="WriterText"/> starts from a response's lines and their roles.</summary>
internal static partial class WriterText
{
    /// <summary>One line's role in a response.</summary>
    public enum LineKind { Blank, Prose, Heading, Bullet, Numbered, Divider, Table, Code, Math }

    /// <summary>
    /// A response's lines with their roles; the text of list items and headings has its markup removed. A numbered
    /// step's label ("Step 3:") is kept apart in <paramref name="Label"/>: written words, but no part of its sentence.
    /// </summary>
    public readonly record struct Line(LineKind Kind, string Text, int Level, string Label = "");

    /// <summary>
    /// <paramref name="response"/>'s lines, classified once per text: a check of several measures (sentences,
    /// paragraphs, items, headings, words) asks for them once per measure. The entry lives as long as the text.
    /// </summary>
    public static IReadOnlyList<Line> Lines(string response) => Classified.GetValue(response, static r => [.. ClassifyLines(r)]);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, Line[]> Classified = new();

    private static List<Line> ClassifyLines(string response)
    {
        var lines = new List<Line>();
        bool inCode = false;
        string? mathCloser = null;
        foreach (var raw in response.Split('\n'))
        {
            var t = raw.Trim();
            if (t.StartsWith("```", StringComparison.Ordinal) || t.StartsWith("~~~", StringComparison.Ordinal))
            {
                inCode = !inCode;
                lines.Add(new Line(LineKind.Code, "", 0));
                continue;
            }
            if (inCode) { lines.Add(new Line(LineKind.Code, raw, 0)); continue; }
            // Display math (\[ ... \] or $$ ... $$, on one line or several) is, like code, never prose.
            if (mathCloser is null && (t.StartsWith("\\[", StringComparison.Ordinal) || t.StartsWith("$$", StringComparison.Ordinal)))
            {
                var closer = t[0] == '$' ? "$$" : "\\]";
                if (!(t.Length >= 4 && t.EndsWith(closer, StringComparison.Ordinal))) mathCloser = closer;
                lines.Add(new Line(LineKind.Math, t, 0));
                continue;
            }
            if (mathCloser is not null)
            {
                if (t.EndsWith(mathCloser, StringComparison.Ordinal)) mathCloser = null;
                lines.Add(new Line(LineKind.Math, t, 0));
                continue;
            }
            // A setext underline ("Title" over "=====") makes the line of prose above it a level-1 heading.
            if (SetextUnderlineRegex().IsMatch(t) && lines.Count > 0 && lines[^1].Kind == LineKind.Prose)
            {
                lines[^1] = new Line(LineKind.Heading, HeadingText(lines[^1].Text), 1);
                lines.Add(new Line(LineKind.Divider, "", 0));
                continue;
            }
            lines.Add(Classify(t));
        }
        MarkSymbolBullets(lines);
        MarkTitleLine(lines);
        return lines;
    }

    /// <summary>
    /// The answer's first line is its title (a heading) when it stands alone above a blank line, has no end
    /// punctuation, and is in title case ("The Benefits of Morning Walks"), or is wrapped in &lt;&lt; &gt;&gt; or [[ ]].
    /// </summary>
    private static void MarkTitleLine(List<Line> lines)
    {
        int i = lines.FindIndex(l => l.Kind != LineKind.Blank);
        if (i < 0 || lines[i].Kind != LineKind.Prose || i + 2 >= lines.Count || lines[i + 1].Kind != LineKind.Blank) return;
        if (!lines.Skip(i + 2).Any(l => l.Kind is not (LineKind.Blank or LineKind.Divider))) return;
        var t = lines[i].Text;
        if (WrappedTitleRegex().IsMatch(t) || IsTitleCase(t)) lines[i] = new Line(LineKind.Heading, t, 0);
    }

    private static readonly HashSet<string> TitleSmallWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with", "from", "as", "vs",
        "vs.", "into", "over", "via", "per", "is", "are",
    };

    private static bool IsTitleCase(string t)
    {
        if (t.Length == 0 || t[^1] is '.' or '!' or '?' or ':' or ',' or ';') return false;
        var words = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 12 || !char.IsUpper(words[0][0])) return false;
        foreach (var w in words)
        {
            var first = w.TrimStart('"', '\'', '(', '“', '‘', '*', '_');
            if (first.Length == 0 || !char.IsLetter(first[0])) continue;
            if (!char.IsUpper(first[0]) && !TitleSmallWords.Contains(first.ToLowerInvariant())) return false;
        }
        return words.Length > 1 || words[0].Any(char.IsLetter);
    }

    private static Line Classify(string t)
    {
        if (t.Length == 0) return new Line(LineKind.Blank, "", 0);
        if (DividerRegex().IsMatch(t)) return new Line(LineKind.Divider, "", 0);
        if (t[0] == '|') return new Line(LineKind.Table, t, 0);
        var h = MarkdownHeadingRegex().Match(t);
        if (h.Success) return new Line(LineKind.Heading, HeadingText(h.Groups[2].Value), h.Groups[1].Length);
        var bold = BoldLineRegex().Match(t);
        if (bold.Success) return new Line(LineKind.Heading, HeadingText(bold.Groups["t"].Value), 0);
        var num = NumberedMarkerRegex().Match(t);
        if (num.Success) return new Line(LineKind.Numbered, t[num.Length..].Trim(), 0);
        // "Step 3: Loosen the nuts." and "[Step 3] ..." ("[Exercise 2] ...") are numbered steps; "Step 3: Assembly" is a heading (below).
        var step = StepItemRegex().Match(t);
        if (step.Success && (t[0] == '[' || EndsWithSentencePunctuation(t)))
            // A bracketed label is a marker, as "[1]" is; a written "Step 3:" is words.
            return new Line(LineKind.Numbered, step.Groups["t"].Value.Trim(), 0, t[0] == '[' ? "" : t[..step.Groups["t"].Index].Trim());
        var bullet = BulletMarkerRegex().Match(t);
        if (bullet.Success) return new Line(LineKind.Bullet, t[bullet.Length..].Trim(), 0);
        if (LabelledLineRegex().IsMatch(t) && !EndsWithSentencePunctuation(t)) return new Line(LineKind.Heading, t, 0);
        return new Line(LineKind.Prose, t, 0);
    }

    /// <summary>
    /// Lines that open with a symbol (an emoji, a check mark, an arrow, a dash) and a space are bullets when the line
    /// before or after opens the same way: "✅ Fast setup" over "❌ No offline mode" is a list, one "🎉 Done!" is not.
    /// </summary>
    private static void MarkSymbolBullets(List<Line> lines)
    {
        var marker = new int[lines.Count];
        for (int i = 0; i < lines.Count; i++)
            marker[i] = lines[i].Kind == LineKind.Prose ? SymbolMarkerLength(lines[i].Text) : 0;
        for (int i = 0; i < lines.Count; i++)
        {
            if (marker[i] == 0 || !(i > 0 && marker[i - 1] > 0 || i + 1 < lines.Count && marker[i + 1] > 0)) continue;
            lines[i] = new Line(LineKind.Bullet, lines[i].Text[marker[i]..].Trim(), 0);
        }
    }

    /// <summary>The length of a symbol marker opening <paramref name="t"/> and followed by a space, or 0.</summary>
    private static int SymbolMarkerLength(string t)
    {
        int i = 0;
        while (i < t.Length && IsMarkerSymbol(t[i])) i++;
        return i > 0 && i < t.Length && char.IsWhiteSpace(t[i]) ? i : 0;
    }

    private static bool IsMarkerSymbol(char c)
    {
        if (c < 0x80) return false;
        if (char.IsSurrogate(c) || c is '\u200D' or '\uFE0F' or '–' or '—') return true;
        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.OtherSymbol or UnicodeCategory.MathSymbol
            or UnicodeCategory.ModifierSymbol or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;
    }

    private static bool EndsWithSentencePunctuation(string t)
    {
        var s = t.TrimEnd('"', '\'', ')', '*');
        return s.Length > 0 && s[^1] is '.' or '!' or '?';
    }

    /// <summary>A heading's text without its own number ("1. Choose a topic" -> "Choose a topic"): a marker, not a word.</summary>
    private static string HeadingText(string text)
    {
        var t = text.Trim();
        var m = HeadingNumberRegex().Match(t);
        return m.Success && m.Length < t.Length ? t[m.Length..].TrimStart() : t;
    }

    [GeneratedRegex(@"^(?:\*\s*){3,}$|^(?:-\s*){3,}$|^(?:_\s*){3,}$|^={3,}$")] private static partial Regex DividerRegex();
    [GeneratedRegex(@"^(#{1,6})\s+(.*?)\s*#*$")] private static partial Regex MarkdownHeadingRegex();
    [GeneratedRegex(@"^\*\*(?<t>[^*\n]+?)\*\*\s*:?$|^__(?<t>[^_\n]+?)__\s*:?$")] private static partial Regex BoldLineRegex();
    [GeneratedRegex(@"^(?:\*\*)?(?:\d{1,3}[.):]|\[\d{1,3}\]|\(\d{1,3}\))(?:\*\*)?(?=\s)")] private static partial Regex NumberedMarkerRegex();
    [GeneratedRegex(@"^[-*+•](?=\s)")] private static partial Regex BulletMarkerRegex();
    [GeneratedRegex(@"^(?:\[[A-Za-z]{1,12}\s+\d{1,3}\]|(?:\*\*)?Step\s+\d{1,3}\s*[:.)\-–—](?:\*\*)?)\s+(?<t>.*)$", RegexOptions.IgnoreCase)] private static partial Regex StepItemRegex();
    [GeneratedRegex(@"^\d{1,3}[.)](?=\s)")] private static partial Regex HeadingNumberRegex();
    [GeneratedRegex(@"^(?:Section|Part|Step|Chapter|Day|Week|Lesson|Exercise|Option|Phase|Stage|Module|Unit|Round|Scene|Act|Stanza|Verse|Slide|Example|Question|Task|Problem|Tip|Level|Session|Episode)\s+(?:\d{1,3}|[IVXL]{1,6})\b[^\n]{0,60}$", RegexOptions.IgnoreCase)] private static partial Regex LabelledLineRegex();
    [GeneratedRegex(@"^={3,}$")] private static partial Regex SetextUnderlineRegex();
    [GeneratedRegex(@"^(?:\*\*)?P\.\s?(?:P\.\s?)?S\b", RegexOptions.IgnoreCase)] private static partial Regex PostscriptRegex();
    [GeneratedRegex(@"^(?:<<[^<>]+>>|\[\[[^\[\]]+\]\])$")] private static partial Regex WrappedTitleRegex();
}
