using System.Diagnostics;
using RewardEngine.Models;

namespace RewardEngine.Cli.Commands.Models;

/// <summary><c>reward models make-tiny</c>: writes the tiny profile's models and config.</summary>
public sealed class MakeTinyCommand : ICliCommand
{
    public string Name => "models make-tiny";
    public string Summary => "Write tiny test models (random weights, fixed seed) and a tiny-profile config";
    public string Usage =>
        "reward models make-tiny --out DIR [--size tiny|bench]\n\n" +
        "  --out DIR     folder to write into (created if missing)\n" +
        "  --size        tiny: ~0.5M-parameter LLM (default); bench: ~11M in F32, for throughput measurements\n" +
        "                (bench-q8, bench-f16, bench-q4: the same model in Q8_0, F16 or Q4_0)\n\n" +
        "  --kb-corpus F  JSONL passages {id,title,text} for DIR/kb.db (default: the repository's data/knowledge-sample.jsonl)\n\n" +
        "Writes DIR/tiny-llm.gguf, DIR/rm/ (an ONNX reward model), DIR/kb.db and DIR/tiny.json (profile tiny, deterministic router, judger weighted_sum).";

    /// <summary>The sample corpus shipped with the repository, found beside the build output's repository root.</summary>
    internal static string? DefaultCorpus()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var f = Path.Combine(d.FullName, "data", "knowledge-sample.jsonl");
            if (File.Exists(f)) return f;
        }
        return null;
    }

    public Task<int> RunAsync(CliArgs args, CancellationToken cancellationToken)
    {
        var outDir = args.Required("out");
        var size = args.Choice("size", "tiny", "tiny", "bench", "bench-q8", "bench-f16", "bench-q4");
        var corpus = args.String("kb-corpus") ?? DefaultCorpus();
        args.EnsureAllUsed();
        var clock = Stopwatch.StartNew();
        var result = TinyProfileWriter.Write(outDir, size, corpus);
        foreach (var f in result.Files) Console.WriteLine($"wrote {f} ({new FileInfo(f).Length:N0} bytes)");
        Console.WriteLine($"done in {clock.ElapsedMilliseconds} ms; use --config {result.ConfigPath}");
        return Task.FromResult(0);
    }
}
