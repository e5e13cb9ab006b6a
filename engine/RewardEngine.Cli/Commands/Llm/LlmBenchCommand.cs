using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RewardEngine.Serialization;
using RewardEngine.Configuration;
using RewardEngine.Diagnostics;
using RewardEngine.Models.Llm;

namespace RewardEngine.Cli.Commands.Llm;

/// <summary><c>reward llm bench</c>: aggregate tokens/s of the in-process backend at several batch widths.</summary>
internal sealed class LlmBenchCommand : CliCommand
{
    private readonly Option<string> _model = CliOptions.Text("--model", "GGUF to load (make one: reward models make-tiny --size bench --out DIR)", "FILE.gguf", required: true);
    private readonly Option<string> _sequences = CliOptions.Text("--sequences", "concurrent sequences per setting, comma-separated (default 1,4,16)", "LIST");
    private readonly Option<int> _tokens = CliOptions.Int("--tokens", "tokens generated per sequence", 64, 1, 4096);
    private readonly Option<int> _promptBytes = CliOptions.Int("--prompt-bytes", "length of each sequence's prompt in characters (a judge's prompts are 650-1,000)", 0, 0, 16384);
    private readonly Option<int> _rounds = CliOptions.Int("--rounds", "rounds per setting, interleaved across settings; the median counts", 3, 1, 100);
    private readonly Option<int> _threads = CliOptions.Int("--threads", "llama.cpp threads for one-token steps (0: half the cores)", 0, 0, 1024);
    private readonly Option<int> _batchThreads = CliOptions.Int("--batch-threads", "threads for multi-token steps (0: all cores)", 0, 0, 1024);
    private readonly Option<bool> _kvUnified = CliOptions.Flag("--kv-unified", "one KV pool shared by all sequences instead of one per sequence");
    private readonly Option<string> _flash = CliOptions.Choice("--flash-attention", "llama.cpp flash attention", "auto", "auto", "on", "off");
    private readonly Option<bool> _json = CliOptions.Json();

    public override string Name => "llm bench";
    public override string Summary => "measure batched generation throughput (tokens/s) of a GGUF at 1..N concurrent sequences";
    public override IEnumerable<Symbol> Symbols => [_model, _sequences, _tokens, _promptBytes, _rounds, _threads, _batchThreads, _kvUnified, _flash, _json];

    public override async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var model = parse.GetValue(_model)!;
        var sequences = ParseList(parse.GetValue(_sequences) ?? "1,4,16");
        var tokens = parse.GetValue(_tokens);
        var rounds = parse.GetValue(_rounds);
        var threads = parse.GetValue(_threads);
        var batchThreads = parse.GetValue(_batchThreads);
        var unified = parse.GetValue(_kvUnified);
        bool? flash = parse.GetValue(_flash) switch { "on" => true, "off" => false, _ => null };
        var json = parse.GetValue(_json);

        // Progress and the human table go to stderr with --json, so stdout holds one JSON document.
        var report = json ? Console.Error : Console.Out;
        report.WriteLine($"llm bench: {Path.GetFileName(model)}, {tokens} tokens per sequence, {rounds} rounds, {Environment.ProcessorCount} cores");
        var results = await LlmThroughputBench.RunAsync(model, sequences, tokens, rounds,
            new LlmOptions { Threads = threads, BatchThreads = batchThreads, KvUnified = unified, FlashAttention = flash }, parse.GetValue(_promptBytes), report, cancellationToken);
        var baseline = results.FirstOrDefault(r => r.Sequences == 1) ?? results[0];
        foreach (var r in results.Where(r => r != baseline))
            report.WriteLine($"  {r.Sequences} vs {baseline.Sequences}: {r.TokensPerSecond / baseline.TokensPerSecond:F2}x aggregate tokens/s " +
                $"({r.TokensPerCpuSecond / baseline.TokensPerCpuSecond:F2}x tokens per CPU-second)");
        if (json) Console.WriteLine(JsonSerializer.Serialize(new { model, tokens, rounds, cores = Environment.ProcessorCount, results }, OutputJson.Indented));
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
