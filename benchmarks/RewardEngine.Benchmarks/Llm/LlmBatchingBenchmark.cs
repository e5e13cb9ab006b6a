using BenchmarkDotNet.Attributes;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Models.Llm;
using RewardEngine.Models.Llm.Gguf;
using RewardEngine.Models.Llm.LlamaSharp;

namespace RewardEngine.Benchmarks.Llm;

/// <summary>
/// Batched decoding: time for N concurrent sequences of <see cref="Tokens"/> tokens each with the ~11M-parameter
/// bench model (F32). Aggregate tokens/s = N x Tokens / mean time; compare N = 16 with N = 1.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 7)]
[MemoryDiagnoser(false)]
public class LlmBatchingBenchmark
{
    public const int Tokens = 64;
    private string _dir = "";
    private LlamaModelFile? _model;
    private LlamaTextGenerator? _generator;

    [Params(1, 4, 16)]
    public int Sequences { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"rwd-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "bench.gguf");
        TinyLlamaModel.Bench.Write(path);
        var options = new LlmOptions { ContextSize = Tokens + 64, MaxSequences = 16 };
        _model = LlamaModelFile.Load(path, options);
        _generator = new LlamaTextGenerator(_model, options) { SuppressEndOfGeneration = true };
    }

    [Benchmark(Description = "N sequences x 64 tokens, batched")]
    public async Task<int> GenerateConcurrently()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, Sequences).Select(i => _generator!.GenerateAsync(
            new GenerationRequest([ChatMessage.User($"Request {i}: write something.")])
            { MaxTokens = Tokens, Temperature = 1.0f, Seed = (uint)(1000 + i) }, CancellationToken.None)));
        return results.Sum(r => r.GeneratedTokens);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_generator is not null) await _generator.DisposeAsync();
        _model?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
