using System.Text.RegularExpressions;
using RewardEngine.Agent;

namespace RewardEngine.Verifiers.Factuality;

/// <summary>
/// The router's cheap test (no LLM) for "do these answers make factual claims worth checking?".
/// Fact markers are counted over all answers: numbers (quantities, years), month names, and capitalized words in
/// the middle of a sentence (named entities). It applies when
/// <list type="bullet">
/// <item>the request is not about code (code is for the constraint checkers), and</item>
/// <item>it is not a creative request (poem, story, joke, ...) unless the answers are full of facts (4+ markers), and</item>
/// <item>the instruction is a question (a '?' or an opening like who/what/when/how/explain/describe), or the answers
/// carry at least 2 fact markers.</item>
/// </list>
/// </summary>
public static partial class FactualityHeuristic
{
    public static bool AppliesTo(RewardQuery query)
    {
        var instruction = query.Instruction;
        if (CodeRequest().IsMatch(instruction)) return false;
        int markers = FactMarkers(query.Answers);
        if (CreativeRequest().IsMatch(instruction)) return markers >= 4;
        return IsQuestion(instruction) || markers >= 2;
    }

    public static bool IsQuestion(string instruction) =>
        instruction.Contains('?') || QuestionOpening().IsMatch(instruction);

    /// <summary>Distinct fact markers over the answers.</summary>
    public static int FactMarkers(IEnumerable<string> answers)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var a in answers)
        {
            foreach (Match m in Number().Matches(a)) found.Add("n:" + m.Value);
            foreach (Match m in Month().Matches(a)) found.Add("m:" + m.Value);
            foreach (Match m in MidSentenceName().Matches(a)) found.Add("e:" + m.Value);
            if (found.Count >= 8) break;
        }
        return found.Count;
    }

    [GeneratedRegex(@"^\s*(who|what|when|where|which|whom|whose|why|how|is|are|was|were|does|do|did|can|could|has|have|had|name|list|explain|describe|define|compare|tell me|give me|summarize the history)\b", RegexOptions.IgnoreCase)]
    private static partial Regex QuestionOpening();
    [GeneratedRegex(@"\b(write|compose|create|make up|invent)\b.{0,40}\b(poem|story|song|lyrics|haiku|limerick|joke|dialogue|script|fiction|tale|rap|sonnet)\b", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex CreativeRequest();
    [GeneratedRegex(@"\b(python|javascript|typescript|java|c\+\+|c#|rust|golang|sql|regex|bash|function|code|script|program|algorithm|compile|debug)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CodeRequest();
    [GeneratedRegex(@"\b\d[\d,.]*\b")] private static partial Regex Number();
    [GeneratedRegex(@"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b")]
    private static partial Regex Month();
    [GeneratedRegex(@"(?<=[a-z,;]\s+)[A-Z][\p{L}]+(?:\s+[A-Z][\p{L}]+)*")] private static partial Regex MidSentenceName();
}
