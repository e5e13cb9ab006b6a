using System.Diagnostics;
using RewardEngine.Configuration;
using RewardEngine.Data;
using RewardEngine.Models.Llm.LlamaSharp;

namespace RewardEngine.Models.Llm;

/// <summary>
/// Measures aggregate generation throughput of the in-process backend at several numbers of concurrent
/// sequences: the payoff of batched decoding. Settings are interleaved round by round, so load from other
/// processes falls on all of them alike; the median round counts. CPU seconds per token are reported too,
/// being less sensitive to a shared machine than wall time.
/// </summary>
public static class LlmThroughputBench
{
    /// <summary>One setting's outcome over the rounds (medians).</summary>
    public sealed record Setting(int Sequences, int GeneratedTokens, double MedianSeconds, double TokensPerSecond,
        double TokensPerCpuSecond, double DecodeMsPerStep);

    public static async Task<IReadOnlyList<Setting>> RunAsync(
        string modelPath, IReadOnlyList<int> sequences, int tokens, int rounds, LlmOptions options, int promptBytes,
        TextWriter? progress, CancellationToken cancellationToken)
    {
        var llm = new LlmOptions
        {
            ContextSize = (options.KvUnified ? sequences.Max() : 1) * (tokens + promptBytes + 64),
            KvUnified = options.KvUnified,
            FlashAttention = options.FlashAttention,
            BatchSize = options.BatchSize,
            Threads = options.Threads,
            BatchThreads = options.BatchThreads,
            GpuLayers = options.GpuLayers,
            MaxSequences = sequences.Max(),
            NativeLibraryPath = options.NativeLibraryPath,
        };
        using var model = LlamaModelFile.Load(modelPath, llm, options.NativeLibraryPath);
        // Every sequence runs to the token limit, so every round of a setting does the same work.
        await using var generator = new LlamaTextGenerator(model, llm) { SuppressEndOfGeneration = true };

        // A long prompt makes attention over the sequence's own cells a share of each step, as a judge's prompts do.
        GenerationRequest Request(int i) => new([ChatMessage.User(Filler($"Request {i}: write something.", promptBytes))])
        { MaxTokens = tokens, Temperature = 1.0f, Seed = (uint)(1000 + i) };

        await RunOnce(generator, sequences.Max(), Request, cancellationToken); // warm-up: allocations, page faults
        var samples = sequences.ToDictionary(n => n, _ => new List<(double Wall, double Cpu, int Tokens, double StepMs)>());
        for (var r = 0; r < rounds; r++)
            foreach (var n in sequences)
                samples[n].Add(await RunOnce(generator, n, Request, cancellationToken));

        var results = new List<Setting>();
        foreach (var n in sequences)
        {
            var s = samples[n];
            var tokensDone = s[0].Tokens;
            var wall = Median(s.Select(x => x.Wall));
            var setting = new Setting(n, tokensDone, wall, tokensDone / wall, tokensDone / Median(s.Select(x => x.Cpu)), Median(s.Select(x => x.StepMs)));
            progress?.WriteLine($"  {n,3} sequences: {setting.TokensPerSecond,7:F0} tokens/s  {setting.TokensPerCpuSecond,7:F0} tokens/CPU-s  " +
                $"({tokensDone} tokens, median {wall * 1000:F0} ms of {rounds}, decode {setting.DecodeMsPerStep:F2} ms/step)");
            results.Add(setting);
        }
        return results;
    }

    private static string Filler(string head, int bytes)
    {
        var text = new System.Text.StringBuilder(head);
        for (var k = 0; text.Length < bytes; k++) text.Append(" word").Append(k % 97);
        return text.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<(double Wall, double Cpu, int Tokens, double StepMs)> RunOnce(
        LlamaTextGenerator generator, int n, Func<int, GenerationRequest> request, CancellationToken cancellationToken)
    {
        var before = generator.LoopTimes;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, n).Select(i => generator.GenerateAsync(request(i), cancellationToken)));
        var wall = clock.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var after = generator.LoopTimes;
        var stepMs = (after.Decode - before.Decode).TotalMilliseconds / Math.Max(1, after.Steps - before.Steps);
        return (wall, cpuSeconds, results.Sum(r => r.GeneratedTokens), stepMs);
    }
}
