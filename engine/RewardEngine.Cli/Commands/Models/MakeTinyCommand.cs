using System.CommandLine;
using System.Diagnostics;
using RewardEngine.Models;

namespace RewardEngine.Cli.Commands.Models;

/// <summary><c>reward models make-tiny</c>: writes the tiny profile's models and config.</summary>
internal sealed class MakeTinyCommand : CliCommand
{
    private readonly Option<string> _out = CliOptions.Text("--out", "folder to write into (created if missing)", "DIR", required: true);
    private readonly Option<string> _size = CliOptions.Choice("--size", "tiny: ~0.5M-parameter LLM; bench: ~11M in F32 for throughput measurements (bench-q8, bench-f16, bench-q4: Q8_0, F16, Q4_0)", "tiny", "tiny", "bench", "bench-q8", "bench-f16", "bench-q4");
    private readonly Option<string> _corpus = CliOptions.Text("--kb-corpus", "JSONL passages {id,title,text} for DIR/kb.db (default: the repository's data/knowledge-sample.jsonl)", "F");

    public override string Name => "models make-tiny";
    public override string Summary => "write tiny test models (random weights, fixed seed) and a tiny-profile config";
    public override string? Details => "Writes DIR/tiny-llm.gguf, DIR/rm/ (an ONNX reward model), DIR/kb.db and DIR/tiny.json (profile tiny, deterministic router, judger weighted_sum).";
    public override IEnumerable<Symbol> Symbols => [_out, _size, _corpus];

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

    public override Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var outDir = parse.GetValue(_out)!;
        var size = parse.GetValue(_size)!;
        var corpus = parse.GetValue(_corpus) ?? DefaultCorpus();
        var clock = Stopwatch.StartNew();
        var result = TinyProfileWriter.Write(outDir, size, corpus);
        foreach (var f in result.Files) Console.WriteLine($"wrote {f} ({new FileInfo(f).Length:N0} bytes)");
        Console.WriteLine($"done in {clock.ElapsedMilliseconds} ms; use --config {result.ConfigPath}");
        return Task.FromResult(0);
    }
}
