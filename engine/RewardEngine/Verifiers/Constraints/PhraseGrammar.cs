using System.Globalization;
using System.Text.RegularExpressions;

namespace RewardEngine.Verifiers.Constraints;

/// <summary>How a quantity in an instruction is bounded: "at least 5", "under 50", "5 to 7", "exactly 3".</summary>
internal enum Bound { AtLeast, MoreThan, LessThan, AtMost, Exactly, Range }

/// <summary>A quantity read from an instruction: a bound and one or two numbers.</summary>
internal readonly record struct Quantity(Bound Bound, int N, int M = 0)
{
    /// <summary>
    /// The same quantity in IFEval's two relations: at least n / less than n. Exact counts and ranges become two
    /// constraints (at least low, less than high + 1), which is how IFEval's own data writes them.
    /// </summary>
    public IEnumerable<(string Relation, int N)> ToIfEval()
    {
        switch (Bound)
        {
            case Bound.AtLeast: yield return (Relation.AtLeast, N); break;
            case Bound.MoreThan: yield return (Relation.AtLeast, N + 1); break;
            case Bound.LessThan: yield return (Relation.LessThan, N); break;
            case Bound.AtMost: yield return (Relation.LessThan, N + 1); break;
            case Bound.Exactly: yield return (Relation.AtLeast, N); yield return (Relation.LessThan, N + 1); break;
            case Bound.Range: yield return (Relation.AtLeast, N); yield return (Relation.LessThan, M + 1); break;
        }
    }
}

/// <summary>
/// Pieces the constraint grammar is composed from: numbers written as digits or words, relation phrases in
/// front of a number ("no more than", "a minimum of") or behind it ("or more", "+", "at most"), and ranges.
/// Each piece is a regex fragment with named groups, read back by <see cref="ReadQuantity"/>.
/// </summary>
internal static class PhraseGrammar
{
    private static readonly Dictionary<string, int> Small = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zero"] = 0, ["no"] = 0, ["one"] = 1, ["a"] = 1, ["an"] = 1, ["single"] = 1, ["a single"] = 1, ["once"] = 1,
        ["two"] = 2, ["twice"] = 2, ["a couple of"] = 2, ["a pair of"] = 2, ["three"] = 3, ["thrice"] = 3,
        ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10,
        ["eleven"] = 11, ["twelve"] = 12, ["a dozen"] = 12, ["dozen"] = 12, ["thirteen"] = 13, ["fourteen"] = 14,
        ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19,
        ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70,
        ["eighty"] = 80, ["ninety"] = 90,
    };

    private const string UnitWords = "one|two|three|four|five|six|seven|eight|nine";
    private const string TeenWords = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen";
    private const string TensWords = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";

    /// <summary>A cardinal: "300", "1,200", "twenty-five", "two hundred", "a dozen", "a single".</summary>
    public const string Number =
        @"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+|(?:(?:a|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]+)?(?:hundred|thousand)" +
        @"|(?:" + TensWords + @")(?:[\s-](?:" + UnitWords + @"))?|" + TeenWords + "|" + UnitWords + @"|zero|a\s+dozen|a\s+single|single)";

    /// <summary>Multiplicatives: "once", "twice", "thrice", or a number followed by "times".</summary>
    public const string Times = @"(?:once|twice|thrice|(?<tn>" + Number + @")\s*(?:x\b|times?\b))";

    /// <summary>Relation words in front of a number; the group name says which bound.</summary>
    public const string Prefix =
        @"(?:(?<ge>at\s+least|no\s+less\s+than|not\s+less\s+than|no\s+fewer\s+than|not\s+fewer\s+than|a\s+minimum\s+of|minimum\s+of|at\s+a\s+minimum|minimum|min\.?)" +
        @"|(?<gt>more\s+than|over|greater\s+than|in\s+excess\s+of|exceeding|above|longer\s+than|upwards\s+of)" +
        @"|(?<lt>less\s+than|fewer\s+than|under|below|shorter\s+than|lower\s+than|less\s+then)" +
        @"|(?<le>at\s+most|at\s+the\s+most|no\s+more\s+than|not\s+more\s+than|no\s+longer\s+than|not\s+longer\s+than|a\s+maximum\s+of|maximum\s+of|maximum|max\.?|up\s+to|not\s+exceed(?:ing)?|no\s+greater\s+than|within|a\s+limit\s+of|limited\s+to|capped\s+at)" +
        @"|(?<eq>exactly|precisely|only|just))";

    /// <summary>Relation words behind a number.</summary>
    public const string Suffix =
        @"(?:(?<sge>\s*\+|\s+or\s+more|\s+or\s+greater|\s+or\s+above|\s+or\s+longer|\s+at\s+least|\s+minimum|\s+at\s+minimum)" +
        @"|(?<sle>\s+or\s+less|\s+or\s+fewer|\s+or\s+under|\s+or\s+below|\s+at\s+most|\s+max(?:imum)?|\s+or\s+shorter|\s+tops))";

    /// <summary>
    /// A quantity: "[range opener] [prefix] N [to|-|or M] [suffix]". Groups: ge/gt/lt/le/eq, n1, n2, sge/sle.
    /// </summary>
    public const string QuantityPattern =
        @"(?:(?<between>between|from|in\s+the\s+range\s+of|in\s+the\s+range)\s+)?(?:" + Prefix + @"\s+)?(?:a\s+total\s+of\s+)?" +
        @"(?<![\w.])(?<n1>" + Number + @")(?:\s*(?:-|–|to|and|or)\s*(?<n2>" + Number + @")(?![\w]))?" + Suffix + "?";

    /// <summary>
    /// The largest count a constraint holds: IFEval's kwargs are 32-bit and "at most N" becomes "less than N + 1".
    /// </summary>
    public const int MaxCount = int.MaxValue - 1;

    /// <summary>
    /// A number as digits (any script's decimal digits, thousands commas) or words. Throws
    /// <see cref="UnrepresentableQuantityException"/> past <see cref="MaxCount"/>, so the rule drops its constraint.
    /// </summary>
    public static int ParseNumber(string text)
    {
        var t = Regex.Replace(text.Trim().ToLowerInvariant(), @"[\s-]+", " ");
        var digits = t.Replace(",", "");
        if (digits.Length > 0 && digits.All(char.IsDigit))
        {
            // \d matches every script's decimal digits; int.Parse reads only ASCII ones.
            long value = 0;
            foreach (var c in digits)
            {
                value = value * 10 + CharUnicodeInfo.GetDecimalDigitValue(c);
                if (value > MaxCount)
                    throw new UnrepresentableQuantityException(text.Trim(), string.Create(CultureInfo.InvariantCulture, $"is larger than any count a constraint can hold ({MaxCount:N0})"));
            }
            return (int)value;
        }
        if (Small.TryGetValue(t, out var s)) return s;
        var parts = t.Split(' ');
        int total = 0, current = 0;
        foreach (var p in parts)
        {
            if (p is "hundred") current = Math.Max(current, 1) * 100;
            else if (p is "thousand") { total += Math.Max(current, 1) * 1000; current = 0; }
            else if (p is "and") continue;
            else if (Small.TryGetValue(p, out var v)) current += v;
            else throw new UnrepresentableQuantityException(text.Trim(), "is not a number the grammar can read");
        }
        return total + current;
    }

    /// <summary>Reads a <see cref="QuantityPattern"/> match (its groups may be prefixed, e.g. "w_").</summary>
    public static Quantity ReadQuantity(Match m)
    {
        var n1 = ParseNumber(m.Groups["n1"].Value);
        if (m.Groups["n2"].Success)
        {
            var n2 = ParseNumber(m.Groups["n2"].Value);
            return n2 > n1 ? new Quantity(Bound.Range, n1, n2) : new Quantity(Bound.Exactly, n1);
        }
        if (m.Groups["ge"].Success || m.Groups["sge"].Success) return new Quantity(Bound.AtLeast, n1);
        if (m.Groups["gt"].Success) return new Quantity(Bound.MoreThan, n1);
        if (m.Groups["lt"].Success) return new Quantity(Bound.LessThan, n1);
        if (m.Groups["le"].Success || m.Groups["sle"].Success) return new Quantity(Bound.AtMost, n1);
        return new Quantity(Bound.Exactly, n1);
    }

    /// <summary>Reads a <see cref="Times"/> match: once = 1, twice = 2, "N times" = N.</summary>
    public static int ReadTimes(Match m, string group = "times")
    {
        var g = m.Groups[group].Value.Trim().ToLowerInvariant();
        if (g.StartsWith("once", StringComparison.Ordinal)) return 1;
        if (g.StartsWith("twice", StringComparison.Ordinal)) return 2;
        if (g.StartsWith("thrice", StringComparison.Ordinal)) return 3;
        return ParseNumber(m.Groups["tn"].Value);
    }

    /// <summary>Words or quoted phrases in a list: "'a', 'b' and 'c'" or "a, b, or c" or "['a', 'b']".</summary>
    public static List<string> ReadWordList(string span)
    {
        // An apostrophe followed by a letter stays inside a single-quoted phrase: 'farmer's market', 'o'clock'.
        var quoted = Regex.Matches(span, "\"([^\"]{1,60})\"|'((?:[^'\n]|'(?=[a-z]))+)'|“([^”]{1,60})”|‘([^’]{1,60})’")
            .Select(m => (m.Groups[1].Success ? m.Groups[1] : m.Groups[2].Success ? m.Groups[2] : m.Groups[3].Success ? m.Groups[3] : m.Groups[4]).Value.Trim())
            .Where(s => s.Length > 0)
            .ToList();
        if (quoted.Count > 0) return quoted;
        var cleaned = Regex.Replace(span, @"[\[\](){}<>]", " ");
        return Regex.Split(cleaned, @"\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s+nor\s+|\s*/\s*")
            .Select(s => s.Trim().Trim('.', ':', ';', '!', '?').Trim())
            .Where(s => s.Length > 0 && !Regex.IsMatch(s, @"^(?:etc|the|a|an|and|or)$", RegexOptions.IgnoreCase))
            .ToList();
    }
}
