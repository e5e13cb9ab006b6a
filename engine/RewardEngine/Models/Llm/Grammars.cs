namespace RewardEngine.Models.Llm;

/// <summary>
/// GBNF grammars of every structured output the agent asks for. Each is bounded in length, so a sampled
/// answer always closes before the token limit given by <see cref="MaxTokens"/> and always parses.
/// Parsers for them live in <see cref="StructuredOutput"/>.
/// </summary>
public static partial class Grammars
{
    // A JSON string body of 1..n safe characters (no quotes, backslashes or control characters).
    private static string JsonString(int maxChars) =>
        $"str ::= \"\\\"\" [^\"\\\\\\x00-\\x1F]{{1,{maxChars}}} \"\\\"\"";

    /// <summary>yes or no.</summary>
    public const string YesNo = "root ::= \"yes\" | \"no\"";

    /// <summary>A pairwise verdict: [[A]] or [[B]].</summary>
    public const string Verdict = "root ::= \"[[\" (\"A\" | \"B\") \"]]\"";

    /// <summary>The router's decision over the engine's own verifiers, JSON with two booleans (<see cref="RouterDecisionOf"/>).</summary>
    public const string RouterDecision =
        "root ::= \"{\\\"constraint_check\\\": \" bool \", \\\"factuality_check\\\": \" bool \"}\"\n" +
        "bool ::= \"true\" | \"false\"";

    /// <summary>
    /// The router's decision: a JSON object with one boolean per question, in the order given
    /// (<c>{"constraint_check": true, "factuality_check": false}</c>). Names are lower-case letters, digits and '_'.
    /// </summary>
    public static string RouterDecisionOf(IReadOnlyList<string> names)
    {
        var root = new System.Text.StringBuilder("root ::= \"{");
        for (int i = 0; i < names.Count; i++)
        {
            if (!IsKeyName(names[i])) throw new ArgumentException($"a router question's name is lower-case letters, digits and '_': '{names[i]}'", nameof(names));
            root.Append(i > 0 ? ", " : "").Append("\\\"").Append(names[i]).Append("\\\": \" bool \"");
        }
        return root.Append("}\"\nbool ::= \"true\" | \"false\"").ToString();
    }

    /// <summary>Recognises a <see cref="RouterDecisionOf"/> grammar and recovers its question names.</summary>
    public static bool TryParseRouterDecision(string grammar, out IReadOnlyList<string> names)
    {
        names = [.. RouterKey().Matches(grammar).Select(m => m.Groups[1].Value)];
        return grammar.StartsWith("root ::= \"{", StringComparison.Ordinal) && grammar == RouterDecisionOf(names);
    }

    internal static bool IsKeyName(string name) =>
        name.Length > 0 && name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '_');

    /// <summary>Two integer scores 1-10: answer A in [[n]], answer B in &lt;&lt;n&gt;&gt; (the original's markers).</summary>
    public const string TwoScores =
        "root ::= \"Score A: [[\" n \"]]\\nScore B: <<\" n \">>\"\n" +
        "n ::= [1-9] | \"10\"";

    /// <summary>A JSON array of 1..<paramref name="maxItems"/> strings of at most <paramref name="maxChars"/> characters.</summary>
    public static string StringList(int maxItems, int maxChars = 120)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        // {0,0} is not a repetition every GBNF parser accepts, so one item has no repetition at all.
        var more = maxItems > 1 ? $" (\", \" str){{0,{maxItems - 1}}}" : "";
        return $"root ::= \"[\" str{more} \"]\"\n" + JsonString(maxChars);
    }

    /// <summary>Recognises a <see cref="StringList"/> grammar and recovers its limits.</summary>
    public static bool TryParseStringList(string grammar, out int maxItems, out int maxChars)
    {
        maxItems = maxChars = 0;
        var m = StringListShape().Match(grammar);
        if (!m.Success) return false;
        maxItems = m.Groups[1].Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) + 1 : 1;
        maxChars = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        return grammar == StringList(maxItems, maxChars);
    }

    /// <summary>
    /// A Python checker: <c>def check_following(response):</c> and 1..<paramref name="maxLines"/> indented body lines.
    /// </summary>
    public static string PythonCheckFunction(int maxLines = 16, int maxLineChars = 100) =>
        "root ::= \"def check_following(response):\\n\" line{1," + maxLines + "}\n" +
        "line ::= \"    \" [^\\n\\x00-\\x1F]{1," + maxLineChars + "} \"\\n\"";

    /// <summary>A token budget that always fits a grammar's longest output (byte-level worst case plus slack).</summary>
    /// <remarks>
    /// Byte-level vocabularies spend up to four tokens on a character, and the longest router decision
    /// (both false) is 54 characters. Unknown grammars give 0.
    /// </remarks>
    public static int MaxTokens(string grammar)
    {
        switch (grammar)
        {
            case YesNo or Verdict: return 8;
            case TwoScores: return 40;
        }
        // The longest decision (every answer false) plus ten: 64 for the two questions of the engine's own verifiers.
        if (TryParseRouterDecision(grammar, out var questions)) return 10 + 2 + questions.Sum(q => q.Length + 9) + (questions.Count - 1) * 2;
        if (TryParseStringList(grammar, out var items, out var chars)) return 2 + items * (2 + 4 * chars) + (items - 1) * 2 + 1;
        var p = PythonCheckShape().Match(grammar);
        if (p.Success)
        {
            var lines = int.Parse(p.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var lineChars = int.Parse(p.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            return 31 + lines * (4 + 4 * lineChars + 1) + 1;
        }
        return 0;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\\""([a-z0-9_]+)\\"": "" bool")]
    private static partial System.Text.RegularExpressions.Regex RouterKey();

    [System.Text.RegularExpressions.GeneratedRegex(@"^root ::= ""\["" str(?: \(""(?:, )"" str\)\{0,(\d+)\})? ""\]""\nstr ::= .*\{1,(\d+)\}")]
    private static partial System.Text.RegularExpressions.Regex StringListShape();

    [System.Text.RegularExpressions.GeneratedRegex(@"^root ::= ""def check_following\(response\):\\n"" line\{1,(\d+)\}\nline ::= .*\{1,(\d+)\}")]
    private static partial System.Text.RegularExpressions.Regex PythonCheckShape();
}
