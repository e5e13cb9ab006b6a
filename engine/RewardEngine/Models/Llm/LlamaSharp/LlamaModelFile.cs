using LLama;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Models.Llm.Gguf;

namespace RewardEngine.Models.Llm.LlamaSharp;

/// <summary>
/// One loaded GGUF: the weights (read-only, shareable by any number of contexts), the chat format and the
/// byte form of every token. Owned by whoever loaded it; generators borrow it.
/// </summary>
public sealed class LlamaModelFile : IDisposable
{
    private LlamaModelFile(string path, LLamaWeights weights)
    {
        Path = path;
        Weights = weights;
        Chat = ChatPromptFormatter.For(weights);
        TokenBytes = ReadTokenBytes(weights);
    }

    /// <summary>Full path of the GGUF.</summary>
    public string Path { get; }
    internal LLamaWeights Weights { get; }
    internal ChatPromptFormatter Chat { get; }
    /// <summary>Bytes each token decodes to (empty for control tokens).</summary>
    internal byte[][] TokenBytes { get; }
    public long ParameterCount => (long)Weights.ParameterCount;

    /// <summary>Validates and loads <paramref name="path"/>; every failure is a <see cref="ModelLoadException"/> naming it.</summary>
    /// <param name="path">The GGUF file.</param>
    /// <param name="options">GPU layers.</param>
    /// <param name="nativeLibraryPath">Resolved llm.nativeLibraryPath, or null for the backend package's build.</param>
    public static LlamaModelFile Load(string path, LlmOptions options, string? nativeLibraryPath = null)
    {
        path = System.IO.Path.GetFullPath(path);
        var summary = GgufFileCheck.Validate(path);
        if (summary.TensorCount == 0) throw new ModelLoadException(path, "GGUF has no tensors (a vocabulary-only file?)");
        LlamaNative.EnsureConfigured(nativeLibraryPath);
        var parameters = new ModelParams(path) { GpuLayerCount = options.GpuLayers };
        try
        {
            return new LlamaModelFile(path, LLamaWeights.LoadFromFile(parameters));
        }
        catch (LoadWeightsFailedException e)
        {
            var why = LlamaNative.TakeRecentErrors();
            throw new ModelLoadException(path, "llama.cpp could not load it" + (why.Length > 0 ? $": {why}" : " (unsupported architecture or corrupt tensors?)"), e);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or RuntimeError)
        {
            throw new ModelLoadException(path, $"the llama.cpp native library failed to load ({e.GetType().Name}: {e.Message}); " +
                "check llm.nativeLibraryPath or the LLamaSharp backend package", e);
        }
    }

    private static byte[][] ReadTokenBytes(LLamaWeights weights)
    {
        var vocab = weights.NativeHandle.Vocab;
        var table = new byte[vocab.Count][];
        Span<byte> buffer = stackalloc byte[256];
        for (var t = 0; t < table.Length; t++)
        {
            var n = weights.NativeHandle.TokenToSpan(t, buffer, 0, false);
            table[t] = n <= (uint)buffer.Length ? buffer[..(int)n].ToArray() : Big(weights, t, (int)n);
        }
        return table;

        static byte[] Big(LLamaWeights w, int token, int size)
        {
            var b = new byte[size];
            w.NativeHandle.TokenToSpan(token, b, 0, false);
            return b;
        }
    }

    public void Dispose() => Weights.Dispose();
}
