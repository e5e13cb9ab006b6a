using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using RewardEngine.Data;
using RewardEngine.Models.RewardModels;

namespace RewardEngine.Benchmarks;

/// <summary>
/// Reward-model throughput on the tiny-llama-rm fixture (80 RM-Bench texts, 80..1,039 tokens): one text per call
/// (the original's pattern) against length-sorted batches. Tokenization is done once in setup; this measures the model.
/// Responses/s = 80 / mean time. Run: dotnet run -c Release --project benchmarks/RewardEngine.Benchmarks -- --filter '*RewardModel*'
/// </summary>
[Config(typeof(InProcessConfig))]
public class RewardModelThroughputBenchmarks
{
    private sealed class InProcessConfig : BenchmarkDotNet.Configs.ManualConfig
    {
        public InProcessConfig() =>
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(2).WithIterationCount(9).WithLaunchCount(1));
    }

    private OnnxRewardModel _model = null!;
    private List<int[]> _texts = null!;

    /// <summary>Texts per batch in the batched case.</summary>
    [Params(16)]
    public int BatchSize { get; set; }

    /// <summary>Tokens kept per text: 0 for the whole text, else its first N tokens (short texts show per-call overhead).</summary>
    [Params(0, 128)]
    public int Tokens { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var root = RepoRoot();
        _model = OnnxRewardModel.Load(Path.Combine(root, "tests", "fixtures", "tiny-llama-rm", "rm.json"));
        var references = Path.Combine(root, "..", "shared", "fixtures", "tiny-llama-rm", "reference_scores.jsonl");
        _texts = File.ReadLines(references).Where(l => l.Length > 0).Select(l =>
        {
            using var doc = JsonDocument.Parse(l);
            var messages = doc.RootElement.GetProperty("messages").EnumerateArray()
                .Select(m => new ChatMessage(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!)).ToList();
            var ids = _model.Encode(messages);
            return Tokens > 0 && ids.Length > Tokens ? ids[..Tokens] : ids;
        }).ToList();
    }

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = 80)]
    public float OneAtATime()
    {
        float sum = 0;
        foreach (var t in _texts) sum += _model.ScoreTokens([t], 1, CancellationToken.None)[0];
        return sum;
    }

    [Benchmark(OperationsPerInvoke = 80)]
    public float Batched() => _model.ScoreTokens(_texts, BatchSize, CancellationToken.None).Sum();

    private static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "RewardEngine.sln"))) return d.FullName;
        throw new InvalidOperationException("RewardEngine.sln not found");
    }
}
