namespace RewardEngine.Models.Llm;

/// <summary>
/// GBNF grammars of every structured output the agent asks for. Each is bounded in length, so a sampled
/// answer always closes before the token limit given by <see cref="MaxTokens"/> and always parses.
/// Parsers for them live in <see cref="StructuredOutput"/>.
/// </summary>
public static class Grammars
{
    // A JSON string body of 1..n safe characters (no quotes, backslashes or control characters).
    private static string JsonString(int maxChars) =>
        $"str ::= \"\\\"\" [^\"\\\\\\x00-\\x1F]{{1,{maxChars}}} \"\\\"\"";

    /// <summary>yes or no.</summary>
    public const string YesNo = "root ::= \"yes\" | \"no\"";

    /// <summary>A pairwise verdict: [[A]] or [[B]].</summary>
    public const string Verdict = "root ::= \"[[\" (\"A\" | \"B\") \"]]\"";

    /// <summary>The router's decision, JSON with two booleans.</summary>
    public const string RouterDecision =
        "root ::= \"{\\\"constraint_check\\\": \" bool \", \\\"factuality_check\\\": \" bool \"}\"\n" +
        "bool ::= \"true\" | \"false\"";

    /// <summary>Two integer scores 1-10: answer A in [[n]], answer B in &lt;&lt;n&gt;&gt; (the original's markers).</summary>
    public const string TwoScores =
        "root ::= \"Score A: [[\" n \"]]\\nScore B: <<\" n \">>\"\n" +
        "n ::= [1-9] | \"10\"";

    /// <summary>A JSON array of 1..<paramref name="maxItems"/> strings of at most <paramref name="maxChars"/> characters.</summary>
    public static string StringList(int maxItems, int maxChars = 120) =>
        $"root ::= \"[\" str (\", \" str){{0,{maxItems - 1}}} \"]\"\n" + JsonString(maxChars);

    /// <summary>
    /// A Python checker: <c>def check_following(response):</c> and 1..<paramref name="maxLines"/> indented body lines.
    /// </summary>
    public static string PythonCheckFunction(int maxLines = 16, int maxLineChars = 100) =>
        "root ::= \"def check_following(response):\\n\" line{1," + maxLines + "}\n" +
        "line ::= \"    \" [^\\n\\x00-\\x1F]{1," + maxLineChars + "} \"\\n\"";

    /// <summary>A token budget that always fits a grammar's longest output (byte-level worst case plus slack).</summary>
    public static int MaxTokens(string grammar) => grammar switch
    {
        YesNo or Verdict => 8,
        RouterDecision => 48,
        TwoScores => 40,
        _ => 0,
    };
}
