using System.Text.RegularExpressions;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>
/// The counting rules of a person who writes an instruction, for constraints the parser read from free text (kwarg
/// <c>counting: "writer"</c>) and the engine's own kinds; IFEval's ids given explicitly keep <see cref="TextMeasures"/>.
/// The rules, documented in docs/instruction-following.md:
/// words are whitespace-separated tokens holding a letter or digit (a hyphenated word or a contraction is one word;
/// a list marker is none); a keyword is the exact form on word boundaries, case-insensitive (an inflected or longer
/// word does not match); fenced code is never prose; headings (markdown, bold-only lines, labelled lines such as
/// "Part 2:" without end punctuation) are not sentences or paragraphs; each list item, a preamble ending in a colon
/// and an exclamation opener are sentences; paragraphs are blank-line blocks that hold prose; tables and dividers are
/// neither.
/// </summary>
internal static partial class WriterText
{
    /// <summary>Whitespace-separated tokens holding a letter or digit, list markers at a line's start excepted.</summary>
    public static int CountWords(string text)
    {
        int n = 0;
        foreach (var line in Lines(text))
        {
            if (line.Kind is LineKind.Blank or LineKind.Divider or LineKind.Code or LineKind.Math) continue;
            n += CountTokens(line.Kind == LineKind.Table ? line.Text.Replace('|', ' ') : line.Text) + CountTokens(line.Label);
        }
        return n;
    }

    /// <summary>
    /// Words written in capitals, as a writer counts them: whitespace tokens of prose, headings, list items and tables
    /// whose letters, two or more, are all capitals ("NOW", "DON'T"; not "A" or "I", and no code).
    /// </summary>
    public static int CountCapitalWords(string text)
    {
        int n = 0;
        foreach (var line in Lines(text))
        {
            if (line.Kind is LineKind.Blank or LineKind.Divider or LineKind.Code) continue;
            foreach (var token in line.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                int letters = 0;
                bool lower = false;
                foreach (var c in token)
                {
                    if (!char.IsLetter(c)) continue;
                    letters++;
                    lower |= !char.IsUpper(c);
                }
                if (letters >= 2 && !lower) n++;
            }
        }
        return n;
    }

    /// <summary>Whitespace-separated tokens holding a letter or digit.</summary>
    public static int CountTokens(string text)
    {
        int n = 0;
        bool inToken = false, counted = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) { inToken = false; continue; }
            if (!inToken) { inToken = true; counted = false; }
            if (!counted && char.IsLetterOrDigit(c)) { n++; counted = true; }
        }
        return n;
    }

    /// <summary>The sentences of the response's prose, list items and tables excluded as the rules above say.</summary>
    public static List<string> Sentences(string response)
    {
        var result = new List<string>();
        // In a response written all in lowercase a sentence starts in lowercase too.
        var lowercase = !response.Any(char.IsUpper);
        foreach (var block in ProseBlocks(Lines(response))) result.AddRange(TextMeasures.SplitSentences(block, writer: true, lowercaseText: lowercase));
        return result;
    }

    public static int CountSentences(string response) => Sentences(response).Count;

    /// <summary>Runs of prose lines joined (a wrapped paragraph is one block); each list item is its own block.</summary>
    private static IEnumerable<string> ProseBlocks(IReadOnlyList<Line> lines)
    {
        var current = new List<string>();
        foreach (var line in lines)
        {
            if (line.Kind == LineKind.Prose)
            {
                current.Add(line.Text);
                // A preamble ending in a colon is a sentence of its own.
                if (line.Text.EndsWith(':')) { yield return string.Join(' ', current); current.Clear(); }
                continue;
            }
            if (current.Count > 0) { yield return string.Join(' ', current); current.Clear(); }
            if (line.Kind is LineKind.Bullet or LineKind.Numbered && line.Text.Length > 0) yield return line.Text;
        }
        if (current.Count > 0) yield return string.Join(' ', current);
    }

    /// <summary>
    /// Paragraphs: blank-line (or divider) separated blocks with prose or list items; heading-only blocks, dividers,
    /// tables, display math, code and a postscript (a block opening with P.S. or P.P.S.) are not (math and table lines
    /// neither end nor join a block).
    /// </summary>
    public static List<string> Paragraphs(string response)
    {
        var result = new List<string>();
        var current = new List<string>();
        void Flush()
        {
            if (current.Count > 0 && !PostscriptRegex().IsMatch(current[0])) result.Add(string.Join('\n', current));
            current.Clear();
        }
        foreach (var line in Lines(response))
        {
            switch (line.Kind)
            {
                case LineKind.Blank or LineKind.Divider or LineKind.Code: Flush(); break;
                case LineKind.Prose or LineKind.Bullet or LineKind.Numbered: current.Add(line.Text); break;
                // A heading opens the next paragraph's block but is not its prose.
                case LineKind.Heading: Flush(); break;
            }
        }
        Flush();
        return result;
    }

    /// <summary>Sections: each heading with the prose under it, up to the next heading (text before the first heading is none).</summary>
    public static List<(string Heading, string Body)> Sections(string response)
    {
        var result = new List<(string, string)>();
        string? heading = null;
        var body = new List<string>();
        foreach (var line in Lines(response))
        {
            if (line.Kind == LineKind.Heading)
            {
                if (heading is not null) result.Add((heading, string.Join('\n', body)));
                heading = line.Text;
                body.Clear();
            }
            else if (heading is not null && line.Kind is LineKind.Prose or LineKind.Bullet or LineKind.Numbered) body.Add(line.Text);
        }
        if (heading is not null) result.Add((heading, string.Join('\n', body)));
        return result;
    }

    /// <summary>The units a per-unit constraint names: paragraph, section (its body), bullet, item (bullet or numbered), heading, sentence, line.</summary>
    public static List<string> Units(string response, string unit) => unit switch
    {
        "paragraph" => Paragraphs(response),
        "section" => Sections(response).Select(s => s.Body).ToList(),
        "heading" => Lines(response).Where(l => l.Kind == LineKind.Heading).Select(l => l.Text).ToList(),
        "bullet" => Lines(response).Where(l => l.Kind == LineKind.Bullet).Select(l => l.Text).ToList(),
        "item" => Lines(response).Where(l => l.Kind is LineKind.Bullet or LineKind.Numbered).Select(l => l.Text).ToList(),
        "sentence" => Sentences(response),
        "line" => Lines(response).Where(l => l.Kind is not (LineKind.Blank or LineKind.Divider or LineKind.Code or LineKind.Math)).Select(l => l.Text).ToList(),
        _ => throw new ArgumentException($"unknown unit '{unit}'", nameof(unit)),
    };

    public static bool IsUnit(string? unit) => unit is "paragraph" or "section" or "heading" or "bullet" or "item" or "sentence" or "line";

    /// <summary>Occurrences of <paramref name="keyword"/> as a whole word or phrase, case-insensitive, curly and straight apostrophes alike.</summary>
    public static int CountKeyword(string text, string keyword)
    {
        var k = keyword.Trim();
        if (k.Length == 0) return 0;
        int n = 0;
        for (int i = 0; i + k.Length <= text.Length; i++)
        {
            if (!SameAt(text, i, k)) continue;
            var before = i == 0 ? ' ' : text[i - 1];
            var after = i + k.Length >= text.Length ? ' ' : text[i + k.Length];
            // A boundary: not a letter or digit on either side where the keyword itself starts or ends with one.
            if (char.IsLetterOrDigit(k[0]) && char.IsLetterOrDigit(before)) continue;
            if (char.IsLetterOrDigit(k[^1]) && char.IsLetterOrDigit(after)) continue;
            n++;
            i += k.Length - 1;
        }
        return n;
    }

    public static bool ContainsKeyword(string text, string keyword) => CountKeyword(text, keyword) > 0;

    private static bool SameAt(string text, int at, string k)
    {
        for (int j = 0; j < k.Length; j++)
            if (Fold(text[at + j]) != Fold(k[j])) return false;
        return true;
    }

    private static char Fold(char c) => c is '’' or '‘' ? '\'' : char.ToLowerInvariant(c);

    /// <summary>Whether <paramref name="text"/> opens with <paramref name="starter"/> (after quotes and emphasis), ending on a word boundary.</summary>
    public static bool OpensWith(string text, string starter)
    {
        var t = text.TrimStart(' ', '\t', '\n', '\r', '"', '\'', '“', '‘', '*', '_');
        var s = starter.Trim();
        if (s.Length == 0 || t.Length < s.Length || !SameAt(t, 0, s)) return false;
        return t.Length == s.Length || !char.IsLetterOrDigit(s[^1]) || !char.IsLetterOrDigit(t[s.Length]);
    }

    /// <summary>
    /// How many lines open with <paramref name="marker"/> (a pattern with <c>{n}</c>, e.g. "[Step {n}]", "Part {n}:")
    /// numbered 1, 2, 3... in order (arabic or roman numerals), after heading or bold markup.
    /// </summary>
    public static int CountMarkedLines(string response, string marker)
    {
        var at = marker.IndexOf("{n}", StringComparison.Ordinal);
        if (at < 0) return 0;
        var prefix = marker[..at];
        var suffix = marker[(at + 3)..].TrimEnd();
        int next = 1;
        foreach (var raw in response.Split('\n'))
        {
            var t = raw.Trim().TrimStart('#', '*', '_', ' ', '>').TrimStart();
            if (prefix.Length > 0 && !t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            var rest = t[prefix.Length..];
            int len = 0;
            while (len < rest.Length && char.IsAsciiLetterOrDigit(rest[len])) len++;
            if (len == 0 || NumeralValue(rest[..len]) != next) continue;
            var tail = rest[len..].TrimStart('*');
            if (suffix.Length > 0 && !tail.StartsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && !tail.TrimStart().StartsWith(suffix.TrimStart(), StringComparison.OrdinalIgnoreCase)) continue;
            next++;
        }
        return next - 1;
    }

    private static int NumeralValue(string s)
    {
        if (int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)) return n;
        int total = 0, prev = 0;
        for (int i = s.Length - 1; i >= 0; i--)
        {
            var v = char.ToUpperInvariant(s[i]) switch { 'I' => 1, 'V' => 5, 'X' => 10, 'L' => 50, _ => -1 };
            if (v < 0) return -1;
            total += v < prev ? -v : v;
            prev = Math.Max(prev, v);
        }
        return total;
    }

    /// <summary>How many lines of the response have <paramref name="kind"/> (bullets, numbered items, headings).</summary>
    public static int Count(string response, LineKind kind) => Lines(response).Count(l => l.Kind == kind);

    /// <summary>Non-empty lines inside fenced code blocks.</summary>
    public static int CountCodeLines(string response) =>
        Lines(response).Count(l => l.Kind == LineKind.Code && l.Text.Trim().Length > 0);
}
