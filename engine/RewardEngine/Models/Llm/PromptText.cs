namespace RewardEngine.Models.Llm;

/// <summary>Keeps long texts inside a prompt budget without losing their ends.</summary>
public static class PromptText
{
    /// <summary>
    /// Shortens <paramref name="text"/> to about <paramref name="maxChars"/> characters, keeping its head and tail
    /// (where answers state conclusions) around a visible cut marker.
    /// </summary>
    public static string Trim(string text, int maxChars)
    {
        if (text.Length <= maxChars || maxChars < 40) return text;
        var head = maxChars * 2 / 3;
        var tail = maxChars - head - 7;
        return string.Concat(text.AsSpan(0, head), " [...] ", text.AsSpan(text.Length - tail));
    }

    /// <summary><see cref="Trim"/> to a fraction of the text's length (for <see cref="GenerationRequest.Shrink"/>).</summary>
    public static string Cut(string text, double fraction) =>
        fraction >= 1 ? text : Trim(text, Math.Max(40, (int)(text.Length * Math.Max(0, fraction))));
}
