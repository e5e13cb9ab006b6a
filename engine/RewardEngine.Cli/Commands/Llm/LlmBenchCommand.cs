using System.Globalization;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Models.Llm;

namespace RewardEngine.Cli.Commands.Llm;

/// <summary><c>reward llm bench</c>: aggregate tokens/s of the in-process backend at several batch widths.</summary>
public sealed class LlmBenchCommand : ICliCommand
{
    public string Name => "llm bench";
    public string Summary => "Measure batched generation throughput (tokens/s) of a GGUF at 1..N concurrent sequences";
    public string Usage =>
        "reward llm bench --model FILE.gguf [--sequences 1,4,16] [--tokens 64] [--rounds 3] [--threads N] [--batch-threads N] [--kv-unified] [--flash-attention auto|on|off]\n\n" +
        "  --model       GGUF to load (make one: reward models make-tiny --size bench --out DIR)\n" +
        "  --sequences   concurrent sequences per setting, comma-separated (default 1,4,16)\n" +
        "  --tokens      tokens generated per sequence (default 64)\n" +
        "  --rounds      rounds per setting, interleaved across settings; the median counts (default 3)\n" +
        "  --threads     llama.cpp threads for one-token steps (default: half the cores)\n" +
        "  --batch-threads  threads for multi-token steps (default: all cores)\n" +
        "  --kv-unified  one KV pool shared by all sequences instead of one per sequence\n" +
        "  --flash-attention  llama.cpp flash attention (default auto)";

    public async Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var model = args.Required("model");
        var sequences = ParseList(args.String("sequences") ?? "1,4,16");
        var tokens = args.Int("tokens", 64, 1, 4096);
        var rounds = args.Int("rounds", 3, 1, 100);
        var threads = args.Int("threads", 0, 0, 1024);
        var batchThreads = args.Int("batch-threads", 0, 0, 1024);
        var unified = args.Flag("kv-unified");
        bool? flash = args.Choice("flash-attention", "auto", "auto", "on", "off") switch { "on" => true, "off" => false, _ => null };
        args.EnsureAllUsed();

        Console.WriteLine($"llm bench: {Path.GetFileName(model)}, {tokens} tokens per sequence, {rounds} rounds, {Environment.ProcessorCount} cores");
        var results = await LlmThroughputBench.RunAsync(model, sequences, tokens, rounds,
            new LlmOptions { Threads = threads, BatchThreads = batchThreads, KvUnified = unified, FlashAttention = flash }, Console.Out, cancellationToken);
        var baseline = results.FirstOrDefault(r => r.Sequences == 1) ?? results[0];
        foreach (var r in results.Where(r => r != baseline))
            Console.WriteLine($"  {r.Sequences} vs {baseline.Sequences}: {r.TokensPerSecond / baseline.TokensPerSecond:F2}x aggregate tokens/s " +
                $"({r.TokensPerCpuSecond / baseline.TokensPerCpuSecond:F2}x tokens per CPU-second)");
        return 0;
    }

    private static List<int> ParseList(string s)
    {
        var list = new List<int>();
        foreach (var part in s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 64)
                throw new UsageException($"--sequences: expected numbers from 1 to 64 separated by commas, got '{s}'");
            list.Add(n);
        }
        return list.Count > 0 ? list : throw new UsageException("--sequences: no values given");
    }
}
