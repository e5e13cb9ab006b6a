namespace RewardEngine.Models.Llm.Gguf;

/// <summary>
/// A llama-architecture GGUF with random weights from a fixed seed and a byte-level vocabulary: a real model for
/// llama.cpp to load and run, of known size, with no downloaded weights. Its text is noise; its cost is real.
/// </summary>
/// <remarks>WeightType: F32 (exact, the test model) or Q8_0 (how real models ship: int8 blocks).</remarks>
public sealed record TinyLlamaModel(string Name, int Embedding, int Layers, int Heads, int FeedForward, int ContextLength, GgmlType WeightType = GgmlType.F32)
{
    /// <summary>About 0.5M parameters in F32: fast enough to run the whole pipeline in tests.</summary>
    public static TinyLlamaModel Tiny { get; } = new("rwd-tiny", 128, 2, 4, 384, 8192);

    /// <summary>
    /// About 11M parameters in F32 (43 MB): big enough that batching, not overhead, decides throughput, and its
    /// weights cost memory traffic per step as a real model's do. <see cref="BySize"/> "bench-q8" is the Q8_0 form.
    /// </summary>
    public static TinyLlamaModel Bench { get; } = new("rwd-bench", 384, 6, 6, 1024, 4096);

    public static TinyLlamaModel BySize(string size) => size switch
    {
        "tiny" => Tiny,
        "bench" => Bench,
        "bench-q8" => Bench with { WeightType = GgmlType.Q8_0 },
        "bench-f16" => Bench with { WeightType = GgmlType.F16 },
        "bench-q4" => Bench with { WeightType = GgmlType.Q4_0 },
        _ => throw new ArgumentException($"unknown tiny model size '{size}' (expected tiny, bench, bench-q8, bench-f16 or bench-q4)", nameof(size)),
    };

    /// <summary>
    /// A chat template written as <c>tokenizer.chat_template</c> (llama.cpp knows the common ones by their markers);
    /// none by default, so prompts use the plain role-tagged format.
    /// </summary>
    public string? ChatTemplate { get; init; }

    /// <summary>Ids of the special tokens; bytes follow at <see cref="FirstByteToken"/>, then the SentencePiece space.</summary>
    public const int Unknown = 0, Bos = 1, Eos = 2, FirstByteToken = 3;
    public const int VocabularySize = FirstByteToken + 256 + 1;

    public long ParameterCount =>
        2L * VocabularySize * Embedding + Embedding
        + Layers * (4L * Embedding * Embedding + 3L * Embedding * FeedForward + 2L * Embedding);

    /// <summary>Writes the GGUF; the same model and seed always give the same bytes.</summary>
    public void Write(string path, ulong seed = 42)
    {
        var rng = new SplitMix64(seed);
        var w = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.name", Name)
            .Add("general.alignment", (uint)GgufWriter.Alignment)
            .Add("llama.context_length", (uint)ContextLength)
            .Add("llama.embedding_length", (uint)Embedding)
            .Add("llama.block_count", (uint)Layers)
            .Add("llama.feed_forward_length", (uint)FeedForward)
            .Add("llama.attention.head_count", (uint)Heads)
            .Add("llama.attention.head_count_kv", (uint)Heads)
            .Add("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .Add("llama.rope.dimension_count", (uint)(Embedding / Heads))
            .Add("llama.vocab_size", (uint)VocabularySize)
            .Add("tokenizer.ggml.model", "llama")
            .Add("tokenizer.ggml.tokens", Tokens())
            .Add("tokenizer.ggml.scores", new float[VocabularySize])
            .Add("tokenizer.ggml.token_type", TokenTypes())
            .Add("tokenizer.ggml.bos_token_id", (uint)Bos)
            .Add("tokenizer.ggml.eos_token_id", (uint)Eos)
            .Add("tokenizer.ggml.unknown_token_id", (uint)Unknown)
            .Add("tokenizer.ggml.add_bos_token", true)
            .Add("tokenizer.ggml.add_space_prefix", false);
        if (ChatTemplate is not null) w.Add("tokenizer.chat_template", ChatTemplate);

        long e = Embedding, v = VocabularySize, f = FeedForward;
        w.AddTensor("token_embd.weight", [e, v], Random(rng, e * v, 1.0f), WeightType);
        w.AddTensor("output_norm.weight", [e], Ones(e));
        // Logits with a spread of about two units: the model has preferences, yet sampling still explores.
        w.AddTensor("output.weight", [e, v], Random(rng, e * v, 2.0f / MathF.Sqrt(e)), WeightType);
        var inScale = 1.0f / MathF.Sqrt(e);
        for (var i = 0; i < Layers; i++)
        {
            var p = $"blk.{i}.";
            w.AddTensor(p + "attn_norm.weight", [e], Ones(e));
            w.AddTensor(p + "attn_q.weight", [e, e], Random(rng, e * e, inScale), WeightType);
            w.AddTensor(p + "attn_k.weight", [e, e], Random(rng, e * e, inScale), WeightType);
            w.AddTensor(p + "attn_v.weight", [e, e], Random(rng, e * e, inScale), WeightType);
            w.AddTensor(p + "attn_output.weight", [e, e], Random(rng, e * e, inScale), WeightType);
            w.AddTensor(p + "ffn_norm.weight", [e], Ones(e));
            w.AddTensor(p + "ffn_gate.weight", [e, f], Random(rng, e * f, inScale), WeightType);
            w.AddTensor(p + "ffn_up.weight", [e, f], Random(rng, e * f, inScale), WeightType);
            w.AddTensor(p + "ffn_down.weight", [f, e], Random(rng, f * e, 1.0f / MathF.Sqrt(f)), WeightType);
        }
        w.Write(path);
    }

    private static string[] Tokens()
    {
        var tokens = new string[VocabularySize];
        tokens[Unknown] = "<unk>";
        tokens[Bos] = "<s>";
        tokens[Eos] = "</s>";
        for (var b = 0; b < 256; b++) tokens[FirstByteToken + b] = $"<0x{b:X2}>";
        // SentencePiece writes spaces as U+2581; without this token every space would cost three byte tokens.
        tokens[^1] = "\u2581";
        return tokens;
    }

    private static int[] TokenTypes()
    {
        // llama.cpp token types: 1 normal, 2 unknown, 3 control, 6 byte.
        var types = new int[VocabularySize];
        types[Unknown] = 2;
        types[Bos] = types[Eos] = 3;
        for (var b = 0; b < 256; b++) types[FirstByteToken + b] = 6;
        types[^1] = 1;
        return types;
    }

    private static float[] Ones(long n) => Enumerable.Repeat(1.0f, (int)n).ToArray();

    private static float[] Random(SplitMix64 rng, long n, float scale)
    {
        var data = new float[n];
        for (long i = 0; i < n; i++) data[i] = rng.NextSigned() * scale * 1.7320508f; // uniform with std = scale
        return data;
    }

    /// <summary>SplitMix64: a fixed, platform-independent generator, so the same seed gives the same file anywhere.</summary>
    private sealed class SplitMix64(ulong state)
    {
        public float NextSigned()
        {
            var z = Determinism.SplitMix64.Next(ref state);
            return (float)((z >> 40) * (1.0 / (1UL << 24)) * 2.0 - 1.0);
        }
    }
}
