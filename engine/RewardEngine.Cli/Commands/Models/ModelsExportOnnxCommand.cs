using System.CommandLine;
using RewardEngine.Models.RewardModels.Export;

namespace RewardEngine.Cli.Commands.Models;

/// <summary><c>reward models export-onnx</c>: a Hugging Face Llama reward model folder to the engine's ONNX format.</summary>
internal sealed class ModelsExportOnnxCommand : CliCommand
{
    private readonly Option<string> _hf = CliOptions.Text("--hf", "Hugging Face folder: config.json, model.safetensors (or shards), tokenizer.json (LlamaForSequenceClassification or ArmoRM)", "DIR", required: true);
    private readonly Option<string> _out = CliOptions.Text("--out", "where model.onnx, tokenizer.json, manifest.json and rm.json are written", "DIR", required: true);
    private readonly Option<string> _modelId = CliOptions.Text("--model-id", "name shown in rationales (default: the folder name)", "ID");
    private readonly Option<int> _maxLength = CliOptions.Int("--max-length", "truncate texts from the left to N tokens", 2048, 8);

    public override string Name => "models export-onnx";
    public override string Summary => "export a Hugging Face Llama reward model (safetensors) to ONNX + manifest + rm.json";
    public override IEnumerable<Symbol> Symbols => [_hf, _out, _modelId, _maxLength];

    public override Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var hf = parse.GetValue(_hf)!;
        var output = parse.GetValue(_out)!;
        var options = new RmExportOptions { ModelId = parse.GetValue(_modelId), MaxLength = parse.GetValue(_maxLength) };
        var result = HuggingFaceRmExporter.Export(hf, output, options);
        Console.WriteLine($"exported {result.Convention} reward model: {result.Model}");
        Console.WriteLine($"config: {result.RewardModelConfig}");
        return Task.FromResult(0);
    }
}
