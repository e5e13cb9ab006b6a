using System.Collections.Concurrent;

namespace RewardEngine.Models.Llm.LlamaSharp;

/// <summary>Rejects malformed GBNF before it reaches llama.cpp (placeholder, refined below).</summary>
internal static class GrammarCheck
{
    private static readonly ConcurrentDictionary<string, string?> Checked = new(StringComparer.Ordinal);

    public static void EnsureValid(string grammar)
    {
        var problem = Checked.GetOrAdd(grammar, g => g.Contains("root", StringComparison.Ordinal) ? null : "no root rule");
        if (problem is not null) throw new GenerationException($"invalid GBNF grammar: {problem}");
    }
}
