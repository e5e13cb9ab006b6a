using System.Text;
using RewardEngine.Data;

namespace RewardEngine.Models.RewardModels;

/// <summary>Renders a conversation with a <see cref="ChatTemplateSpec"/>.</summary>
public static class ChatTemplate
{
    public static string Render(ChatTemplateSpec spec, IEnumerable<ChatMessage> messages)
    {
        var sb = new StringBuilder(spec.Bos);
        foreach (var m in messages)
        {
            var content = spec.TrimContent ? PythonStrip(m.Content) : m.Content;
            sb.Append(spec.Turn.Replace("{role}", m.Role, StringComparison.Ordinal).Replace("{content}", content, StringComparison.Ordinal));
        }
        return sb.ToString();
    }

    /// <summary>
    /// Jinja's <c>trim</c> is Python's <c>str.strip()</c>: .NET's <see cref="string.Trim()"/> plus the information
    /// separators U+001C..U+001F, which Python counts as whitespace.
    /// </summary>
    internal static string PythonStrip(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsPythonSpace(s[start])) start++;
        while (end > start && IsPythonSpace(s[end - 1])) end--;
        return s[start..end];
    }

    private static bool IsPythonSpace(char c) => char.IsWhiteSpace(c) || c is >= '\u001c' and <= '\u001f';
}
