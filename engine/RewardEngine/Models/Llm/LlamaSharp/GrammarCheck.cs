using System.Collections.Concurrent;
using System.Reflection;
using LLama.Native;

namespace RewardEngine.Models.Llm.LlamaSharp;

/// <summary>
/// Compiles a GBNF grammar once before any sequence uses it. llama.cpp returns no sampler for a grammar it cannot
/// parse and LLamaSharp 0.30.0 adds that null to the chain, which crashes the process at the first sample; here it
/// becomes a <see cref="GenerationException"/> instead.
/// </summary>
internal static class GrammarCheck
{
    private static readonly ConcurrentDictionary<string, string?> Results = new(StringComparer.Ordinal);

    // LLamaSharp keeps llama_sampler_chain_get private; it is the only way to see the null.
    private static readonly MethodInfo? ChainGet = typeof(SafeLLamaSamplerChainHandle)
        .GetMethod("llama_sampler_chain_get", BindingFlags.NonPublic | BindingFlags.Static, [typeof(SafeLLamaSamplerChainHandle), typeof(int)]);

    public static void EnsureValid(SafeLlamaModelHandle.Vocabulary vocab, string grammar)
    {
        var problem = Results.GetOrAdd(grammar, g => Compile(vocab, g));
        if (problem is not null) throw new GenerationException($"invalid GBNF grammar: {problem}");
    }

    private static string? Compile(SafeLlamaModelHandle.Vocabulary vocab, string grammar)
    {
        if (!grammar.Contains("root", StringComparison.Ordinal)) return "it has no 'root' rule";
        if (ChainGet is null) return null;
        LlamaNative.TakeRecentErrors();
        using var chain = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        chain.AddGrammar(vocab, grammar, "root");
        var sampler = (IntPtr)ChainGet.Invoke(null, [chain, 0])!;
        if (sampler != IntPtr.Zero) return null;
        var why = LlamaNative.TakeRecentErrors();
        return why.Length > 0 ? why : "llama.cpp could not parse it";
    }
}
