using System.Text;
using LLama.Batched;
using LLama.Common;
using LLama.Native;
using RewardEngine.Configuration;
using RewardEngine.Data;

namespace RewardEngine.Models.Llm.LlamaSharp;

/// <summary>
/// Samples N answers of a prompt in-process: the prompt is decoded once into a conversation on a unified KV pool,
/// forked N times (the forks share its cells), and the N forks are decoded together, each with its own sampler
/// seeded per sample. Prompts are taken one at a time, so a batch always holds the N samples of one prompt.
/// </summary>
public sealed class LlamaPolicySampler : IPolicySampler
{
    private readonly LlamaModelFile _model;
    private readonly BatchedExecutor _executor;
    private readonly Utf8Guard _utf8;
    private readonly int _cells;
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <param name="model">Loaded weights, owned: disposed with the sampler.</param>
    /// <param name="n">Most samples per prompt.</param>
    /// <param name="maxTokens">Most tokens per sample.</param>
    public LlamaPolicySampler(LlamaModelFile model, LlmOptions options, int n, int maxTokens)
    {
        _model = model;
        // Room for the longest prompt the config allows plus N full answers, all in one pool.
        _cells = Math.Max(256, options.ContextSize) + n * maxTokens;
        var parameters = new ModelParams(model.Path)
        {
            ContextSize = (uint)_cells,
            BatchSize = (uint)Math.Max(32, options.BatchSize),
            UBatchSize = (uint)Math.Max(32, options.BatchSize),
            SeqMax = (uint)(n + 1),
            KVUnified = true,
            GpuLayerCount = options.GpuLayers,
            FlashAttention = options.FlashAttention,
        };
        if (options.Threads > 0) parameters.Threads = options.Threads;
        parameters.BatchThreads = options.BatchThreads > 0 ? options.BatchThreads : Environment.ProcessorCount;
        _executor = new BatchedExecutor(model.Weights, parameters);
        _utf8 = new Utf8Guard(model.TokenBytes);
    }

    public string ModelId => Path.GetFileName(_model.Path);

    public async Task<SampleSet> SampleAsync(IReadOnlyList<ChatMessage> prompt, int n, SamplingOptions options, Func<int, uint> seedOf, CancellationToken cancellationToken)
    {
        var vocab = _model.Weights.NativeHandle.Vocab;
        var tokens = _model.Weights.Tokenize(_model.Chat.Format(prompt), vocab.ShouldAddBOS, special: true, Encoding.UTF8);
        if (tokens.Length + n * options.MaxTokens > _cells)
            throw new GenerationException($"{ModelId}: a prompt of {tokens.Length} tokens and {n} answers of {options.MaxTokens} tokens do not fit llm.contextSize plus the answers ({_cells} cells)");
        await _one.WaitAsync(cancellationToken);
        var samples = new List<Sample>();
        try
        {
            using (var root = _executor.Create())
            {
                root.Prompt(tokens);
                await Decode(cancellationToken);
                // Every fork starts from the root's cells and its last logits: the prompt is decoded once.
                for (int i = 0; i < n; i++) samples.Add(new Sample(root.Fork(), Sampler(options, seedOf(i))));
            }
            var active = samples.ToList();
            while (active.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var s in active.ToList())
                    if (Step(s, options.MaxTokens, vocab)) active.Remove(s);
                if (active.Count > 0) await Decode(cancellationToken);
            }
            var generated = samples.Sum(s => (long)s.Generated);
            return new SampleSet(samples.Select(s => s.Text()).ToList(), tokens.Length, tokens.Length, (long)(n - 1) * tokens.Length, generated);
        }
        finally
        {
            foreach (var s in samples) s.Dispose();
            _one.Release();
        }
    }

    private async Task Decode(CancellationToken cancellationToken)
    {
        var result = await _executor.Infer(cancellationToken);
        if (result != DecodeResult.Ok) throw new GenerationException($"{ModelId}: llama.cpp decode failed ({result})");
    }

    private static SafeLLamaSamplerChainHandle Sampler(SamplingOptions options, uint seed)
    {
        var sampler = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
        if (options.Temperature <= 0) { sampler.AddGreedySampler(); return sampler; }
        if (options.TopP < 1) sampler.AddTopP(options.TopP, 1);
        sampler.AddTemperature(options.Temperature);
        sampler.AddDistributionSampler(seed);
        return sampler;
    }

    /// <summary>Samples one token of <paramref name="s"/>; true when it finished.</summary>
    private bool Step(Sample s, int maxTokens, SafeLlamaModelHandle.Vocabulary vocab)
    {
        _utf8.Mask(s.Conversation.Sample(), s.Utf8);
        var token = s.Conversation.Sample(s.Sampler);
        if (token.IsEndOfGeneration(vocab)) return true;
        s.Generated++;
        s.Utf8 = _utf8.Next(s.Utf8, (int)token);
        s.Bytes.AddRange(_model.TokenBytes[(int)token]);
        if (s.Utf8.IsClean) s.CompleteBytes = s.Bytes.Count;
        if (s.Generated >= maxTokens) return true;
        s.Conversation.Prompt(token);
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _one.WaitAsync();
        _executor.Dispose();
        _model.Dispose();
        _one.Dispose();
    }

    private sealed class Sample(Conversation conversation, SafeLLamaSamplerChainHandle sampler) : IDisposable
    {
        public Conversation Conversation { get; } = conversation;
        public SafeLLamaSamplerChainHandle Sampler { get; } = sampler;
        public List<byte> Bytes { get; } = [];
        public int CompleteBytes { get; set; }
        public int Generated { get; set; }
        public Utf8State Utf8 { get; set; } = Utf8State.Clean;

        // An answer cut off by the token limit may end inside a character: the fragment is left out.
        public string Text() => Encoding.UTF8.GetString(Bytes.ToArray(), 0, CompleteBytes);

        public void Dispose()
        {
            Conversation.Dispose();
            Sampler.Dispose();
        }
    }
}
